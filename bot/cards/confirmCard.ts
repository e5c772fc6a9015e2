import type { ChangeDraft } from '../flows/draft';
import type { Turn } from '../flows/turn';
import { escapeMarkdown, type AdaptiveCard } from './cardRenderer';
import { firstRows, ROW_BUDGET } from './rowBudget';
import { partnerText } from './subscriptionText';

/** Shows exactly what will change, per subscription, before anything is applied. */
export function confirmCard(turn: Turn, draft: ChangeDraft, note = ''): AdaptiveCard {
  const t = turn.t;
  const partner = draft.partner;
  const rows = firstRows(draft.snapshot ?? [], ROW_BUDGET.confirmRows);
  return turn.services.cards.render('confirmChange', {
    draftId: draft.id,
    title: t(`confirm.${draft.mode}.title`),
    intro: t(`confirm.${draft.mode}.intro`, { count: draft.snapshot?.length ?? 0 }),
    partnerFacts: partner
      ? [
          { title: t('confirm.partnerName'), value: escapeMarkdown(partner.name) },
          { title: t('confirm.partnerLocation'), value: escapeMarkdown(partner.location) },
          { title: t('confirm.partnerId'), value: partner.partnerId },
        ]
      : [],
    rowsHeading: t('confirm.rowsHeading'),
    rows: rows.shown.map((row) => ({
      name: escapeMarkdown(row.name),
      change: t('confirm.fromTo', {
        from: partnerText(turn, row.oldPartner),
        to: partner ? partnerText(turn, partner) : t('common.noPartnerOfRecord'),
      }),
    })),
    moreRows: rows.hidden ? t('confirm.moreRows', { number: rows.hidden }) : '',
    note,
    confirmTitle: t(`confirm.${draft.mode}.button`),
    cancelTitle: t('common.cancel'),
  });
}
