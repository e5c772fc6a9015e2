import { HttpBillingService } from '../../bot/billing/http/httpBillingService';
import { serveEmbeddedBilling } from '../support/billingHttpHarness';
import { billingContract } from './billingContract.suite';

billingContract('HTTP adapter → served embedded service (loopback)', async () => {
  const apiKey = 'contract-test-key-0123456789';
  const served = await serveEmbeddedBilling({ apiKey });
  const service = new HttpBillingService({ baseUrl: served.baseUrl, apiKey, timeoutMs: 2000, retry: { maxAttempts: 1 } });
  return { service, close: served.close };
});
