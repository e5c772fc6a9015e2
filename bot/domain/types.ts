/** Core domain types. Nothing here may import botbuilder: the host layer is replaceable. */

export type Cloud = 'worldwide' | 'china21vianet' | 'germany';
export type AgreementType = 'MOSA' | 'MCA';
/** How the tenant was created; syndication tenants (e.g. GoDaddy) cannot have a partner of record. */
export type TenantOrigin = 'direct' | 'syndication';

export interface TenantAccount {
  tenantId: string;
  displayName: string;
  cloud: Cloud;
  agreementType: AgreementType;
  origin: TenantOrigin;
}

/** Graph companySubscription status values. */
export type SubscriptionStatus = 'Enabled' | 'Warning' | 'Suspended' | 'Deleted' | 'LockedOut';
/** How the subscription was bought: directly, through a CSP reseller, or through a syndication partner. */
export type SalesChannel = 'direct' | 'reseller' | 'syndication';

export interface PartnerRef {
  partnerId: string;
  name: string;
}

export interface Subscription {
  id: string;
  tenantId: string;
  name: string;
  skuPartNumber: string;
  status: SubscriptionStatus;
  isTrial: boolean;
  totalLicenses: number;
  channel: SalesChannel;
  /** The CSP reseller the subscription was bought through (channel 'reseller'). */
  reseller?: PartnerRef;
  /** The advisor partner of record, set per subscription. */
  partnerOfRecord?: PartnerRef;
  /** Optimistic concurrency: bumped on every change. */
  version: number;
}

export type PartnerKind = 'advisor' | 'reseller';

export interface PartnerProfile {
  partnerId: string;
  name: string;
  location: string;
  active: boolean;
  /** Headquarters (global) IDs cannot be used: the partner's location ID is needed. */
  idType: 'location' | 'headquarters';
  kind: PartnerKind;
  /** For a headquarters ID, the location IDs that belong to it, when known. */
  locationIds?: string[];
  /** The partner organization's own Microsoft Entra tenant: only its users may register for this ID. */
  tenantId?: string;
}

/** A partner as the organization knows it by name: what a message that names it by company is read against. */
export interface PartnerName {
  partnerId: string;
  name: string;
  kind: PartnerKind;
}

export type PartnerLookup = { found: true; partner: PartnerProfile } | { found: false; partnerId: string };

export type RelationshipType =
  | 'advisor'
  | 'reseller'
  | 'indirect_reseller'
  | 'partner_gdap'
  | 'isv'
  | 'mpsa'
  | 'oem'
  | 'lob';

export interface PartnerRelationship {
  partnerId: string;
  name: string;
  type: RelationshipType;
  roles: string[];
}

export type DirectoryRole = 'GlobalAdministrator' | 'BillingAdministrator' | 'GlobalReader';

export type BillingRole =
  | 'BillingAccountOwner'
  | 'BillingAccountContributor'
  | 'BillingAccountReader'
  | 'BillingProfileOwner'
  | 'BillingProfileContributor'
  | 'BillingProfileReader'
  | 'InvoiceManager';

/** Who is acting, as taken from the Teams activity (never from card data). */
export interface Actor {
  tenantId: string;
  userId: string;
  displayName: string;
}
