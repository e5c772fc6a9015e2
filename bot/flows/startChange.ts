import { partnerFormCard } from '../cards/partnerFormCard';
import { noticeCard } from '../cards/noticeCard';
import { reasonText } from '../cards/subscriptionText';
import { escapeMarkdown } from '../cards/cardRenderer';
import { DomainError } from '../domain/errors';
import { createDraft, type ChangeDraft, type ChangeMode } from './draft';
import { classify } from './eligibility';
import { blockedNotice, roleRefusal } from './notices';
import { checkAccess } from './permissions';
import { prepareConfirmation } from './prepareConfirmation';
import { chinaAddPartner } from '../offers/offerFlows';
import { outcome, type Reply, type Turn, type TurnOutcome } from './turn';

export interface ChangeRequest {
  mode: ChangeMode;
  partnerId?: string;
  /** Named by company, ID unknown: shown on the form that asks for the ID. */
  partnerName?: string;
  subscriptionIds: string[];
}

/**
 * Add, change or remove: checks the role and the tenant, then asks only for what the request lacks.
 * A complete request ("add partner 1234567 to Business Premium") goes straight to the confirmation.
 */
export async function startChange(turn: Turn, request: ChangeRequest): Promise<TurnOutcome> {
  const { services, identity, t } = turn;
  const { account, permissions } = await checkAccess(services, identity.tenantId, identity.userId);
  if (!permissions.canManage) {
    await services.audit.append({
      at: services.now().toISOString(),
      tenantId: identity.tenantId,
      actorId: identity.userId,
      actorName: identity.userName,
      action: 'refused',
      outcome: 'refused',
      reason: 'missing_role',
    });
    return outcome.blocked(outcome.card(roleRefusal(turn, account, 'manage')));
  }
  if (account.origin === 'syndication') {
    return outcome.blocked(outcome.card(blockedNotice(turn, [new DomainError('syndication_tenant', 'syndication tenant', {})])));
  }
  // In the 21Vianet cloud only adding is partner-initiated (an offer); change and remove are the customer's.
  if (account.cloud === 'china21vianet' && request.mode === 'add') return chinaAddPartner(turn);
  const prefix: Reply[] = account.cloud === 'germany' ? [outcome.text(t('germany.notice'))] : [];

  const subs = await services.billing.listSubscriptions(identity.tenantId);
  const { eligible, unavailable } = classify(account, subs, request.mode);
  const named = new Set(request.subscriptionIds);
  const namedBlocked = unavailable.filter((u) => named.has(u.sub.id));
  const namedEligible = eligible.filter((s) => named.has(s.id));

  // Everything the admin named is blocked: explain, change nothing.
  if (namedBlocked.length > 0 && namedEligible.length === 0) {
    return outcome.blocked(...prefix, outcome.card(blockedNotice(turn, namedBlocked.map((u) => u.error))));
  }
  if (eligible.length === 0) {
    const paragraphs = request.mode === 'remove' ? [t('form.remove.nothing')] : [t('form.nothingEligible')];
    return outcome.reply(...prefix, outcome.card(noticeCard(turn, { title: t(`form.${request.mode}.title`), paragraphs: [...paragraphs, ...unavailable.map((u) => reasonText(turn, u.error))] })));
  }

  let selected = namedEligible.map((s) => s.id);
  // "Change our partner" with a single subscription that has one: no need to ask which.
  if (selected.length === 0 && request.mode !== 'add') {
    const withPartner = eligible.filter((s) => s.partnerOfRecord);
    if (withPartner.length === 1) selected = [withPartner[0]!.id];
  }
  const now = services.now().toISOString();
  const draft: ChangeDraft = {
    id: services.newId(),
    tenantId: identity.tenantId,
    ownerId: identity.userId,
    mode: request.mode,
    language: turn.language,
    status: 'collecting',
    subscriptionIds: selected,
    partnerId: request.partnerId,
    createdAt: now,
    updatedAt: now,
  };
  await createDraft(services.store, draft);
  services.log.info({ draftId: draft.id, tenantId: draft.tenantId, mode: draft.mode }, 'draft created');

  const extra: Reply[] = namedBlocked.length ? [outcome.card(blockedNotice(turn, namedBlocked.map((u) => u.error)))] : [];
  const complete = selected.length > 0 && (request.mode === 'remove' ? named.size > 0 : Boolean(request.partnerId));
  if (complete) {
    const prepared = await prepareConfirmation(turn, draft, selected, request.partnerId);
    return outcome.reply(...prefix, ...extra, outcome.card(prepared.card));
  }
  const form = partnerFormCard(turn, {
    draftId: draft.id,
    mode: draft.mode,
    eligible,
    unavailable: unavailable.map((u) => ({ name: escapeMarkdown(u.sub.name), reason: reasonText(turn, u.error) })),
    selectedIds: selected,
    partnerId: request.partnerId,
    partnerName: request.partnerName,
  });
  return outcome.reply(...prefix, ...extra, outcome.card(form));
}
