import { DomainError } from '../domain/errors';
import type {
  PartnerName,
  BillingRole,
  PartnerLookup,
  PartnerProfile,
  PartnerRelationship,
  Subscription,
  TenantAccount,
} from '../domain/types';
import type { DemoData } from '../demo/demoData';
import { ConcurrencyError, type Store } from '../storage/store';
import type { BillingService, SetPartnerRequest } from './billingService';
import { partnerProblem, subscriptionProblem } from './partnerRules';

interface SubscriptionRecord extends Subscription {
  /** Idempotency key of the change that produced this version: makes a retried change a no-op. */
  lastChangeKey?: string;
}

const K = {
  seeded: 'billing:seeded',
  account: (t: string) => `billing:account:${t}`,
  sub: (t: string, s: string) => `billing:sub:${t}:${s}`,
  subs: (t: string) => `billing:sub:${t}:`,
  partner: (p: string) => `billing:partner:${p}`,
  partnerPrefix: 'billing:partner:',
  relationships: (t: string) => `billing:relationships:${t}`,
  roles: (t: string, u: string) => `billing:roles:${t}:${u}`,
  /** Scoped to the subscription: a key reused elsewhere is a different request, never the stored answer. */
  idem: (t: string, s: string, k: string) => `billing:idem:${t}:${s}:${k}`,
};

/**
 * The embedded billing backend: enforces the admin-center rules (DOMAIN.md §1–4) on data kept in the
 * durable store. Used by default, in tests, and served over HTTP as the reference backend.
 */
export class EmbeddedBillingService implements BillingService {
  constructor(private readonly store: Store) {}

  /** Loads demo data once; a restart keeps whatever changed since. */
  async seed(data: DemoData): Promise<void> {
    if (await this.store.get(K.seeded)) return;
    for (const a of data.accounts) await this.store.put(K.account(a.tenantId), a);
    for (const s of data.subscriptions) await this.store.put(K.sub(s.tenantId, s.id), s);
    for (const p of data.partners) await this.store.put(K.partner(p.partnerId), p);
    for (const [t, rels] of Object.entries(data.relationships)) await this.store.put(K.relationships(t), rels);
    for (const u of data.users) await this.store.put(K.roles(u.tenantId, u.userId), u.billingRoles);
    await this.store.put(K.seeded, { at: new Date().toISOString() });
  }

  async getAccount(tenantId: string): Promise<TenantAccount> {
    const item = await this.store.get<TenantAccount>(K.account(tenantId));
    if (!item) throw new DomainError('unknown_tenant', 'Tenant has no billing account here', { tenantId });
    return item.value;
  }

  async listSubscriptions(tenantId: string): Promise<Subscription[]> {
    const items = await this.store.list<SubscriptionRecord>(K.subs(tenantId));
    // Subscriptions exist only under an account: only an empty list needs the account looked up.
    if (items.length === 0) await this.getAccount(tenantId);
    return items.map((i) => publicView(i.value)).sort((a, b) => a.name.localeCompare(b.name));
  }

  async getSubscription(tenantId: string, subscriptionId: string): Promise<Subscription> {
    const item = await this.store.get<SubscriptionRecord>(K.sub(tenantId, subscriptionId));
    // A subscription of another tenant is "not found" here: never reveal that it exists.
    if (!item) throw new DomainError('not_found', 'No such subscription in this tenant', { subscriptionId });
    return publicView(item.value);
  }

  /** The demo's partner catalog: location IDs only (a headquarters ID cannot be partner of record). */
  async listPartnerNames(_tenantId: string): Promise<PartnerName[]> {
    const items = await this.store.list<PartnerProfile>(K.partnerPrefix);
    return items.filter((i) => i.value.idType === 'location').map(({ value: p }) => ({ partnerId: p.partnerId, name: p.name, kind: p.kind }));
  }

  async lookupPartner(partnerId: string): Promise<PartnerLookup> {
    const item = await this.store.get<PartnerProfile>(K.partner(partnerId));
    return item ? { found: true, partner: item.value } : { found: false, partnerId };
  }

  async setPartnerOfRecord(req: SetPartnerRequest): Promise<Subscription> {
    const done = await this.store.get<Subscription>(K.idem(req.tenantId, req.subscriptionId, req.idempotencyKey));
    if (done) return done.value;

    for (let attempt = 0; attempt < 5; attempt++) {
      const account = await this.getAccount(req.tenantId);
      const item = await this.store.get<SubscriptionRecord>(K.sub(req.tenantId, req.subscriptionId));
      if (!item) throw new DomainError('not_found', 'No such subscription in this tenant', { subscriptionId: req.subscriptionId });
      const current = item.value;
      // Applied before a crash but not yet recorded under the idempotency key.
      if (current.lastChangeKey === req.idempotencyKey) return this.remember(req, current);

      const blocked = subscriptionProblem(account, current);
      if (blocked) throw blocked;
      if (current.version !== req.expectedVersion) {
        throw new DomainError('conflict', 'Subscription changed since it was read', { subscriptionId: current.id, currentVersion: current.version });
      }

      let next: SubscriptionRecord;
      if (req.partnerId === null) {
        if (!current.partnerOfRecord) throw new DomainError('no_partner', 'Subscription has no partner of record', { subscriptionId: current.id });
        next = { ...current, partnerOfRecord: undefined };
      } else {
        if (current.partnerOfRecord?.partnerId === req.partnerId) {
          throw new DomainError('same_partner', 'Partner is already the partner of record', { subscriptionId: current.id, partnerId: req.partnerId });
        }
        const lookup = await this.lookupPartner(req.partnerId);
        const problem = partnerProblem(lookup);
        if (problem || !lookup.found) throw problem;
        next = { ...current, partnerOfRecord: { partnerId: lookup.partner.partnerId, name: lookup.partner.name } };
      }
      next.version = current.version + 1;
      next.lastChangeKey = req.idempotencyKey;
      try {
        await this.store.put(K.sub(req.tenantId, req.subscriptionId), next, { etag: item.etag });
      } catch (e) {
        if (e instanceof ConcurrencyError) continue; // re-read: the version check decides
        throw e;
      }
      return this.remember(req, next);
    }
    throw new DomainError('conflict', 'Subscription is being changed concurrently', { subscriptionId: req.subscriptionId });
  }

  async listRelationships(tenantId: string): Promise<PartnerRelationship[]> {
    await this.getAccount(tenantId);
    return (await this.store.get<PartnerRelationship[]>(K.relationships(tenantId)))?.value ?? [];
  }

  async getBillingRoles(tenantId: string, userId: string): Promise<BillingRole[]> {
    return (await this.store.get<BillingRole[]>(K.roles(tenantId, userId)))?.value ?? [];
  }

  /** For accepted partner offers (bot/offers): adds the relationship once per partner and type. */
  async addRelationship(tenantId: string, relationship: PartnerRelationship): Promise<void> {
    await this.getAccount(tenantId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const item = await this.store.get<PartnerRelationship[]>(K.relationships(tenantId));
      const current = item?.value ?? [];
      if (current.some((r) => r.partnerId === relationship.partnerId && r.type === relationship.type)) return;
      try {
        await this.store.put(K.relationships(tenantId), [...current, relationship], item ? { etag: item.etag } : { ifAbsent: true });
        return;
      } catch (e) {
        if (!(e instanceof ConcurrencyError)) throw e;
      }
    }
    throw new DomainError('conflict', 'Relationships are being changed concurrently', { tenantId });
  }

  /** For accepted partner offers that include a trial: creates the subscription once (by id). */
  async createSubscription(subscription: Subscription): Promise<Subscription> {
    await this.getAccount(subscription.tenantId);
    try {
      await this.store.put(K.sub(subscription.tenantId, subscription.id), subscription, { ifAbsent: true });
    } catch (e) {
      if (!(e instanceof ConcurrencyError)) throw e;
    }
    return this.getSubscription(subscription.tenantId, subscription.id);
  }

  private async remember(req: SetPartnerRequest, sub: SubscriptionRecord): Promise<Subscription> {
    const view = publicView(sub);
    await this.store.put(K.idem(req.tenantId, req.subscriptionId, req.idempotencyKey), view);
    return view;
  }
}

function publicView(record: SubscriptionRecord): Subscription {
  const { lastChangeKey: _ignored, ...sub } = record;
  return sub;
}
