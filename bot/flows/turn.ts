import type { AdaptiveCard } from '../cards/cardRenderer';
import type { Language, Translate } from '../i18n/i18n';
import type { FlowServices } from './services';

/** Who is talking and where, as taken from the incoming Teams activity (never from card data). */
export interface TurnIdentity {
  tenantId: string;
  userId: string;
  userName: string;
  conversationId: string;
  /** Teams locale of the activity, often missing on install events. */
  locale?: string;
  /** Activity id of the card a card action came from (invoke replyToId): lets a late outcome update that card. */
  replyToId?: string;
}

export type Reply = { kind: 'text'; text: string } | { kind: 'card'; card: AdaptiveCard };

/** What a turn produces: new messages, and for card actions the card that replaces the clicked one. */
export interface TurnOutcome {
  replies: Reply[];
  /** Replaces the card the user acted on (Universal Actions invoke response). */
  updatedCard?: AdaptiveCard;
  /** Short acknowledgement shown when a card action does not replace the card. */
  ack?: string;
}

/** Everything a flow needs for one turn: typed, built once per turn by the router. */
export interface Turn {
  identity: TurnIdentity;
  language: Language;
  t: Translate;
  services: FlowServices;
}

export const outcome = {
  reply: (...replies: Reply[]): TurnOutcome => ({ replies }),
  card: (card: AdaptiveCard): Reply => ({ kind: 'card', card }),
  text: (text: string): Reply => ({ kind: 'text', text }),
  update: (card: AdaptiveCard, ...replies: Reply[]): TurnOutcome => ({ updatedCard: card, replies }),
};
