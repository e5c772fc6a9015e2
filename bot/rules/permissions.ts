import type { AgreementType, BillingRole, DirectoryRole } from '../domain/types';

/** Roles that may change the partner of record (seed 000, "Before you begin"). */
const MOSA_MANAGERS: readonly DirectoryRole[] = ['GlobalAdministrator', 'BillingAdministrator'];
const MCA_MANAGERS: readonly BillingRole[] = [
  'BillingAccountOwner',
  'BillingAccountContributor',
  'BillingProfileOwner',
  'BillingProfileContributor',
  'InvoiceManager',
];
/** Roles that may look but not change. */
const MOSA_VIEWERS: readonly DirectoryRole[] = [...MOSA_MANAGERS, 'GlobalReader'];
const MCA_VIEWERS: readonly BillingRole[] = [...MCA_MANAGERS, 'BillingAccountReader', 'BillingProfileReader'];

export interface Permissions {
  agreementType: AgreementType;
  canManage: boolean;
  canView: boolean;
  directoryRoles: DirectoryRole[];
  billingRoles: BillingRole[];
}

export function permissionsFor(agreementType: AgreementType, directoryRoles: DirectoryRole[], billingRoles: BillingRole[]): Permissions {
  const canManage =
    agreementType === 'MOSA'
      ? directoryRoles.some((r) => MOSA_MANAGERS.includes(r))
      : billingRoles.some((r) => MCA_MANAGERS.includes(r));
  const canView =
    canManage ||
    (agreementType === 'MOSA'
      ? directoryRoles.some((r) => MOSA_VIEWERS.includes(r))
      : billingRoles.some((r) => MCA_VIEWERS.includes(r)) || directoryRoles.includes('GlobalAdministrator'));
  return { agreementType, canManage, canView, directoryRoles, billingRoles };
}
