import { DomainError } from '../domain/errors';
import type { ChangeDraft } from '../flows/draft';
import type { Turn } from '../flows/turn';
import { escapeMarkdown, type AdaptiveCard } from './cardRenderer';
import { firstRows, ROW_BUDGET } from './rowBudget';
import { partnerText, reasonText } from './subscriptionText';

/**
 * The outcome per subscription. A finished change has no buttons: nothing left on it can change anything.
 * One the billing service could not complete ('failed') offers Retry and a person to talk to.
 */
export function resultCard(turn: Turn, draft: ChangeDraft, footer: string[] = []): AdaptiveCard {
  const t = turn.t;
  const rows = draft.results ?? [];
  const applied = rows.filter((r) => r.outcome === 'applied').length;
  const color = applied === rows.length ? 'Good' : applied === 0 ? 'Attention' : 'Warning';
  const when = new Date(draft.updatedAt);
  // Too many rows for one card: the ones that failed come first, so none of them is left out unseen.
  const ordered = rows.length > ROW_BUDGET.resultRows ? [...rows.filter((r) => r.outcome !== 'applied'), ...rows.filter((r) => r.outcome === 'applied')] : rows;
  const listed = firstRows(ordered, ROW_BUDGET.resultRows);
  const hiddenApplied = listed.hidden ? ordered.slice(ROW_BUDGET.resultRows).filter((r) => r.outcome === 'applied').length : 0;
  return turn.services.cards.render('changeResult', {
    title: t(applied === rows.length ? 'result.titleDone' : applied === 0 ? 'result.titleFailed' : 'result.titlePartial'),
    color,
    summary: t(`result.summary.${draft.mode}`, {
      applied,
      total: rows.length,
      partner: draft.partner ? escapeMarkdown(draft.partner.name) : '',
    }),
    rows: listed.shown.map((r) => ({
      name: escapeMarkdown(r.name),
      outcome: r.outcome === 'applied' ? t('result.applied') : t('result.failed'),
      color: r.outcome === 'applied' ? 'Good' : 'Attention',
      detail:
        r.outcome === 'applied'
          ? t('confirm.fromTo', { from: partnerText(turn, r.oldPartner), to: partnerText(turn, r.newPartner) })
          : reasonText(turn, new DomainError(r.errorCode ?? 'unavailable', '', { subscriptionName: r.name })),
    })),
    moreRows: listed.hidden ? t('result.moreRows', { number: listed.hidden, applied: hiddenApplied, failed: listed.hidden - hiddenApplied }) : '',
    footer: [
      t('result.by', { name: escapeMarkdown(draft.appliedBy?.name ?? ''), when: when.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' }),
      ...(draft.status === 'failed' ? [t('result.retryHint')] : []),
      ...footer,
    ].map((text) => ({ text })),
    actions:
      draft.status === 'failed'
        ? [
            { title: t('result.retry'), verb: 'draft.retry', draftId: draft.id },
            // Handled by the hand-off flow (menu.handoff); the draft id lets it attach the pending change.
            { title: t('handoff.title'), verb: 'menu.handoff', draftId: draft.id },
          ]
        : [],
  });
}
