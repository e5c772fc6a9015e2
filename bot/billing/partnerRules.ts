import { DomainError } from '../domain/errors';
import type { PartnerLookup, PartnerProfile, Subscription, TenantAccount } from '../domain/types';

/** Why a partner ID cannot become a partner of record; undefined when it can. Shared by every backend. */
export function partnerProblem(lookup: PartnerLookup): DomainError | undefined {
  if (!lookup.found) {
    return new DomainError('unknown_partner', `Partner ID ${lookup.partnerId} not recognized`, { partnerId: lookup.partnerId });
  }
  const p: PartnerProfile = lookup.partner;
  const details = { partnerId: p.partnerId, partnerName: p.name, locationIds: p.locationIds?.join(', ') };
  if (p.idType === 'headquarters') return new DomainError('headquarters_id', 'Headquarters ID given', details);
  if (p.kind === 'reseller') return new DomainError('reseller_id', 'Reseller ID given', details);
  if (!p.active) return new DomainError('inactive_partner', 'Partner is not active', details);
  return undefined;
}

/** Why the partner of record of this subscription cannot be changed by the customer; undefined when it can. */
export function subscriptionProblem(account: TenantAccount, sub: Subscription): DomainError | undefined {
  const details = { subscriptionId: sub.id, subscriptionName: sub.name, resellerName: sub.reseller?.name, resellerId: sub.reseller?.partnerId };
  if (account.origin === 'syndication' || sub.channel === 'syndication') {
    return new DomainError('syndication_tenant', 'Tenant created through a syndication partner', details);
  }
  if (sub.channel === 'reseller') return new DomainError('csp_subscription', 'CSP subscription', details);
  if (sub.status === 'Suspended' || sub.status === 'Deleted' || sub.status === 'LockedOut') {
    return new DomainError('subscription_inactive', `Subscription is ${sub.status}`, { ...details, status: sub.status });
  }
  return undefined;
}
