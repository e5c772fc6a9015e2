import type { AdaptiveCard } from '../cards/cardRenderer';
import { type Turn, type TurnOutcome } from '../flows/turn';
import { endHandoff, handoffVerbs, relayFromHelpdesk, relayFromRequester } from '../handoff/handoffFlows';
import { activeTicketOf } from '../handoff/ticket';
import { answerKind, recordExchange, resetFailures } from '../handoff/transcript';
import { offerVerbs, sendOffer } from '../offers/offerFlows';
import { partnerVerbs, registerPartner } from '../partners/partnerActions';
import { parseCollaborationCommand } from './commands';

/** Card verbs of partners, offers and the helpdesk, merged into the router's verb table. */
export const collaborationVerbs: Record<string, (turn: Turn, data: unknown) => Promise<TurnOutcome>> = {
  ...partnerVerbs,
  ...offerVerbs,
  ...handoffVerbs,
};

/**
 * Runs before the admin request parser: helpdesk threads, partner commands, and the relay of an
 * admin's messages while a person holds the conversation. Undefined: the bot answers as usual.
 */
export async function interceptMessage(turn: Turn, text: string): Promise<TurnOutcome | undefined> {
  if (!turn.services.collaboration) return undefined;
  if (turn.identity.conversationType === 'channel') {
    const inChannel = await relayFromHelpdesk(turn, text);
    if (inChannel) return inChannel;
  }
  const command = parseCollaborationCommand(text);
  if (command?.kind === 'endHandoff') {
    const ended = await endHandoff(turn);
    if (ended) return ended;
  }
  if (command?.kind === 'registerPartner') return registerPartner(turn, command.partnerId);
  if (command?.kind === 'sendOffer') return sendOffer(turn, command);
  return relayFromRequester(turn, text);
}

/**
 * After the bot answered in a personal chat: keeps the bounded transcript a ticket would carry,
 * and offers a person when the request was blocked, or failed twice in a row.
 */
export async function afterTurn(turn: Turn, input: string, result: TurnOutcome): Promise<TurnOutcome> {
  const c = turn.services.collaboration;
  const { identity, services, t } = turn;
  // Nothing answered (a message relayed to the helpdesk): nothing for the transcript either.
  const answered = result.replies.length > 0 || Boolean(result.updatedCard);
  if (!c || identity.conversationType === 'channel' || result.handoff || !answered) return result;
  const record = await recordExchange(services.store, identity, input, result, c.helpdesk.transcriptSize, services.now().toISOString());
  if (!c.helpdesk.enabled) return result;
  const blocked = answerKind(result) === 'blocked';
  if (!blocked && record.failures < 2) return result;
  if (await activeTicketOf(services.store, identity.tenantId, identity.userId)) return result;
  await resetFailures(services.store, identity.tenantId, identity.userId);
  // The offer rides on the card that explained the problem: a "Talk to a person" button on it.
  return withHandoffButton(result, t('handoff.offerButton'));
}

function withHandoffButton(result: TurnOutcome, title: string): TurnOutcome {
  const button = { type: 'Action.Execute', title, verb: 'handoff.request', data: { verb: 'handoff.request' } };
  const add = (card: AdaptiveCard): AdaptiveCard => ({ ...card, actions: [...((card.actions as unknown[]) ?? []), button] });
  // The card that explained the problem: the last one of a blocked answer, else the first failure card.
  const index = result.blocked
    ? result.replies.map((r) => r.kind).lastIndexOf('card')
    : result.replies.findIndex((r) => r.kind === 'card' && answerKind({ replies: [r] }) !== 'ok');
  if (index >= 0) {
    const replies = result.replies.map((r, i) => (i === index && r.kind === 'card' ? { kind: 'card' as const, card: add(r.card) } : r));
    return { ...result, replies };
  }
  return result.updatedCard ? { ...result, updatedCard: add(result.updatedCard) } : result;
}
