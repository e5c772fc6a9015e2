import { escapeMarkdown } from '../cards/cardRenderer';
import { partnerNoticeCard } from '../cards/partnerNoticeCard';
import { resultCard } from '../cards/resultCard';
import { putOnce } from '../collaboration/putOnce';
import { requireCollaboration, shortUtc, turnForUser } from '../collaboration/userTurn';
import { loadDraft, type ChangeDraft } from '../flows/draft';
import type { FlowServices } from '../flows/services';
import type { Turn } from '../flows/turn';
import { conversationAddress, personalAddress } from '../messaging/conversationDirectory';
import type { Delivery, DeliveryContext } from '../outbox/dispatcher';
import type { OutboxRecord } from '../outbox/outbox';
import { concernedPartners, loadPartnerChange, savePartnerChange, type ConcernedPartner, type PartnerChange } from './partnerChange';
import { registrationOf } from './partnerRegistry';

export const NOTIFY_KIND = 'partner.notify';
export const REFRESH_KIND = 'partner.adminRefresh';
const notifyId = (changeId: string, partnerId: string) => `${NOTIFY_KIND}:${changeId}:${partnerId}`;
const refreshId = (changeId: string) => `${REFRESH_KIND}:${changeId}`;
const ackKey = (changeId: string, partnerId: string) => `partnerack:${changeId}:${partnerId}`;

export interface PartnerAck {
  by: string;
  at: string;
}

/**
 * Called once after a change was applied: records which partners are concerned, queues one
 * confirmation per registered partner (idempotent per change and partner), tries to deliver them
 * now, and returns the lines the admin's result card shows about each partner.
 */
export async function notifyPartners(turn: Turn, draft: ChangeDraft): Promise<string[]> {
  const { services, identity } = turn;
  const collaboration = services.collaboration;
  if (!collaboration) return [];
  const partners = concernedPartners(draft);
  if (partners.length === 0) return [];
  const account = await services.billing.getAccount(draft.tenantId);
  const { change, grown } = await savePartnerChange(services.store, {
    changeId: draft.id,
    tenantId: draft.tenantId,
    customerName: account.displayName,
    at: draft.updatedAt,
    byName: draft.appliedBy?.name ?? identity.userName,
    admin: { userId: identity.userId, name: identity.userName, language: turn.language, conversationId: identity.conversationId, resultActivityId: identity.replyToId },
    partners: await Promise.all(partners.map(async (p) => ({ ...p, registered: Boolean(await registrationOf(services.store, p.partnerId)) }))),
  });
  const ids: string[] = [];
  for (const p of change.partners.filter((x) => x.registered)) {
    const id = notifyId(change.changeId, p.partnerId);
    const payload = { changeId: change.changeId, partnerId: p.partnerId };
    // Queued once per change and partner; sent again only when a Retry added subscriptions for it.
    if (grown.includes(p.partnerId)) await collaboration.outbox.rearm(id, NOTIFY_KIND, payload);
    else await collaboration.outbox.enqueue(id, NOTIFY_KIND, payload);
    ids.push(id);
  }
  await collaboration.dispatcher.deliverNow(ids);
  return partnerStatusLines(turn, change);
}

type PartnerStatus = 'not_registered' | 'sending' | 'notified' | 'acknowledged' | 'blocked' | 'no_address' | 'failed';

async function statusOf(services: FlowServices, change: PartnerChange, p: ConcernedPartner): Promise<{ status: PartnerStatus; ack?: PartnerAck }> {
  if (!p.registered) return { status: 'not_registered' };
  const ack = (await services.store.get<PartnerAck>(ackKey(change.changeId, p.partnerId)))?.value;
  if (ack) return { status: 'acknowledged', ack };
  const record = await requireCollaboration(services).outbox.get(notifyId(change.changeId, p.partnerId));
  switch (record?.status) {
    case 'sent':
      return { status: 'notified' };
    case 'unreachable':
      return { status: record.reason === 'no_address' ? 'no_address' : 'blocked' };
    case 'failed':
      return { status: 'failed' };
    default:
      return { status: 'sending' };
  }
}

/** One line per partner for the admin: notified, acknowledged, or not reached and what to do then. */
export async function partnerStatusLines(turn: Turn, change: PartnerChange): Promise<string[]> {
  const lines: string[] = [];
  for (const p of change.partners) {
    const { status, ack } = await statusOf(turn.services, change, p);
    const partner = escapeMarkdown(p.name);
    lines.push(turn.t(`partnerStatus.${status}`, { partner, id: p.partnerId, name: escapeMarkdown(ack?.by ?? ''), when: ack ? shortUtc(ack.at) : '' }));
  }
  return lines;
}

/** Outbox handler: the confirmation card to the partner's registered contact, in the contact's language. */
export async function deliverPartnerNotice(services: FlowServices, record: OutboxRecord): Promise<Delivery> {
  const { changeId, partnerId } = record.payload as { changeId: string; partnerId: string };
  const change = await loadPartnerChange(services.store, changeId);
  const partner = change?.partners.find((p) => p.partnerId === partnerId);
  const registration = await registrationOf(services.store, partnerId);
  if (!change || !partner || !registration) return { status: 'unreachable', reason: 'not_registered' };
  const address = await personalAddress(services.store, registration.tenantId, registration.userId);
  if (!address) return { status: 'unreachable', reason: 'no_address' };
  const turn = await turnForUser(services, { tenantId: registration.tenantId, userId: registration.userId, name: registration.userName, language: registration.language });
  const activityIds = await services.messenger.send(address, [{ kind: 'card', card: partnerNoticeCard(turn, change, partner) }]);
  return { status: 'sent', activityIds };
}

/** Outbox handler: re-renders the admin's result card in place with the partners' current status. */
export async function refreshAdminResult(services: FlowServices, record: OutboxRecord): Promise<Delivery> {
  const { changeId } = record.payload as { changeId: string };
  const change = await loadPartnerChange(services.store, changeId);
  const draft = await loadDraft(services.store, changeId);
  if (!change || !draft || !change.admin.resultActivityId) return { status: 'sent', activityIds: [] };
  const address = (await conversationAddress(services.store, change.admin.conversationId)) ?? (await personalAddress(services.store, change.tenantId, change.admin.userId));
  if (!address) return { status: 'unreachable', reason: 'no_address' };
  const turn = await turnForUser(services, { tenantId: change.tenantId, userId: change.admin.userId, name: change.admin.name, language: change.admin.language });
  await services.messenger.updateCard(address, change.admin.resultActivityId, resultCard(turn, draft, await partnerStatusLines(turn, change)));
  return { status: 'sent', activityIds: [change.admin.resultActivityId] };
}

/** After a background delivery settles, the admin's card shows the new status. */
export async function onPartnerNoticeSettled(services: FlowServices, record: OutboxRecord, context: DeliveryContext): Promise<void> {
  if (record.kind !== NOTIFY_KIND || context.inline) return;
  await requestAdminRefresh(services, (record.payload as { changeId: string }).changeId);
}

export async function requestAdminRefresh(services: FlowServices, changeId: string): Promise<void> {
  const c = requireCollaboration(services);
  await c.outbox.rearm(refreshId(changeId), REFRESH_KIND, { changeId });
  c.dispatcher.kick();
}

export async function loadAck(services: FlowServices, changeId: string, partnerId: string): Promise<PartnerAck | undefined> {
  return (await services.store.get<PartnerAck>(ackKey(changeId, partnerId)))?.value;
}

/** The first acknowledgement wins; a second click sees it. */
export async function saveAck(services: FlowServices, changeId: string, partnerId: string, ack: PartnerAck): Promise<PartnerAck> {
  return putOnce(services.store, ackKey(changeId, partnerId), ack);
}
