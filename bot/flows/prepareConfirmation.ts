import { escapeMarkdown, type AdaptiveCard } from '../cards/cardRenderer';
import { confirmCard } from '../cards/confirmCard';
import { list } from '../cards/noticeCard';
import { partnerFormCard } from '../cards/partnerFormCard';
import { reasonText } from '../cards/subscriptionText';
import { partnerProblem } from '../billing/partnerRules';
import { normalizePartnerId } from '../rules/partnerId';
import { transitionDraft, type ChangeDraft, type SnapshotRow } from './draft';
import { classify } from './eligibility';
import type { Turn } from './turn';

export type Prepared = { ok: true; card: AdaptiveCard; draft: ChangeDraft } | { ok: false; card: AdaptiveCard };

/**
 * Validates the chosen subscriptions and Partner ID on the server (whatever the card allowed), looks the
 * partner up, and records what the confirmation shows. Any problem re-shows the form with the admin's
 * own input kept and the reason, so nothing typed is lost.
 */
export async function prepareConfirmation(
  turn: Turn,
  draft: ChangeDraft,
  subscriptionIds: string[],
  rawPartnerId: string | undefined,
): Promise<Prepared> {
  const { services, t } = turn;
  const account = await services.billing.getAccount(draft.tenantId);
  const subs = await services.billing.listSubscriptions(draft.tenantId);
  const { eligible, unavailable } = classify(account, subs, draft.mode);
  const formWith = (error: string, errorHelp: string[] = [], selected = subscriptionIds, partnerId = rawPartnerId): Prepared => ({
    ok: false,
    card: partnerFormCard(turn, {
      draftId: draft.id,
      mode: draft.mode,
      eligible,
      unavailable: unavailable.map((u) => ({ name: escapeMarkdown(u.sub.name), reason: reasonText(turn, u.error) })),
      selectedIds: selected.filter((id) => eligible.some((s) => s.id === id)),
      partnerId,
      error,
      errorHelp,
    }),
  });

  if (subscriptionIds.length === 0) return formWith(t('form.subscriptionsError'));
  const chosen = subscriptionIds.map((id) => eligible.find((s) => s.id === id));
  if (chosen.some((s) => !s)) {
    // An id the tenant does not own, or one that became ineligible: never act on it.
    const blocked = unavailable.filter((u) => subscriptionIds.includes(u.sub.id));
    return formWith(blocked.length ? blocked.map((u) => reasonText(turn, u.error)).join(' ') : t('errors.not_found'));
  }
  const selected = chosen as NonNullable<(typeof chosen)[number]>[];

  let partner: ChangeDraft['partner'];
  if (draft.mode !== 'remove') {
    const partnerId = normalizePartnerId(rawPartnerId ?? '');
    if (!partnerId) return formWith(t('errors.invalid_partner_id'), [], subscriptionIds);
    const lookup = await services.billing.lookupPartner(partnerId);
    const problem = partnerProblem(lookup);
    if (problem || !lookup.found) {
      return formWith(reasonText(turn, problem!), list(turn, `help.${problem!.code}`, { defaultValue: [] }), subscriptionIds, partnerId);
    }
    partner = { partnerId: lookup.partner.partnerId, name: lookup.partner.name, location: lookup.partner.location };
    const already = selected.filter((s) => s.partnerOfRecord?.partnerId === partnerId);
    if (already.length === selected.length) {
      return formWith(t('errors.same_partner', { partnerName: escapeMarkdown(partner.name), subscriptionName: already.map((s) => escapeMarkdown(s.name)).join(', ') }), [], subscriptionIds, partnerId);
    }
  }

  const rows: SnapshotRow[] = selected
    .filter((s) => !partner || s.partnerOfRecord?.partnerId !== partner.partnerId)
    .map((s) => ({ subscriptionId: s.id, name: s.name, version: s.version, oldPartner: s.partnerOfRecord }));
  const skipped = selected.length - rows.length;
  const { draft: updated, won } = await transitionDraft(
    services.store,
    draft.id,
    ['collecting', 'confirming'],
    (d) => ({ ...d, status: 'confirming', subscriptionIds: rows.map((r) => r.subscriptionId), partnerId: partner?.partnerId, partner, snapshot: rows }),
    services.now(),
  );
  if (!won || !updated) return { ok: false, card: formWith(t('errors.conflict')).card };
  const note = skipped > 0 ? t('confirm.skippedSame', { count: skipped }) : '';
  return { ok: true, card: confirmCard(turn, updated, note), draft: updated };
}
