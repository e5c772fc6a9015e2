import type { AdaptiveCard, Reply } from '../domain/reply';
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
  /** The activity the user acted on (for a card action: the card's message id, to update it later). */
  replyToId?: string;
  /** Id of the incoming activity (a Teams retry repeats it): makes relayed messages idempotent. */
  activityId?: string;
  /** 'personal', 'channel' or 'groupChat'. */
  conversationType?: string;
}

export type { Reply };

/** What a turn produces: new messages, and for card actions the card that replaces the clicked one. */
export interface TurnOutcome {
  replies: Reply[];
  /** Replaces the card the user acted on (Universal Actions invoke response). */
  updatedCard?: AdaptiveCard;
  /** Short acknowledgement shown when a card action does not replace the card. */
  ack?: string;
  /** The request was refused by a rule or a missing role: the bot offers a person (helpdesk). */
  blocked?: boolean;
  /** A helpdesk ticket was opened: the host also emits the Bot Framework handoff.initiate event. */
  handoff?: HandoffRequest;
}

export interface HandoffRequest {
  ticketId: string;
  /** Bounded transcript, oldest first: who said what (no tokens or card payloads). */
  transcript: { from: 'user' | 'bot'; text: string; at: string }[];
}

/** Everything a flow needs for one turn: typed, built once per turn by the router. */
export interface Turn {
  identity: TurnIdentity;
  language: Language;
  t: Translate;
  services: FlowServices;
  /**
   * Resolves once this turn's answer has left the bot (the HTTP response to Teams is written). Work
   * that later updates the same card waits for it, so the update cannot overtake the answer. Absent
   * on turns the bot starts itself (proactive messages), which answer nobody.
   */
  answered?: Promise<void>;
}

export const outcome = {
  reply: (...replies: Reply[]): TurnOutcome => ({ replies }),
  card: (card: AdaptiveCard): Reply => ({ kind: 'card', card }),
  text: (text: string): Reply => ({ kind: 'text', text }),
  update: (card: AdaptiveCard, ...replies: Reply[]): TurnOutcome => ({ updatedCard: card, replies }),
  /** Refused by a rule or a missing role: the same replies, and the helpdesk is offered. */
  blocked: (...replies: Reply[]): TurnOutcome => ({ replies, blocked: true }),
};
