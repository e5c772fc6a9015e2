import { escapeMarkdown } from '../cards/cardRenderer';
import { ticketCard } from '../cards/ticketCard';
import { requireCollaboration, turnForUser } from '../collaboration/userTurn';
import type { FlowServices } from '../flows/services';
import type { Turn } from '../flows/turn';
import type { Language } from '../i18n/i18n';
import { DeliveryError } from '../messaging/messenger';
import { personalAddress } from '../messaging/conversationDirectory';
import type { Delivery } from '../outbox/dispatcher';
import type { OutboxRecord } from '../outbox/outbox';
import { indexThread, loadTicket, transitionTicket } from './ticket';

export const TICKET_POST_KIND = 'ticket.post';
export const TICKET_UPDATE_KIND = 'ticket.update';
export const RELAY_KIND = 'relay';
export const USER_NOTICE_KIND = 'user.notice';

/** The helpdesk reads the bot's default language (a channel has no single user's preference). */
export async function helpdeskTurn(services: FlowServices): Promise<Turn> {
  const language = services.defaultLanguage;
  return { identity: { tenantId: '', userId: '', userName: '', conversationId: '' }, language, t: services.localizer.t(language), services };
}

/** Posts the ticket card as a new thread in the helpdesk channel and remembers the thread. */
export async function postTicket(services: FlowServices, record: OutboxRecord): Promise<Delivery> {
  const c = requireCollaboration(services);
  const { ticketId } = record.payload as { ticketId: string };
  const ticket = await loadTicket(services.store, ticketId);
  if (!ticket) return { status: 'unreachable', reason: 'no_ticket' };
  if (ticket.thread) return { status: 'sent', activityIds: [ticket.thread.rootActivityId] };
  // The channel is reached on the same service URL as the requester's chat (one per region).
  const base = await personalAddress(services.store, ticket.tenantId, ticket.requester.userId);
  if (!base) return { status: 'unreachable', reason: 'no_address' };
  const channelAddress = c.channels.channel(base, c.helpdesk.teamId, c.helpdesk.channelId, c.helpdesk.tenantId);
  const [rootActivityId] = await services.messenger.send(channelAddress, [{ kind: 'card', card: ticketCard(await helpdeskTurn(services), ticket) }]);
  if (!rootActivityId) throw new DeliveryError('failed', 'The channel returned no message id');
  const address = c.channels.thread(channelAddress, rootActivityId);
  await transitionTicket(services.store, ticket.id, ['open', 'assigned', 'resolved', 'handedBack', 'cancelled'], (tk) => ({ ...tk, thread: { address, rootActivityId, channelAddress } }), services.now());
  await indexThread(services.store, address.conversationId, ticket.id);
  return { status: 'sent', activityIds: [rootActivityId] };
}

/** Shows the ticket's current state on its card in the channel (after a change made outside the card). */
export async function updateTicket(services: FlowServices, record: OutboxRecord): Promise<Delivery> {
  const { ticketId } = record.payload as { ticketId: string };
  const ticket = await loadTicket(services.store, ticketId);
  if (!ticket?.thread) throw new DeliveryError('failed', 'Ticket not posted yet');
  await services.messenger.updateCard(ticket.thread.channelAddress, ticket.thread.rootActivityId, ticketCard(await helpdeskTurn(services), ticket));
  return { status: 'sent', activityIds: [ticket.thread.rootActivityId] };
}

interface RelayPayload {
  ticketId: string;
  to: 'agent' | 'requester';
  fromName?: string;
  text: string;
  /** Already worded for the recipient (a notice from the bot, not someone's message). */
  raw?: boolean;
}

/** One message from the admin to the ticket's thread, or from the agent to the admin's chat. */
export async function relayMessage(services: FlowServices, record: OutboxRecord): Promise<Delivery> {
  const p = record.payload as RelayPayload;
  const ticket = await loadTicket(services.store, p.ticketId);
  if (!ticket) return { status: 'unreachable', reason: 'no_ticket' };
  if (p.to === 'agent') {
    // Posted in a moment by the ticket.post record: wait for it rather than lose the message.
    if (!ticket.thread) throw new DeliveryError('failed', 'Ticket not posted yet');
    const t = (await helpdeskTurn(services)).t;
    const text = p.raw ? p.text : t('handoff.fromRequester', { name: p.fromName ?? '', text: p.text });
    return { status: 'sent', activityIds: await services.messenger.send(ticket.thread.address, [{ kind: 'text', text }]) };
  }
  const address = await personalAddress(services.store, ticket.tenantId, ticket.requester.userId);
  if (!address) return { status: 'unreachable', reason: 'no_address' };
  const turn = await turnForUser(services, { tenantId: ticket.tenantId, userId: ticket.requester.userId, name: ticket.requester.name, language: ticket.requester.language });
  const text = p.raw ? p.text : turn.t('handoff.fromAgent', { name: p.fromName ?? '', text: p.text });
  return { status: 'sent', activityIds: await services.messenger.send(address, [{ kind: 'text', text }]) };
}

interface NoticePayload {
  tenantId: string;
  userId: string;
  name?: string;
  language?: Language;
  key: string;
  vars?: Record<string, string>;
}

/** A short text to one user, worded in their language when it is delivered. */
export async function userNotice(services: FlowServices, record: OutboxRecord): Promise<Delivery> {
  const p = record.payload as NoticePayload;
  const address = await personalAddress(services.store, p.tenantId, p.userId);
  if (!address) return { status: 'unreachable', reason: 'no_address' };
  const turn = await turnForUser(services, { tenantId: p.tenantId, userId: p.userId, name: p.name, language: p.language });
  return { status: 'sent', activityIds: await services.messenger.send(address, [{ kind: 'text', text: turn.t(p.key, escapedVars(p.vars)) }]) };
}

/** Names in a notice come from backends and users; Teams renders text messages as markdown. */
function escapedVars(vars: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, escapeMarkdown(v)]));
}

/**
 * A ticket the helpdesk channel never received (bot not in the team, channel gone, gave up after
 * retries) must not leave the admin waiting: the ticket is cancelled and the admin told to try another way.
 */
export async function onTicketPostSettled(services: FlowServices, record: OutboxRecord): Promise<void> {
  if (record.kind !== TICKET_POST_KIND || (record.status !== 'unreachable' && record.status !== 'failed')) return;
  const { ticketId } = record.payload as { ticketId: string };
  const { ticket, won } = await transitionTicket(services.store, ticketId, ['open'], (tk) => ({ ...tk, status: 'cancelled' }), services.now());
  if (!won || !ticket) return;
  services.log.error({ ticketId, reason: record.reason }, 'helpdesk channel unreachable: ticket cancelled');
  const c = requireCollaboration(services);
  const noticeId = `${USER_NOTICE_KIND}:${ticketId}:postFailed`;
  await c.outbox.enqueue(noticeId, USER_NOTICE_KIND, {
    tenantId: ticket.tenantId,
    userId: ticket.requester.userId,
    name: ticket.requester.name,
    language: ticket.requester.language,
    key: 'handoff.postFailed',
  } satisfies NoticePayload);
  c.dispatcher.kick();
}
