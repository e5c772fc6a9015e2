import { z } from 'zod';
import { escapeMarkdown } from '../cards/cardRenderer';
import { list, noticeCard } from '../cards/noticeCard';
import { offerCard } from '../cards/offerCard';
import { requireCollaboration, shortUtc, turnForUser } from '../collaboration/userTurn';
import { isDomainError } from '../domain/errors';
import type { Subscription, TenantAccount } from '../domain/types';
import { subscriptionProblem } from '../billing/partnerRules';
import { roleRefusal } from '../flows/notices';
import { checkAccess } from '../flows/permissions';
import type { FlowServices } from '../flows/services';
import { outcome, type Reply, type Turn, type TurnOutcome } from '../flows/turn';
import { personalAddress, personalAddressesOfTenant } from '../messaging/conversationDirectory';
import type { Delivery } from '../outbox/dispatcher';
import type { OutboxRecord } from '../outbox/outbox';
import { USER_NOTICE_KIND } from '../handoff/handoffDelivery';
import { registrationOf, registrationOfUser } from '../partners/partnerRegistry';
import { createOffer, isExpired, loadOffer, openOffersFor, transitionOffer, type Offer } from './offer';

export const OFFER_DELIVER_KIND = 'offer.deliver';
/** The trial a demo offer comes with ("send offer … with trial"). */
const DEMO_TRIAL = { name: 'Office 365 E3 Trial', skuPartNumber: 'ENTERPRISEPACK', licenses: 25 };

/** "send offer to tenant <id> [with trial]": a registered partner offers itself to a 21Vianet customer. */
export async function sendOffer(turn: Turn, command: { tenantId?: string; trial: boolean }): Promise<TurnOutcome> {
  const { services, identity, t } = turn;
  const notice = (paragraphs: string[], color: 'Default' | 'Attention' | 'Good' = 'Default') => outcome.reply(outcome.card(noticeCard(turn, { title: t('offer.sendTitle'), color, paragraphs })));
  const me = await registrationOfUser(services.store, identity.tenantId, identity.userId);
  if (!me) return notice([t('offer.registerFirst')], 'Attention');
  if (!command.tenantId) return notice([t('offer.usage')]);
  let account: TenantAccount;
  try {
    account = await services.billing.getAccount(command.tenantId);
  } catch (e) {
    // The same answer as for a worldwide tenant: a tenant id must not reveal whether or whom it names.
    if (isDomainError(e, 'unknown_tenant')) return notice([t('offer.notChina', { id: me.partnerId })]);
    throw e;
  }
  if (account.cloud !== 'china21vianet') return notice([t('offer.notChina', { id: me.partnerId })]);
  const lookup = await services.billing.lookupPartner(me.partnerId);
  const c = requireCollaboration(services);
  const now = services.now();
  const offer: Offer = {
    id: services.newId(),
    partnerId: me.partnerId,
    partnerName: me.partnerName,
    partnerLocation: lookup.found ? lookup.partner.location : '',
    tenantId: account.tenantId,
    tenantName: account.displayName,
    ...(command.trial ? { trial: DEMO_TRIAL } : {}),
    status: 'sent',
    sentBy: { tenantId: identity.tenantId, userId: identity.userId, name: identity.userName },
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + c.offerTtlHours * 3_600_000).toISOString(),
    updatedAt: now.toISOString(),
  };
  await createOffer(services.store, offer);
  // Every admin of the customer who has the bot gets the card; others see it when they ask to add a partner.
  const ids: string[] = [];
  for (const { userId } of await personalAddressesOfTenant(services.store, account.tenantId)) {
    const { permissions } = await checkAccess(services, account.tenantId, userId);
    if (!permissions.canManage) continue;
    const id = `${OFFER_DELIVER_KIND}:${offer.id}:${userId}`;
    await c.outbox.enqueue(id, OFFER_DELIVER_KIND, { offerId: offer.id, tenantId: account.tenantId, userId });
    ids.push(id);
  }
  await c.dispatcher.deliverNow(ids);
  services.log.info({ offerId: offer.id, partnerId: offer.partnerId, tenantId: offer.tenantId, admins: ids.length, trial: Boolean(offer.trial) }, 'offer sent');
  const vars = { customer: escapeMarkdown(account.displayName), expires: shortUtc(offer.expiresAt) };
  return notice([t(ids.length > 0 ? 'offer.sent' : 'offer.sentNoAdmin', vars)], 'Good');
}

/** Outbox handler: the offer card to one admin of the customer, in that admin's language. */
export async function deliverOffer(services: FlowServices, record: OutboxRecord): Promise<Delivery> {
  const { offerId, tenantId, userId } = record.payload as { offerId: string; tenantId: string; userId: string };
  const offer = await loadOffer(services.store, offerId);
  if (!offer) return { status: 'unreachable', reason: 'no_offer' };
  const address = await personalAddress(services.store, tenantId, userId);
  if (!address) return { status: 'unreachable', reason: 'no_address' };
  const turn = await turnForUser(services, { tenantId, userId });
  const expired = isExpired(offer, services.now());
  return { status: 'sent', activityIds: await services.messenger.send(address, [{ kind: 'card', card: offerCard(turn, offer, { expired, subscriptions: await partnerCandidates(services, offer) }) }]) };
}

/**
 * An admin in the 21Vianet cloud who asks to add a partner: how the partner-initiated flow works,
 * and any offer that is waiting for them.
 */
export async function chinaAddPartner(turn: Turn): Promise<TurnOutcome> {
  const { services, identity, t } = turn;
  const offers = await openOffersFor(services.store, identity.tenantId, services.now());
  const how = noticeCard(turn, {
    title: t('china.title'),
    paragraphs: [t('china.partnerInitiated'), offers.length > 0 ? t('china.offersWaiting') : t('china.noOffers')],
    stepsHeading: t('china.stepsHeading'),
    steps: list(turn, 'china.steps'),
  });
  const cards: Reply[] = [];
  for (const o of offers) cards.push(outcome.card(offerCard(turn, o, { subscriptions: await partnerCandidates(services, o) })));
  return outcome.reply(outcome.card(how), ...cards);
}

/** Without a trial, the partner becomes partner of record on the subscriptions that can take one and have none. */
async function partnerCandidates(services: FlowServices, offer: Offer): Promise<Subscription[]> {
  if (offer.trial) return [];
  const account = await services.billing.getAccount(offer.tenantId);
  const subs = await services.billing.listSubscriptions(offer.tenantId);
  return subs.filter((s) => !s.partnerOfRecord && !subscriptionProblem(account, s));
}

const offerRef = z.object({ offerId: z.string().uuid() });

/** Shared checks of every offer click: same organization, allowed to manage partners, not expired. */
async function guardOffer(turn: Turn, data: unknown): Promise<{ offer: Offer } | { outcome: TurnOutcome }> {
  const { services, identity, t } = turn;
  const { offerId } = offerRef.parse(data);
  const offer = await loadOffer(services.store, offerId);
  if (!offer) return { outcome: outcome.update(noticeCard(turn, { title: t('expired.title'), paragraphs: [t('expired.text')] })) };
  if (offer.tenantId !== identity.tenantId) {
    return { outcome: outcome.update(noticeCard(turn, { title: t('refusal.title'), color: 'Attention', paragraphs: [t('refusal.otherTenant')] })) };
  }
  const { account, permissions } = await checkAccess(services, identity.tenantId, identity.userId);
  if (!permissions.canManage) return { outcome: outcome.update(roleRefusal(turn, account, 'manage')) };
  if (isExpired(offer, services.now())) {
    const { offer: expired } = await transitionOffer(services.store, offer.id, ['sent', 'authorized'], (o) => ({ ...o, status: 'expired' }), services.now());
    return { outcome: outcome.update(offerCard(turn, expired ?? offer, { expired: true })) };
  }
  return { offer };
}

async function current(turn: Turn, offer: Offer): Promise<TurnOutcome> {
  const latest = (await loadOffer(turn.services.store, offer.id)) ?? offer;
  return outcome.update(offerCard(turn, latest, { expired: isExpired(latest, turn.services.now()), subscriptions: await partnerCandidates(turn.services, latest) }));
}

/** Yes: the admin authorizes the partner as delegated admin (nothing is applied before Next). */
async function authorize(turn: Turn, data: unknown): Promise<TurnOutcome> {
  const g = await guardOffer(turn, data);
  if ('outcome' in g) return g.outcome;
  const { identity, services } = turn;
  const { offer, won } = await transitionOffer(services.store, g.offer.id, ['sent'], (o) => ({ ...o, status: 'authorized', decidedBy: { userId: identity.userId, name: identity.userName, at: services.now().toISOString() } }), services.now());
  if (!won || !offer) return current(turn, g.offer);
  return outcome.update(offerCard(turn, offer, { subscriptions: await partnerCandidates(services, offer) }));
}

/**
 * Next: the relationship is added (delegated admin roles), the trial created when the offer has
 * one, and the partner becomes partner of record. 'completing' is claimed first (one click wins);
 * every step is idempotent, so a click after a crash finishes the same work.
 */
async function complete(turn: Turn, data: unknown): Promise<TurnOutcome> {
  const g = await guardOffer(turn, data);
  if ('outcome' in g) return g.outcome;
  const { identity, services, t } = turn;
  const backend = requireCollaboration(services).offerBackend;
  if (!backend) {
    return outcome.update(noticeCard(turn, { title: t('failure.title'), color: 'Attention', paragraphs: [t('offer.backendMissing')] }));
  }
  const claim = await transitionOffer(services.store, g.offer.id, ['authorized', 'completing'], (o) => ({ ...o, status: 'completing' }), services.now());
  if (!claim.won || !claim.offer) return current(turn, g.offer);
  const offer = claim.offer;
  await backend.addRelationship(offer.tenantId, { partnerId: offer.partnerId, name: offer.partnerName, type: 'advisor', roles: ['global_admin', 'helpdesk_admin'] });
  const partner = { partnerId: offer.partnerId, name: offer.partnerName };
  const appliedTo: string[] = [];
  if (offer.trial) {
    const sub = await backend.createSubscription({
      id: trialSubscriptionId(offer.id),
      tenantId: offer.tenantId,
      name: offer.trial.name,
      skuPartNumber: offer.trial.skuPartNumber,
      status: 'Enabled',
      isTrial: true,
      totalLicenses: offer.trial.licenses,
      channel: 'direct',
      partnerOfRecord: partner,
      version: 1,
    });
    await services.audit.append({ at: services.now().toISOString(), tenantId: offer.tenantId, actorId: identity.userId, actorName: identity.userName, action: 'set_partner', subscriptionId: sub.id, subscriptionName: sub.name, oldPartnerId: null, newPartnerId: offer.partnerId, changeId: offer.id, outcome: 'applied', reason: 'trial_created_with_partner' });
    appliedTo.push(sub.name);
  } else {
    for (const s of await partnerCandidates(services, offer)) {
      // Audited like every other change of a partner of record: before the billing call and after it.
      const entry = { tenantId: offer.tenantId, actorId: identity.userId, actorName: identity.userName, action: 'set_partner' as const, subscriptionId: s.id, subscriptionName: s.name, oldPartnerId: s.partnerOfRecord?.partnerId ?? null, newPartnerId: offer.partnerId, changeId: offer.id };
      await services.audit.append({ ...entry, at: services.now().toISOString(), outcome: 'requested' });
      try {
        const updated = await services.billing.setPartnerOfRecord({ tenantId: offer.tenantId, subscriptionId: s.id, partnerId: offer.partnerId, expectedVersion: s.version, idempotencyKey: `${offer.id}:${s.id}`, requestedBy: identity.userId });
        await services.audit.append({ ...entry, at: services.now().toISOString(), outcome: 'applied' });
        appliedTo.push(updated.name);
      } catch (e) {
        await services.audit.append({ ...entry, at: services.now().toISOString(), outcome: 'failed', reason: e instanceof Error ? e.name : 'error' });
        throw e;
      }
    }
  }
  const { offer: done } = await transitionOffer(services.store, offer.id, ['completing'], (o) => ({ ...o, status: 'completed', appliedTo, decidedBy: { userId: identity.userId, name: identity.userName, at: services.now().toISOString() } }), services.now());
  await tellPartner(services, offer, 'offer.partnerAccepted');
  services.log.info({ offerId: offer.id, tenantId: offer.tenantId, subscriptions: appliedTo.length }, 'offer completed');
  const final = done ?? { ...offer, status: 'completed' as const };
  const summary = appliedTo.length > 0 ? [outcome.text(t('offer.appliedTo', { partner: escapeMarkdown(offer.partnerName), names: appliedTo.map(escapeMarkdown).join(', ') }))] : [];
  return outcome.update(offerCard(turn, final), ...summary);
}

async function decline(turn: Turn, data: unknown): Promise<TurnOutcome> {
  const g = await guardOffer(turn, data);
  if ('outcome' in g) return g.outcome;
  const { identity, services } = turn;
  const { offer, won } = await transitionOffer(services.store, g.offer.id, ['sent', 'authorized'], (o) => ({ ...o, status: 'declined', decidedBy: { userId: identity.userId, name: identity.userName, at: services.now().toISOString() } }), services.now());
  if (!won || !offer) return current(turn, g.offer);
  await tellPartner(services, offer, 'offer.partnerDeclined');
  return outcome.update(offerCard(turn, offer));
}

/** The partner's current contact hears how the customer answered. */
async function tellPartner(services: FlowServices, offer: Offer, key: string): Promise<void> {
  const reg = await registrationOf(services.store, offer.partnerId);
  if (!reg) return;
  const c = requireCollaboration(services);
  await c.outbox.enqueue(`${USER_NOTICE_KIND}:${offer.id}:${key}`, USER_NOTICE_KIND, {
    tenantId: reg.tenantId,
    userId: reg.userId,
    name: reg.userName,
    language: reg.language,
    key,
    vars: { customer: offer.tenantName },
  });
  c.dispatcher.kick();
}

/** A stable id per offer: completing twice never creates two trials. */
function trialSubscriptionId(offerId: string): string {
  return `trial-${offerId}`;
}

export const offerVerbs = {
  'offer.yes': authorize,
  'offer.next': complete,
  'offer.decline': decline,
};
