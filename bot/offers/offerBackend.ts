import type { PartnerRelationship, Subscription } from '../domain/types';

/**
 * What carrying out an accepted 21Vianet offer needs from the commerce backend beyond the billing
 * port: the delegated-admin relationship and, for an offer with a trial, the new subscription.
 * Kept apart from BillingService so its HTTP contract does not change; the embedded billing
 * service implements it. Both calls are idempotent.
 */
export interface OfferBackend {
  /** Adds the relationship unless the partner already has one of that type. */
  addRelationship(tenantId: string, relationship: PartnerRelationship): Promise<void>;
  /** Creates the subscription unless one with its id exists; returns the stored one. */
  createSubscription(subscription: Subscription): Promise<Subscription>;
}

export function isOfferBackend(x: unknown): x is OfferBackend {
  const o = x as Partial<OfferBackend> | undefined;
  return typeof o?.addRelationship === 'function' && typeof o.createSubscription === 'function';
}
