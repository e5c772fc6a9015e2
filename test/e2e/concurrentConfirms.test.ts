import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedBillingService } from '../../bot/billing/embeddedBillingService';
import { demoData } from '../../bot/demo/demoData';
import { EmbeddedDirectoryService } from '../../bot/directory/embeddedDirectoryService';
import { partnersUsedBefore } from '../../bot/partners/partnerHistory';
import { BlobStore } from '../../bot/host/blobStore';
import { SqliteStore } from '../../bot/storage/sqliteStore';
import type { Store } from '../../bot/storage/store';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { BotHarness } from '../support/botHarness';
import { cardText } from '../support/cards';
import { lastCard, press } from '../support/flowHelpers';
import { message, type TeamsUser } from '../support/teamsActivities';

/**
 * Many admins of one tenant confirming at once: every change touches the tenant's one partner-history
 * record. Remembering a partner must never turn an applied change into an "Applying the change…" card.
 */
const TENANT = 'c0000000-0000-4000-8000-000000000001';
const ADMINS = 24;
const PARTNERS = ['1234567', '4391507'] as const;
const hex = (n: number) => n.toString(16).padStart(12, '0');
const admin = (i: number): TeamsUser & { subscriptionId: string } => ({
  tenantId: TENANT,
  aadObjectId: `c1000000-0000-4000-8000-${hex(i)}`,
  name: `Admin ${i}`,
  locale: 'en-US',
  subscriptionId: `c2000000-0000-4000-8000-${hex(i)}`,
});

function busyTenant() {
  const data = demoData();
  data.accounts.push({ tenantId: TENANT, displayName: 'Busy Tenant', cloud: 'worldwide', agreementType: 'MOSA', origin: 'direct' });
  data.relationships[TENANT] = [];
  for (let i = 0; i < ADMINS; i++) {
    const a = admin(i);
    data.subscriptions.push({ id: a.subscriptionId, tenantId: TENANT, name: `Microsoft 365 Business Premium ${i}`, skuPartNumber: 'SPB', status: 'Enabled', isTrial: false, channel: 'direct', totalLicenses: 10, version: 1 });
    data.users.push({ tenantId: TENANT, userId: a.aadObjectId, displayName: a.name, directoryRoles: ['GlobalAdministrator'], billingRoles: [] });
  }
  return data;
}

async function seed(store: Store): Promise<void> {
  await new EmbeddedBillingService(store).seed(busyTenant());
  await new EmbeddedDirectoryService(store).seed(busyTenant());
  await store.close();
}

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite.stop();
});

/** The bot on the store a deployment would give it, seeded with the busy tenant before it starts. */
const stores: [string, () => Promise<BotHarness>][] = [
  [
    'SQLite',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'por-busy-tenant-'));
      await seed(new SqliteStore(join(dataDir, 'bot.sqlite')));
      return new BotHarness({ DEMO_SEED: 'false' }, dataDir).start();
    },
  ],
  [
    'Blob Storage (Azurite)',
    async () => {
      await seed(new BlobStore(azurite.connectionString, 'busy-tenant'));
      return new BotHarness({ DEMO_SEED: 'false', STORE_BACKEND: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: 'busy-tenant' }).start();
    },
  ],
];

describe.each(stores)('on %s', (_name, start) => {
  let bot: BotHarness;
  beforeAll(async () => {
    bot = await start();
  }, 60_000);
  afterAll(async () => {
    await bot.stop();
  });

  test(`${ADMINS} admins of one tenant confirm at the same moment: each sees its result, every change is applied and remembered once`, async () => {
    // Each admin opens the form and checks a Partner ID for their own subscription (alternating partners,
    // so that the tenant's history record really changes with every confirm).
    const confirms = await Promise.all(
      Array.from({ length: ADMINS }, async (_, i) => {
        const a = admin(i);
        await bot.post(message(a, bot.connector.url, 'add a partner'));
        const form = lastCard(bot.connector.messagesTo(`a:personal-${a.aadObjectId}`));
        const checked = await press(bot, a, form, 'draft.check', { subscriptionIds: a.subscriptionId, partnerId: PARTNERS[i % 2] });
        return { a, card: checked.card };
      }),
    );
    // Then all confirm at once.
    const results = await Promise.all(confirms.map(({ a, card }) => press(bot, a, card, 'draft.confirm')));

    const texts = results.map((r) => cardText(r.card));
    expect(texts.filter((t) => /Applying the change/.test(t))).toEqual([]);
    for (const t of texts) expect(t).toMatch(/Done/);
    for (let i = 0; i < ADMINS; i++) {
      const sub = await bot.app.services.billing.getSubscription(TENANT, admin(i).subscriptionId);
      expect(sub.partnerOfRecord?.partnerId).toBe(PARTNERS[i % 2]);
    }
    const applied = (await bot.app.services.audit.recent(TENANT, 1000)).filter((e) => e.outcome === 'applied');
    expect(applied).toHaveLength(ADMINS);
    // Remembered off the turn, once the changes are done.
    await bot.app.services.resilience.background.drain();
    expect((await partnersUsedBefore(bot.app.services.store, TENANT)).map((p) => p.partnerId).sort()).toEqual([...PARTNERS].sort());
  });
});
