import type {
  BillingRole,
  PartnerLookup,
  PartnerName,
  PartnerRelationship,
  Subscription,
  TenantAccount,
} from '../domain/types';

/** A change of the partner of record on one subscription. `partnerId: null` removes it. */
export interface SetPartnerRequest {
  tenantId: string;
  subscriptionId: string;
  partnerId: string | null;
  /** The subscription version the admin confirmed; a different current version is a conflict. */
  expectedVersion: number;
  /** Same key → the change is applied at most once, and the retry gets the first result. */
  idempotencyKey: string;
  /** Audit only: who asked. */
  requestedBy: string;
}

/**
 * The billing service adapter: the port an organization plugs its commerce backend into.
 * There is no public customer-side API for the partner of record (DOMAIN.md §5).
 * Every method rejects with a DomainError for rule violations (unknown partner, CSP subscription, …).
 */
export interface BillingService {
  getAccount(tenantId: string): Promise<TenantAccount>;
  listSubscriptions(tenantId: string): Promise<Subscription[]>;
  getSubscription(tenantId: string, subscriptionId: string): Promise<Subscription>;
  lookupPartner(partnerId: string): Promise<PartnerLookup>;
  setPartnerOfRecord(request: SetPartnerRequest): Promise<Subscription>;
  listRelationships(tenantId: string): Promise<PartnerRelationship[]>;
  /** MCA billing roles of a user (empty for MOSA accounts). */
  getBillingRoles(tenantId: string, userId: string): Promise<BillingRole[]>;
  /**
   * The partners the organization deals with, by name and location Partner ID (optional): "add Tailspin to
   * the trial" is then understood without asking for the ID. A backend without it leaves such names to
   * the add form, which asks for the ID.
   */
  listPartnerNames?(tenantId: string): Promise<PartnerName[]>;
}
