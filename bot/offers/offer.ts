import { transitionRecord, type Store } from '../storage/store';

export type OfferStatus = 'sent' | 'authorized' | 'completing' | 'completed' | 'declined' | 'expired';

/** A partner's offer to a customer in Office 365 operated by 21Vianet (the partner initiates there). */
export interface Offer {
  id: string;
  partnerId: string;
  partnerName: string;
  partnerLocation: string;
  tenantId: string;
  tenantName: string;
  /** A trial the offer comes with, created when the customer completes it. */
  trial?: { name: string; skuPartNumber: string; licenses: number };
  status: OfferStatus;
  sentBy: { tenantId: string; userId: string; name: string };
  decidedBy?: { userId: string; name: string; at: string };
  /** Subscriptions that got the partner as partner of record when the offer was completed. */
  appliedTo?: string[];
  createdAt: string;
  expiresAt: string;
  updatedAt: string;
}

const K = {
  offer: (id: string) => `offer:id:${id}`,
  byTenant: (tenantId: string) => `offer:tenant:${tenantId}:`,
};

export async function loadOffer(store: Store, id: string): Promise<Offer | undefined> {
  return (await store.get<Offer>(K.offer(id)))?.value;
}

export async function createOffer(store: Store, offer: Offer): Promise<void> {
  await store.put(K.offer(offer.id), offer, { ifAbsent: true });
  await store.put(`${K.byTenant(offer.tenantId)}${offer.id}`, { offerId: offer.id });
}

/** Offers still waiting for the customer's answer (not expired at `now`). */
export async function openOffersFor(store: Store, tenantId: string, now: Date): Promise<Offer[]> {
  const refs = await store.list<{ offerId: string }>(K.byTenant(tenantId));
  const offers = await Promise.all(refs.map((r) => loadOffer(store, r.value.offerId)));
  return offers.filter((o): o is Offer => Boolean(o && (o.status === 'sent' || o.status === 'authorized') && !isExpired(o, now)));
}

export function isExpired(offer: Offer, now: Date): boolean {
  return offer.status === 'expired' || ((offer.status === 'sent' || offer.status === 'authorized') && new Date(offer.expiresAt) <= now);
}

/** eTag-guarded status change: one click wins. */
export async function transitionOffer(store: Store, id: string, from: OfferStatus[], change: (o: Offer) => Offer, now: Date): Promise<{ offer: Offer | undefined; won: boolean }> {
  const { value, won } = await transitionRecord<Offer>(store, K.offer(id), from, change, now);
  return { offer: value, won };
}
