import type { DirectoryRole } from '../domain/types';

/** The directory port (Microsoft Graph in production): who holds which admin role in a tenant. */
export interface DirectoryService {
  getUserRoles(tenantId: string, userId: string): Promise<DirectoryRole[]>;
}
