import { z } from 'zod';
import { escapeMarkdown } from '../cards/cardRenderer';
import { list, noticeCard } from '../cards/noticeCard';
import { partnerNoticeCard } from '../cards/partnerNoticeCard';
import { partnerRegisterCard } from '../cards/partnerRegisterCard';
import { reasonText } from '../cards/subscriptionText';
import { partnerProblem } from '../billing/partnerRules';
import { normalizePartnerId } from '../rules/partnerId';
import { outcome, type Turn, type TurnOutcome } from '../flows/turn';
import { loadPartnerChange } from './partnerChange';
import { register, registrationOf, registrationOfUser } from './partnerRegistry';
import { loadAck, requestAdminRefresh, saveAck } from './notifyPartners';

/**
 * "register partner 1234567": the user speaks for that partner from now on. The ID must be an active
 * advisor location ID (the same rule as for a partner of record) whose partner organization is the
 * user's own tenant, so nobody can divert a partner's confirmations (customers' names and subscriptions).
 */
export async function registerPartner(turn: Turn, rawPartnerId: string | undefined, fromCard = false): Promise<TurnOutcome> {
  const { services, identity, t } = turn;
  const reply = (card: ReturnType<typeof noticeCard>) => (fromCard ? outcome.update(card) : outcome.reply(outcome.card(card)));
  if (rawPartnerId === undefined) return reply(partnerRegisterCard(turn));
  const partnerId = normalizePartnerId(rawPartnerId);
  if (!partnerId) return reply(partnerRegisterCard(turn, t('errors.invalid_partner_id')));
  const lookup = await services.billing.lookupPartner(partnerId);
  const problem = partnerProblem(lookup);
  if (problem || !lookup.found) {
    const error = problem!;
    return reply(noticeCard(turn, {
      title: t('partnerRegister.refusedTitle'),
      color: 'Attention',
      paragraphs: [reasonText(turn, error)],
      steps: list(turn, `help.${error.code}`, { defaultValue: [] }),
    }));
  }
  // Only the partner's own organization speaks for it: the billing service names that tenant. Unknown → no.
  if (lookup.partner.tenantId !== identity.tenantId) {
    services.log.warn({ partnerId, tenantId: identity.tenantId }, 'partner registration from outside the partner organization refused');
    return reply(noticeCard(turn, { title: t('partnerRegister.refusedTitle'), color: 'Attention', paragraphs: [t('partnerRegister.wrongTenant', { id: partnerId })] }));
  }
  const current = await registrationOf(services.store, partnerId);
  if (current && current.tenantId !== identity.tenantId) {
    services.log.warn({ partnerId, tenantId: identity.tenantId }, 'partner registration from another organization refused');
    return reply(noticeCard(turn, { title: t('partnerRegister.refusedTitle'), color: 'Attention', paragraphs: [t('partnerRegister.otherOrganization', { id: partnerId })] }));
  }
  const { replaced } = await register(services.store, {
    partnerId,
    partnerName: lookup.partner.name,
    tenantId: identity.tenantId,
    userId: identity.userId,
    userName: identity.userName,
    language: turn.language,
    registeredAt: services.now().toISOString(),
  });
  services.log.info({ partnerId, tenantId: identity.tenantId, replacedContact: Boolean(replaced) }, 'partner registered');
  const name = escapeMarkdown(lookup.partner.name);
  return reply(noticeCard(turn, {
    title: t('partnerRegister.doneTitle'),
    color: 'Good',
    paragraphs: [
      t('partnerRegister.done', { partner: name, id: partnerId }),
      ...(replaced ? [t('partnerRegister.movedFrom', { name: escapeMarkdown(replaced.userName) })] : []),
      t('partnerRegister.offerHint'),
    ],
  }));
}

const registerSchema = z.object({ partnerId: z.string().max(64).optional() });
const ackSchema = z.object({ changeId: z.string().uuid(), partnerId: z.string().regex(/^\d{1,15}$/) });

export const partnerVerbs = {
  'partner.register': (turn: Turn, data: unknown) => registerPartner(turn, registerSchema.parse(data).partnerId ?? '', true),
  'partner.ack': (turn: Turn, data: unknown) => acknowledge(turn, ackSchema.parse(data)),
};

/** The partner's Acknowledge: recorded once, card updated in place, the admin's card follows. */
async function acknowledge(turn: Turn, data: { changeId: string; partnerId: string }): Promise<TurnOutcome> {
  const { services, identity, t } = turn;
  const change = await loadPartnerChange(services.store, data.changeId);
  const partner = change?.partners.find((p) => p.partnerId === data.partnerId);
  const mine = await registrationOfUser(services.store, identity.tenantId, identity.userId);
  if (!change || !partner) return outcome.update(noticeCard(turn, { title: t('expired.title'), paragraphs: [t('expired.text')] }));
  if (mine?.partnerId !== data.partnerId) {
    return outcome.update(noticeCard(turn, { title: t('refusal.title'), color: 'Attention', paragraphs: [t('partnerNotice.notYours')] }));
  }
  const before = await loadAck(services, data.changeId, data.partnerId);
  const ack = await saveAck(services, data.changeId, data.partnerId, { by: identity.userName, at: services.now().toISOString() });
  if (!before) await requestAdminRefresh(services, data.changeId);
  return outcome.update(partnerNoticeCard(turn, change, partner, ack));
}
