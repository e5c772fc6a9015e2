import { shortUtc } from '../collaboration/userTurn';
import type { Subscription } from '../domain/types';
import type { Turn } from '../flows/turn';
import type { Offer } from '../offers/offer';
import { escapeMarkdown, type AdaptiveCard } from './cardRenderer';
import { list } from './noticeCard';

/**
 * The partner's offer as the customer's admin sees it, one card through the 21Vianet steps:
 * read the terms → Yes (authorize the partner as delegated admin) → Next (complete) → done;
 * or Decline; an expired offer has no buttons.
 */
export function offerCard(turn: Turn, offer: Offer, options: { expired?: boolean; subscriptions?: Subscription[] } = {}): AdaptiveCard {
  const t = turn.t;
  const partner = escapeMarkdown(offer.partnerName);
  const stage = options.expired ? 'expired' : offer.status === 'completing' ? 'authorized' : offer.status;
  const actions =
    stage === 'sent'
      ? [{ title: t('offer.yes'), verb: 'offer.yes', style: 'positive' }, { title: t('offer.decline'), verb: 'offer.decline', style: 'destructive' }]
      : stage === 'authorized'
        ? [{ title: t('offer.next'), verb: 'offer.next', style: 'positive' }, { title: t('offer.decline'), verb: 'offer.decline', style: 'destructive' }]
        : [];
  const rows = stage === 'authorized' && !offer.trial ? (options.subscriptions ?? []).map((s) => ({ text: escapeMarkdown(s.name) })) : [];
  return turn.services.cards.render('offer', {
    offerId: offer.id,
    title: t(`offer.title.${stage}`, { partner }),
    color: stage === 'completed' ? 'Good' : stage === 'declined' || stage === 'expired' ? 'Warning' : 'Default',
    intro: t(`offer.intro.${stage}`, { partner, customer: escapeMarkdown(offer.tenantName) }),
    facts: [
      { title: t('confirm.partnerName'), value: partner },
      { title: t('confirm.partnerId'), value: offer.partnerId },
      { title: t('confirm.partnerLocation'), value: escapeMarkdown(offer.partnerLocation) },
      { title: t('offer.expires'), value: shortUtc(offer.expiresAt) },
    ],
    termsHeading: t('offer.termsHeading'),
    terms: [
      ...list(turn, 'offer.terms', { partner }),
      ...(offer.trial ? [t('offer.trialTerm', { name: escapeMarkdown(offer.trial.name), licenses: offer.trial.licenses })] : []),
    ].map((text) => ({ text })),
    rowsHeading: t('offer.rowsHeading'),
    rows,
    status: offer.decidedBy && (stage === 'completed' || stage === 'declined') ? t(`offer.decided.${stage}`, { name: escapeMarkdown(offer.decidedBy.name), when: shortUtc(offer.decidedBy.at) }) : '',
    actions,
  });
}
