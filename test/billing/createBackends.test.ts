import { backendsConfigSchema } from '../../bot/backends/backendsConfig';
import { createBackends } from '../../bot/backends/createBackends';
import { EmbeddedBillingService } from '../../bot/billing/embeddedBillingService';
import { HttpBillingService } from '../../bot/billing/http/httpBillingService';
import { CONTOSO, USERS, demoData } from '../../bot/demo/demoData';
import { GraphDirectoryService } from '../../bot/directory/graph/graphDirectoryService';
import { SqliteStore } from '../../bot/storage/sqliteStore';
import { serveEmbeddedBilling } from '../support/billingHttpHarness';

describe('backends configuration', () => {
  it('defaults to the embedded backends', () => {
    const cfg = backendsConfigSchema.parse({});
    expect(cfg).toMatchObject({ DIRECTORY_BACKEND: 'embedded', BILLING_BACKEND: 'embedded', GRAPH_CLOUD: 'worldwide', GRAPH_ROLE_CACHE_SECONDS: 300 });
  });

  it('names the missing key when a remote backend lacks its settings', () => {
    const r = backendsConfigSchema.safeParse({ DIRECTORY_BACKEND: 'graph', BILLING_BACKEND: 'http', GRAPH_CLIENT_ID: 'app' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['BILLING_BASE_URL', 'GRAPH_CLIENT_SECRET']);
  });

  it('rejects bad values by key', () => {
    const r = backendsConfigSchema.safeParse({ GRAPH_CLOUD: 'germany', GRAPH_ROLE_CACHE_SECONDS: 'soon', BILLING_BASE_URL: 'ftp://x' });
    expect(r.error!.issues.map((i) => i.path[0]).sort()).toEqual(['BILLING_BASE_URL', 'GRAPH_CLOUD', 'GRAPH_ROLE_CACHE_SECONDS']);
  });
});

describe('createBackends', () => {
  it('builds seeded embedded services by default', async () => {
    const store = new SqliteStore(':memory:');
    const b = await createBackends(backendsConfigSchema.parse({}), { store, demoData: demoData() });
    expect(b.billing).toBeInstanceOf(EmbeddedBillingService);
    expect(await b.directory.getUserRoles(CONTOSO, USERS.alex)).toEqual(['GlobalAdministrator']);
    await store.close();
  });

  it('builds the Graph directory and an HTTP billing client that reaches the served service', async () => {
    const served = await serveEmbeddedBilling({ apiKey: 'factory-test-key-0123456789' });
    const store = new SqliteStore(':memory:');
    try {
      const cfg = backendsConfigSchema.parse({
        DIRECTORY_BACKEND: 'graph', GRAPH_CLOUD: 'china21vianet', GRAPH_CLIENT_ID: 'app', GRAPH_CLIENT_SECRET: 'secret',
        BILLING_BACKEND: 'http', BILLING_BASE_URL: served.baseUrl, BILLING_API_KEY: 'factory-test-key-0123456789',
      });
      const b = await createBackends(cfg, { store });
      expect(b.directory).toBeInstanceOf(GraphDirectoryService);
      expect(b.billing).toBeInstanceOf(HttpBillingService);
      expect((await b.billing.getAccount(CONTOSO)).displayName).toBe('Contoso');
    } finally {
      await store.close();
      await served.close();
    }
  });
});
