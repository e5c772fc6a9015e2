import { z } from 'zod';
import { escapeMarkdown } from '../cards/cardRenderer';
import { noticeCard } from '../cards/noticeCard';
import { ticketCard } from '../cards/ticketCard';
import { requireCollaboration } from '../collaboration/userTurn';
import { isDomainError } from '../domain/errors';
import { outcome, type Turn, type TurnOutcome } from '../flows/turn';
import { personalAddress } from '../messaging/conversationDirectory';
import { helpdeskTurn, USER_NOTICE_KIND, RELAY_KIND, TICKET_POST_KIND, TICKET_UPDATE_KIND } from './handoffDelivery';
import { activeTicketOf, createTicket, isActive, loadTicket, ticketOfThread, transitionTicket, type Ticket, type TicketStatus } from './ticket';
import { clearTranscript, loadTranscript } from './transcript';

/** "Talk to a person", any time and in any language: a ticket in the helpdesk channel. */
export async function requestHandoff(turn: Turn, fromCard = false): Promise<TurnOutcome> {
  const { services, identity, t } = turn;
  const c = services.collaboration;
  const show = (card: ReturnType<typeof noticeCard>, ...rest: ReturnType<typeof outcome.text>[]) => (fromCard ? outcome.update(card, ...rest) : outcome.reply(outcome.card(card), ...rest));
  if (!c || !c.helpdesk.enabled || identity.conversationType === 'channel') {
    return show(noticeCard(turn, { title: t('handoff.title'), paragraphs: [t('handoff.unavailable')] }));
  }
  const current = await activeTicketOf(services.store, identity.tenantId, identity.userId);
  if (current) {
    const key = current.status === 'assigned' ? 'handoff.alreadyAssigned' : 'handoff.alreadyOpen';
    return show(noticeCard(turn, { title: t('handoff.title'), paragraphs: [t(key, { name: escapeMarkdown(current.agent?.name ?? '') })] }));
  }
  if (!(await personalAddress(services.store, identity.tenantId, identity.userId))) {
    return show(noticeCard(turn, { title: t('handoff.title'), paragraphs: [t('handoff.unavailable')] }));
  }
  const tenantName = await services.billing.getAccount(identity.tenantId).then(
    (a) => a.displayName,
    (e: unknown) => {
      if (isDomainError(e, 'unknown_tenant')) return identity.tenantId;
      throw e;
    },
  );
  const transcript = (await loadTranscript(services.store, identity.tenantId, identity.userId)).entries;
  const now = services.now().toISOString();
  const ticket: Ticket = {
    id: services.newId(),
    tenantId: identity.tenantId,
    tenantName,
    requester: { userId: identity.userId, name: identity.userName, language: turn.language, conversationId: identity.conversationId },
    status: 'open',
    transcript,
    createdAt: now,
    updatedAt: now,
  };
  if (!(await createTicket(services.store, ticket))) {
    // Another request of this admin opened one a moment ago (double click): that one stands.
    return show(noticeCard(turn, { title: t('handoff.title'), paragraphs: [t('handoff.alreadyOpen', { name: '' })] }));
  }
  await clearTranscript(services.store, identity.tenantId, identity.userId);
  const postId = `${TICKET_POST_KIND}:${ticket.id}`;
  await c.outbox.enqueue(postId, TICKET_POST_KIND, { ticketId: ticket.id });
  await c.dispatcher.deliverNow([postId]);
  services.log.info({ ticketId: ticket.id, tenantId: ticket.tenantId, transcript: transcript.length }, 'helpdesk ticket opened');
  const result = show(noticeCard(turn, { title: t('handoff.title'), color: 'Accent', paragraphs: [t('handoff.requested'), t('handoff.howToEnd')] }));
  return { ...result, handoff: { ticketId: ticket.id, transcript } };
}

const ticketRef = z.object({ ticketId: z.string().uuid() });

/** Only people in the configured helpdesk channel act on tickets. */
function inHelpdeskChannel(turn: Turn): boolean {
  const c = turn.services.collaboration;
  return Boolean(c?.helpdesk.enabled && turn.identity.conversationId.split(';')[0] === c.helpdesk.channelId);
}

type AgentAction = 'assign' | 'resolve' | 'handBack';
const FROM: Record<AgentAction, TicketStatus[]> = { assign: ['open'], resolve: ['open', 'assigned'], handBack: ['assigned'] };
const TO: Record<AgentAction, TicketStatus> = { assign: 'assigned', resolve: 'resolved', handBack: 'handedBack' };
const TOLD: Record<AgentAction, string> = { assign: 'handoff.assigned', resolve: 'handoff.resolved', handBack: 'handoff.handedBack' };

async function agentAction(turn: Turn, data: unknown, action: AgentAction | 'refresh'): Promise<TurnOutcome> {
  const { services, identity, t } = turn;
  const { ticketId } = ticketRef.parse(data);
  if (!inHelpdeskChannel(turn)) {
    return outcome.update(noticeCard(turn, { title: t('refusal.title'), color: 'Attention', paragraphs: [t('ticket.notHelpdesk')] }));
  }
  const existing = await loadTicket(services.store, ticketId);
  if (!existing) return outcome.update(noticeCard(turn, { title: t('expired.title'), paragraphs: [t('expired.text')] }));
  if (action === 'refresh') return outcome.update(ticketCard(turn, existing));
  const { ticket, won } = await transitionTicket(
    services.store,
    ticketId,
    FROM[action],
    (tk) => ({ ...tk, status: TO[action], agent: action === 'assign' ? { userId: identity.userId, name: identity.userName } : tk.agent }),
    services.now(),
  );
  if (!won || !ticket) return outcome.update(ticketCard(turn, (await loadTicket(services.store, ticketId)) ?? existing));
  const c = requireCollaboration(services);
  const noticeId = `${USER_NOTICE_KIND}:${ticket.id}:${action}`;
  await c.outbox.enqueue(noticeId, USER_NOTICE_KIND, {
    tenantId: ticket.tenantId,
    userId: ticket.requester.userId,
    name: ticket.requester.name,
    language: ticket.requester.language,
    key: TOLD[action],
    vars: { name: identity.userName },
  });
  c.dispatcher.kick();
  services.log.info({ ticketId, action }, 'helpdesk ticket changed');
  return outcome.update(ticketCard(turn, ticket));
}

export const handoffVerbs = {
  'handoff.request': (turn: Turn) => requestHandoff(turn, true),
  'ticket.assign': (turn: Turn, data: unknown) => agentAction(turn, data, 'assign'),
  'ticket.resolve': (turn: Turn, data: unknown) => agentAction(turn, data, 'resolve'),
  'ticket.handBack': (turn: Turn, data: unknown) => agentAction(turn, data, 'handBack'),
  'ticket.refresh': (turn: Turn, data: unknown) => agentAction(turn, data, 'refresh'),
};

/** The admin ends the conversation with the helpdesk ("back to the bot"). */
export async function endHandoff(turn: Turn): Promise<TurnOutcome | undefined> {
  const { services, identity, t } = turn;
  const current = await activeTicketOf(services.store, identity.tenantId, identity.userId);
  if (!current) return undefined;
  const { ticket, won } = await transitionTicket(services.store, current.id, ['open', 'assigned'], (tk) => ({ ...tk, status: 'cancelled' }), services.now());
  if (won && ticket) {
    const c = requireCollaboration(services);
    await c.outbox.rearm(`${TICKET_UPDATE_KIND}:${ticket.id}`, TICKET_UPDATE_KIND, { ticketId: ticket.id });
    if (ticket.thread) {
      const helpdesk = await helpdeskTurn(services);
      await c.outbox.enqueue(`${RELAY_KIND}:${ticket.id}:ended`, RELAY_KIND, { ticketId: ticket.id, to: 'agent', text: helpdesk.t('handoff.requesterEnded', { name: ticket.requester.name }), raw: true });
    }
    c.dispatcher.kick();
  }
  return outcome.reply(outcome.text(t('handoff.backWithBot')));
}

/**
 * While a person holds the admin's conversation, the admin's messages go to the ticket's thread
 * and the bot stays quiet (commands aside). Returns undefined when the bot should answer itself.
 */
export async function relayFromRequester(turn: Turn, text: string): Promise<TurnOutcome | undefined> {
  const { services, identity } = turn;
  const ticket = await activeTicketOf(services.store, identity.tenantId, identity.userId);
  if (!ticket || ticket.status !== 'assigned') return undefined;
  const c = requireCollaboration(services);
  const id = `${RELAY_KIND}:${identity.conversationId}:${identity.activityId ?? services.newId()}`;
  await c.outbox.enqueue(id, RELAY_KIND, { ticketId: ticket.id, to: 'agent', fromName: identity.userName, text: text.slice(0, 2000) });
  await c.dispatcher.deliverNow([id]);
  return { replies: [] };
}

/**
 * A message in the helpdesk channel. In a ticket's thread, from the agent holding it: relayed to the
 * admin. Elsewhere in the channel the bot says nothing (the channel is for people).
 */
export async function relayFromHelpdesk(turn: Turn, text: string): Promise<TurnOutcome | undefined> {
  if (!inHelpdeskChannel(turn)) return undefined;
  const { services, identity, t } = turn;
  const ticket = await ticketOfThread(services.store, identity.conversationId);
  if (!ticket) return { replies: [] };
  if (!isActive(ticket)) return outcome.reply(outcome.text(t('ticket.closedThread')));
  if (ticket.status !== 'assigned') return outcome.reply(outcome.text(t('ticket.assignFirst', { name: escapeMarkdown(ticket.requester.name) })));
  // Colleagues may talk in the thread; only the agent holding the ticket speaks to the requester.
  if (ticket.agent?.userId !== identity.userId) return outcome.reply(outcome.text(t('ticket.onlyAssignedAgent', { name: escapeMarkdown(ticket.agent?.name ?? '') })));
  const c = requireCollaboration(services);
  const id = `${RELAY_KIND}:${identity.conversationId}:${identity.activityId ?? services.newId()}`;
  await c.outbox.enqueue(id, RELAY_KIND, { ticketId: ticket.id, to: 'requester', fromName: identity.userName, text: text.slice(0, 2000) });
  await c.dispatcher.deliverNow([id]);
  return { replies: [] };
}

const statusSchema = z.object({ state: z.enum(['accepted', 'failed', 'completed']), message: z.string().max(500).optional() });

/** A Bot Framework handoff.status event from an agent hub, for the admin's open ticket. */
export async function handoffStatus(turn: Turn, value: unknown): Promise<TurnOutcome> {
  const { services, identity, t } = turn;
  const parsed = statusSchema.safeParse(value);
  if (!parsed.success) return { replies: [] };
  const current = await activeTicketOf(services.store, identity.tenantId, identity.userId);
  if (!current) return { replies: [] };
  const hub = t('handoff.agentHub');
  const { state } = parsed.data;
  if (state === 'failed') return outcome.reply(outcome.text(t('handoff.hubFailed')));
  const { won } = await transitionTicket(
    services.store,
    current.id,
    state === 'accepted' ? ['open'] : ['open', 'assigned'],
    (tk) => (state === 'accepted' ? { ...tk, status: 'assigned', agent: { userId: 'agent-hub', name: hub } } : { ...tk, status: 'handedBack' }),
    services.now(),
  );
  if (!won) return { replies: [] };
  const c = requireCollaboration(services);
  await c.outbox.rearm(`${TICKET_UPDATE_KIND}:${current.id}`, TICKET_UPDATE_KIND, { ticketId: current.id });
  c.dispatcher.kick();
  return outcome.reply(outcome.text(t(state === 'accepted' ? 'handoff.assigned' : 'handoff.handedBack', { name: hub })));
}
