import { shortUtc } from '../collaboration/userTurn';
import type { Turn } from '../flows/turn';
import type { ConcernedPartner, PartnerChange } from '../partners/partnerChange';
import { escapeMarkdown, type AdaptiveCard } from './cardRenderer';
import { partnerText } from './subscriptionText';

/** The confirmation a partner gets when a customer adds, changes or removes it as partner of record. */
export function partnerNoticeCard(turn: Turn, change: PartnerChange, partner: ConcernedPartner, ack?: { by: string; at: string }): AdaptiveCard {
  const t = turn.t;
  const customer = escapeMarkdown(change.customerName);
  return turn.services.cards.render('partnerNotice', {
    title: t(`partnerNotice.title.${partner.role}`),
    color: partner.role === 'added' ? 'Good' : 'Warning',
    intro: t(`partnerNotice.intro.${partner.role}`, { customer }),
    facts: [
      { title: t('partnerNotice.customer'), value: customer },
      { title: t('partnerNotice.when'), value: shortUtc(change.at) },
      { title: t('partnerNotice.by'), value: escapeMarkdown(change.byName) },
    ],
    rowsHeading: t('partnerNotice.rowsHeading'),
    rows: partner.rows.map((r) => ({
      name: escapeMarkdown(r.subscriptionName),
      change: t('confirm.fromTo', { from: partnerText(turn, r.from), to: partnerText(turn, r.to) }),
    })),
    ackText: ack ? t('partnerNotice.acknowledged', { name: escapeMarkdown(ack.by), when: shortUtc(ack.at) }) : '',
    showAck: !ack,
    ackTitle: t('partnerNotice.ackButton'),
    changeId: change.changeId,
    partnerId: partner.partnerId,
  });
}
