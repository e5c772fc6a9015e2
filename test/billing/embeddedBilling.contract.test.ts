import { EmbeddedBillingService } from '../../bot/billing/embeddedBillingService';
import { demoData } from '../../bot/demo/demoData';
import { SqliteStore } from '../../bot/storage/sqliteStore';
import { billingContract } from './billingContract.suite';

billingContract('embedded', async () => {
  const store = new SqliteStore(':memory:');
  const service = new EmbeddedBillingService(store);
  await service.seed(demoData());
  return { service, close: () => store.close() };
});
