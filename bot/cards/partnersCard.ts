import type { PartnerRelationship, Subscription, TenantAccount } from '../domain/types';
import type { Turn } from '../flows/turn';
import { escapeMarkdown, type AdaptiveCard } from './cardRenderer';
import { LINKS } from './links';
import { menuActions } from './menuActions';
import { partnerText, subscriptionTags } from './subscriptionText';

/** Every subscription with its partner of record, then the partner relationships (Settings → Partner relationships). */
export function partnersCard(turn: Turn, account: TenantAccount, subs: Subscription[], relationships: PartnerRelationship[]): AdaptiveCard {
  const t = turn.t;
  const noPartner = relationships.length === 0 && subs.every((s) => !s.partnerOfRecord);
  const anyPartner = subs.some((s) => s.partnerOfRecord);
  return turn.services.cards.render('partners', {
    title: t('partners.title'),
    subtitle: t('partners.subtitle', { tenant: escapeMarkdown(account.displayName), count: subs.length }),
    subscriptionsHeading: t('partners.subscriptionsHeading'),
    subscriptions: subs.map((s) => ({
      name: escapeMarkdown(s.name),
      tags: subscriptionTags(turn, s),
      partner: s.channel === 'reseller' ? t('partners.resellerIsPartner', { name: escapeMarkdown(s.reseller?.name ?? '') }) : partnerText(turn, s.partnerOfRecord),
      note: s.channel === 'reseller' ? t('partners.cspNote') : '',
    })),
    relationshipsHeading: t('partners.relationshipsHeading'),
    noRelationships: t('partners.noRelationships'),
    relationships: relationships.map((r) => ({
      name: escapeMarkdown(r.name),
      partnerIdText: t('common.partnerIdValue', { id: r.partnerId }),
      type: t(`relationshipType.${r.type}`),
      roles: r.roles.length ? r.roles.map((role) => t(`role.${role}`, { defaultValue: escapeMarkdown(role) })).join(', ') : t('partners.noRoles'),
    })),
    noPartner,
    noPartnerText: t('partners.noPartner'),
    findPartnerText: t('partners.findPartner'),
    actions: menuActions(turn, anyPartner ? ['menu.add', 'menu.change', 'menu.remove'] : ['menu.add']),
    links: noPartner ? [{ title: t('links.pinpoint'), url: LINKS.pinpoint }] : [{ title: t('links.partnerRelationships'), url: LINKS.partnerRelationships }],
  });
}
