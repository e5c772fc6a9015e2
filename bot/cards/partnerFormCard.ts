import type { Subscription } from '../domain/types';
import type { ChangeMode } from '../flows/draft';
import type { Turn } from '../flows/turn';
import type { AdaptiveCard } from './cardRenderer';
import { partnerText } from './subscriptionText';

export interface PartnerFormData {
  draftId: string;
  mode: ChangeMode;
  eligible: Subscription[];
  unavailable: { name: string; reason: string }[];
  selectedIds: string[];
  partnerId?: string;
  error?: string;
  errorHelp?: string[];
}

/** Choose subscriptions (the partner of record is per subscription) and type the Partner ID. */
export function partnerFormCard(turn: Turn, data: PartnerFormData): AdaptiveCard {
  const t = turn.t;
  const removing = data.mode === 'remove';
  return turn.services.cards.render('partnerForm', {
    draftId: data.draftId,
    title: t(`form.${data.mode}.title`),
    intro: t(`form.${data.mode}.intro`),
    error: data.error ?? '',
    errorHelp: (data.errorHelp ?? []).map((text) => ({ text })),
    subscriptionsLabel: t('form.subscriptionsLabel'),
    subscriptionsError: t('form.subscriptionsError'),
    // ChoiceSet titles are plain text: no markdown escaping here.
    choices: data.eligible.map((s) => ({
      title: `${s.name} · ${partnerText(turn, s.partnerOfRecord).replace(/\\/g, '')}`,
      value: s.id,
    })),
    selected: data.selectedIds.join(','),
    unavailableHeading: t('form.unavailableHeading'),
    unavailable: data.unavailable,
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
