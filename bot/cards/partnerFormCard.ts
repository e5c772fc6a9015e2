import type { Subscription } from '../domain/types';
import type { ChangeMode } from '../flows/draft';
import type { Turn } from '../flows/turn';
import { escapeMarkdown, type AdaptiveCard } from './cardRenderer';
import { firstRows, ROW_BUDGET } from './rowBudget';
import { partnerText } from './subscriptionText';

export interface PartnerFormData {
  draftId: string;
  mode: ChangeMode;
  eligible: Subscription[];
  unavailable: { name: string; reason: string }[];
  selectedIds: string[];
  partnerId?: string;
  /** A partner the admin named by company whose ID is not known: the form asks for it by that name. */
  partnerName?: string;
  error?: string;
  errorHelp?: string[];
}

/** Choose subscriptions (the partner of record is per subscription) and type the Partner ID. */
export function partnerFormCard(turn: Turn, data: PartnerFormData): AdaptiveCard {
  const t = turn.t;
  const removing = data.mode === 'remove';
  // Past the budget, the subscriptions already chosen come first so that none of them drops off the card.
  const selected = new Set(data.selectedIds);
  const ordered = data.eligible.length > ROW_BUDGET.formChoices ? [...data.eligible.filter((s) => selected.has(s.id)), ...data.eligible.filter((s) => !selected.has(s.id))] : data.eligible;
  const choices = firstRows(ordered, ROW_BUDGET.formChoices);
  const unavailable = firstRows(data.unavailable, ROW_BUDGET.unavailable);
  return turn.services.cards.render('partnerForm', {
    draftId: data.draftId,
    title: t(`form.${data.mode}.title`),
    intro: t(`form.${data.mode}.intro`),
    partnerNamed: data.partnerName && !removing && !data.partnerId ? t('form.partnerNamed', { name: escapeMarkdown(data.partnerName) }) : '',
    error: data.error ?? '',
    errorHelp: (data.errorHelp ?? []).map((text) => ({ text })),
    subscriptionsLabel: t('form.subscriptionsLabel'),
    subscriptionsError: t('form.subscriptionsError'),
    // ChoiceSet titles are plain text: no markdown escaping here.
    choices: choices.shown.map((s) => ({
      title: `${s.name} · ${partnerText(turn, s.partnerOfRecord).replace(/\\/g, '')}`,
      value: s.id,
    })),
    // Checkboxes for a short list; a drop-down with checkboxes once the list would fill the screen.
    choiceStyle: choices.shown.length > 15 ? 'compact' : 'expanded',
    moreChoices: choices.hidden ? t('form.moreChoices', { shown: choices.shown.length, total: ordered.length, example: escapeMarkdown(ordered[choices.shown.length]!.name) }) : '',
    selected: data.selectedIds.filter((id) => choices.shown.some((s) => s.id === id)).join(','),
    unavailableHeading: t('form.unavailableHeading'),
    unavailable: unavailable.shown,
    moreUnavailable: unavailable.hidden ? t('form.moreUnavailable', { number: unavailable.hidden }) : '',
    showPartnerId: !removing,
    partnerIdLabel: t('form.partnerIdLabel'),
    partnerIdPlaceholder: t('form.partnerIdPlaceholder'),
    partnerIdValue: data.partnerId ?? '',
    partnerIdError: t('errors.invalid_partner_id'),
    partnerIdHelp: t('form.partnerIdHelp'),
    submitTitle: removing ? t('form.review') : t('form.checkId'),
    submitVerb: removing ? 'draft.review' : 'draft.check',
    cancelTitle: t('common.cancel'),
  });
}
