import type { PartnerRelationship, Subscription, TenantAccount } from '../domain/types';
import type { Turn } from '../flows/turn';
import { escapeMarkdown, type AdaptiveCard } from './cardRenderer';
import { LINKS } from './links';
import { menuActions } from './menuActions';
import { firstRows, ROW_BUDGET } from './rowBudget';
import { partnerText, subscriptionTags } from './subscriptionText';

/**
 * Every subscription with its partner of record, then the partner relationships (Settings → Partner
 * relationships). A large tenant's subscriptions come in pages (`page` from 0); the card's "Show more"
 * button asks for the next one.
 */
export function partnersCard(turn: Turn, account: TenantAccount, subs: Subscription[], relationships: PartnerRelationship[], page = 0): AdaptiveCard {
  const t = turn.t;
  const size = ROW_BUDGET.partnersPage;
  const pages = Math.max(1, Math.ceil(subs.length / size));
  const current = Math.min(Math.max(0, page), pages - 1);
  const onPage = subs.slice(current * size, (current + 1) * size);
  const shownRelationships = firstRows(relationships, ROW_BUDGET.relationships);
  const noPartner = relationships.length === 0 && subs.every((s) => !s.partnerOfRecord);
  const anyPartner = subs.some((s) => s.partnerOfRecord);
  return turn.services.cards.render('partners', {
    title: t('partners.title'),
    subtitle: t('partners.subtitle', { tenant: escapeMarkdown(account.displayName), count: subs.length }),
    subscriptionsHeading: t('partners.subscriptionsHeading'),
    rangeText: pages > 1 ? t('partners.range', { from: current * size + 1, to: current * size + onPage.length, total: subs.length }) : '',
    subscriptions: onPage.map((s) => ({
      name: escapeMarkdown(s.name),
      tags: subscriptionTags(turn, s),
      partner: s.channel === 'reseller' ? t('partners.resellerIsPartner', { name: escapeMarkdown(s.reseller?.name ?? '') }) : partnerText(turn, s.partnerOfRecord),
      note: s.channel === 'reseller' ? t('partners.cspNote') : '',
    })),
    relationshipsHeading: t('partners.relationshipsHeading'),
    noRelationships: t('partners.noRelationships'),
    relationships: shownRelationships.shown.map((r) => ({
      name: escapeMarkdown(r.name),
      partnerIdText: t('common.partnerIdValue', { id: r.partnerId }),
      type: t(`relationshipType.${r.type}`),
      roles: r.roles.length ? r.roles.map((role) => t(`role.${role}`, { defaultValue: escapeMarkdown(role) })).join(', ') : t('partners.noRoles'),
    })),
    moreRelationships: shownRelationships.hidden ? t('partners.moreRelationships', { number: shownRelationships.hidden }) : '',
    nextPage: current + 1 < pages ? current + 1 : 0,
    showMoreTitle: t('partners.showMore'),
    lang: turn.language,
    noPartner,
    noPartnerText: t('partners.noPartner'),
    findPartnerText: t('partners.findPartner'),
    actions: menuActions(turn, anyPartner ? ['menu.add', 'menu.change', 'menu.remove'] : ['menu.add']),
    links: noPartner ? [{ title: t('links.pinpoint'), url: LINKS.pinpoint }] : [{ title: t('links.partnerRelationships'), url: LINKS.partnerRelationships }],
  });
}
