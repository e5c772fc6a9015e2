import type { DomainError } from '../domain/errors';
import type { PartnerRef, Subscription } from '../domain/types';
import type { Turn } from '../flows/turn';
import { escapeMarkdown } from './cardRenderer';

/** "Enabled · Trial · Bought through Northwind Reseller" */
export function subscriptionTags(turn: Turn, sub: Subscription): string {
  const tags = [turn.t(`status.${sub.status}`)];
  if (sub.isTrial) tags.push(turn.t('status.trial'));
  if (sub.channel === 'reseller') tags.push(turn.t('channel.reseller', { name: escapeMarkdown(sub.reseller?.name ?? '') }));
  if (sub.channel === 'syndication') tags.push(turn.t('channel.syndication'));
  return tags.join(' · ');
}

export function partnerText(turn: Turn, partner: PartnerRef | undefined): string {
  return partner
    ? turn.t('common.partnerWithId', { name: escapeMarkdown(partner.name), id: partner.partnerId })
    : turn.t('common.noPartnerOfRecord');
}

/** The user-facing reason a subscription or partner is refused, from the locale file. */
export function reasonText(turn: Turn, error: DomainError): string {
  const d = error.details;
  return turn.t(`errors.${error.code}`, {
    partnerId: d.partnerId,
    partnerName: d.partnerName ? escapeMarkdown(String(d.partnerName)) : '',
    subscriptionName: d.subscriptionName ? escapeMarkdown(String(d.subscriptionName)) : '',
    resellerName: d.resellerName ? escapeMarkdown(String(d.resellerName)) : turn.t('common.yourReseller'),
    locationIds: d.locationIds ?? '',
    status: d.status ? turn.t(`status.${d.status}`) : '',
    consentUrl: d.consentUrl ?? '',
  });
}
