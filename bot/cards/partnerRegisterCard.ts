import type { Turn } from '../flows/turn';
import type { AdaptiveCard } from './cardRenderer';

/** Asks a partner's user for the organization's Partner ID. */
export function partnerRegisterCard(turn: Turn, error = ''): AdaptiveCard {
  const t = turn.t;
  return turn.services.cards.render('partnerRegister', {
    title: t('partnerRegister.title'),
    intro: t('partnerRegister.intro'),
    error,
    partnerIdLabel: t('form.partnerIdLabel'),
    partnerIdPlaceholder: t('form.partnerIdPlaceholder'),
    partnerIdError: t('errors.invalid_partner_id'),
    submitTitle: t('partnerRegister.submit'),
  });
}
