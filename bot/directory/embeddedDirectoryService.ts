import type { DemoData } from '../demo/demoData';
import type { DirectoryRole } from '../domain/types';
import type { Store } from '../storage/store';
import type { DirectoryService } from './directoryService';

const key = (tenantId: string, userId: string) => `directory:user:${tenantId}:${userId}`;

interface DirectoryUser {
  displayName: string;
  roles: DirectoryRole[];
}

/** Directory roles kept in the local store; stands in for Microsoft Graph by default. */
export class EmbeddedDirectoryService implements DirectoryService {
  constructor(private readonly store: Store) {}

  async seed(data: DemoData): Promise<void> {
    if (await this.store.get('directory:seeded')) return;
    for (const u of data.users) {
      await this.store.put<DirectoryUser>(key(u.tenantId, u.userId), { displayName: u.displayName, roles: u.directoryRoles });
    }
    await this.store.put('directory:seeded', { at: new Date().toISOString() });
  }

  async getUserRoles(tenantId: string, userId: string): Promise<DirectoryRole[]> {
    return (await this.store.get<DirectoryUser>(key(tenantId, userId)))?.value.roles ?? [];
  }
}
