import type { TenantAccount } from '../domain/types';
import { permissionsFor, type Permissions } from '../rules/permissions';
import type { FlowServices } from './services';

export interface AccessCheck {
  account: TenantAccount;
  permissions: Permissions;
}

/**
 * Reads the account type and the user's roles fresh for this turn. Called at the start of a flow and
 * again on every confirming action: a role removed meanwhile stops the change.
 */
export async function checkAccess(services: FlowServices, tenantId: string, userId: string): Promise<AccessCheck> {
  const account = await services.billing.getAccount(tenantId);
  const [directoryRoles, billingRoles] = await Promise.all([
    services.directory.getUserRoles(tenantId, userId),
    account.agreementType === 'MCA' ? services.billing.getBillingRoles(tenantId, userId) : Promise.resolve([]),
  ]);
  return { account, permissions: permissionsFor(account.agreementType, directoryRoles, billingRoles) };
}
