import type { Language } from '../i18n/i18n';
import { ConcurrencyError, transitionRecord, type Store } from '../storage/store';
import type { ConversationAddress } from '../messaging/messenger';
import type { TranscriptEntry } from './transcript';

export type TicketStatus = 'open' | 'assigned' | 'resolved' | 'handedBack' | 'cancelled';

/** A request for a person, kept durably: a restart loses no ticket. */
export interface Ticket {
  id: string;
  tenantId: string;
  tenantName: string;
  requester: { userId: string; name: string; language: Language; conversationId: string };
  status: TicketStatus;
  agent?: { userId: string; name: string };
  /** The admin's and the bot's last messages when the ticket was opened (bounded, text only). */
  transcript: TranscriptEntry[];
  /** The ticket's thread in the helpdesk channel, once posted. */
  thread?: { address: ConversationAddress; rootActivityId: string; channelAddress: ConversationAddress };
  createdAt: string;
  updatedAt: string;
}

export const isActive = (t: Ticket) => t.status === 'open' || t.status === 'assigned';

const K = {
  ticket: (id: string) => `ticket:id:${id}`,
  active: (tenantId: string, userId: string) => `ticket:active:${tenantId}:${userId}`,
  thread: (conversationId: string) => `ticket:thread:${conversationId}`,
};

export async function loadTicket(store: Store, id: string): Promise<Ticket | undefined> {
  return (await store.get<Ticket>(K.ticket(id)))?.value;
}

/**
 * Creates the ticket and makes it the requester's active one, unless another active ticket holds that
 * slot (two "talk to a person" clicks at once open one ticket). Returns false when it lost.
 */
export async function createTicket(store: Store, ticket: Ticket): Promise<boolean> {
  await store.put(K.ticket(ticket.id), ticket, { ifAbsent: true });
  const slot = K.active(ticket.tenantId, ticket.requester.userId);
  try {
    const held = await store.get<{ ticketId: string }>(slot);
    const holder = held ? await loadTicket(store, held.value.ticketId) : undefined;
    if (holder && isActive(holder)) throw new ConcurrencyError(slot);
    await store.put(slot, { ticketId: ticket.id }, held ? { etag: held.etag } : { ifAbsent: true });
    return true;
  } catch (e) {
    if (!(e instanceof ConcurrencyError)) throw e;
    await store.delete(K.ticket(ticket.id));
    return false;
  }
}

/** The requester's open or assigned ticket, if any. */
export async function activeTicketOf(store: Store, tenantId: string, userId: string): Promise<Ticket | undefined> {
  const ref = (await store.get<{ ticketId: string }>(K.active(tenantId, userId)))?.value;
  const ticket = ref ? await loadTicket(store, ref.ticketId) : undefined;
  return ticket && isActive(ticket) ? ticket : undefined;
}

export async function ticketOfThread(store: Store, conversationId: string): Promise<Ticket | undefined> {
  const ref = (await store.get<{ ticketId: string }>(K.thread(conversationId)))?.value;
  return ref ? loadTicket(store, ref.ticketId) : undefined;
}

export async function indexThread(store: Store, conversationId: string, ticketId: string): Promise<void> {
  await store.put(K.thread(conversationId), { ticketId });
}

/**
 * Changes a ticket only from the given statuses (eTag-guarded): two agents clicking Assign at
 * once, one wins. Closing a ticket frees the requester for a new one.
 */
export async function transitionTicket(
  store: Store,
  id: string,
  from: TicketStatus[],
  change: (t: Ticket) => Ticket,
  now: Date,
): Promise<{ ticket: Ticket | undefined; won: boolean }> {
  const { value: ticket, won } = await transitionRecord<Ticket>(store, K.ticket(id), from, change, now);
  if (won && ticket && !isActive(ticket)) await releaseSlot(store, ticket);
  return { ticket, won };
}

/** Frees the requester for a new ticket, only if the slot still names this one. */
async function releaseSlot(store: Store, ticket: Ticket): Promise<void> {
  const slot = K.active(ticket.tenantId, ticket.requester.userId);
  const held = await store.get<{ ticketId: string }>(slot);
  if (held?.value.ticketId !== ticket.id) return;
  try {
    await store.delete(slot, held.etag);
  } catch (e) {
    if (!(e instanceof ConcurrencyError)) throw e; // taken by a newer ticket meanwhile: leave it
  }
}
