import { EmbeddedBillingService } from '../bot/billing/embeddedBillingService';
import { EmbeddedDirectoryService } from '../bot/directory/embeddedDirectoryService';
import { SqliteStore } from '../bot/storage/sqliteStore';
import { benchData } from './benchData';

/** Seeds the bench admins before the bot starts; the bot then finds the data and leaves it (DEMO_SEED=false). */
export async function seedBenchStore(file: string, users: number): Promise<void> {
  const seedStore = new SqliteStore(file);
  const data = benchData(users);
  await new EmbeddedBillingService(seedStore).seed(data);
  await new EmbeddedDirectoryService(seedStore).seed(data);
  await seedStore.close();
}
