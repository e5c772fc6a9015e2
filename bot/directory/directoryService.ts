import type { DirectoryRole, SubscriptionStatus } from '../domain/types';

/** A tenant's subscription as the directory (Graph companySubscription) knows it. */
export interface DirectorySubscription {
  id: string;
  commerceSubscriptionId?: string;
  skuId?: string;
  skuPartNumber: string;
  status: SubscriptionStatus;
  isTrial: boolean;
  totalLicenses: number;
  /** Partner tenant that created the subscription, when a partner did. */
  ownerTenantId?: string;
}

export interface DirectoryOrganization {
  tenantId: string;
  displayName: string;
}

/** The directory port (Microsoft Graph in production): who holds which admin role in a tenant. */
export interface DirectoryService {
  getUserRoles(tenantId: string, userId: string): Promise<DirectoryRole[]>;
  /** Optional: the tenant's subscriptions with status and trial flag (Graph: /directory/subscriptions). */
  listSubscriptions?(tenantId: string): Promise<DirectorySubscription[]>;
  /** Optional: the tenant's organization name (Graph: /organization). */
  getOrganization?(tenantId: string): Promise<DirectoryOrganization>;
}
