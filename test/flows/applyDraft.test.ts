import { EmbeddedBillingService } from '../../bot/billing/embeddedBillingService';
import { CONTOSO, demoData, SUBS, USERS } from '../../bot/demo/demoData';
import { applyDraft } from '../../bot/flows/applyDraft';
import { BackgroundTasks } from '../../bot/flows/backgroundTasks';
import type { ChangeDraft } from '../../bot/flows/draft';
import type { FlowServices } from '../../bot/flows/services';
import { createLogger } from '../../bot/logging/logger';
import { SqliteStore } from '../../bot/storage/sqliteStore';
import { ConcurrencyError, type Store } from '../../bot/storage/store';

const LEASE_MS = 60_000;
const ME = 'instance-me';
const now = new Date('2026-11-22T10:00:00Z');

let store: SqliteStore;
let billing: EmbeddedBillingService;
/** Writes to draft records, as seen by the real store underneath. */
let draftWrites: number;
let background: BackgroundTasks;
beforeEach(async () => {
  store = new SqliteStore(':memory:');
  billing = new EmbeddedBillingService(store);
  await billing.seed(demoData());
  draftWrites = 0;
  background = new BackgroundTasks(createLogger('silent'));
});
afterEach(async () => {
  await background.drain();
  await store.close();
});

function services(): FlowServices {
  const counted: Store = Object.create(store, {
    put: { value: (key: string, value: unknown, options?: object) => (key.startsWith('draft:') && draftWrites++, store.put(key, value, options)) },
  });
  return { store: counted, audit: store, billing, log: createLogger('silent'), now: () => now, resilience: { instanceId: ME, applyLeaseMs: LEASE_MS, background } } as unknown as FlowServices;
}

async function applyingDraft(lease: { owner: string; until: Date }, stored = lease): Promise<ChangeDraft> {
  const e3 = await billing.getSubscription(CONTOSO, SUBS.e3);
  const base = { id: '01a20000-0000-7000-8000-000000000001', tenantId: CONTOSO, ownerId: USERS.alex, mode: 'change' as const, language: 'en' as const, status: 'applying' as const };
  const draft: ChangeDraft = {
    ...base,
    subscriptionIds: [SUBS.e3],
    partnerId: '1234567',
    partner: { partnerId: '1234567', name: 'Contoso Partner', location: 'Seattle' },
    snapshot: [{ subscriptionId: SUBS.e3, name: e3.name, version: e3.version, oldPartner: e3.partnerOfRecord }],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await store.put(`draft:${draft.id}`, { ...draft, lease: { owner: stored.owner, until: stored.until.toISOString() } });
  return { ...draft, lease: { owner: lease.owner, until: lease.until.toISOString() } };
}

test('right after the claim (the whole lease left) the change is applied without renewing the lease', async () => {
  const draft = await applyingDraft({ owner: ME, until: new Date(now.getTime() + LEASE_MS) });
  const done = await applyDraft(services(), draft);
  expect(done.status).toBe('done');
  expect(draftWrites).toBe(1); // the outcome only
  expect((await billing.getSubscription(CONTOSO, SUBS.e3)).partnerOfRecord?.partnerId).toBe('1234567');
});

test('with less than half of the lease left it is renewed before the billing call', async () => {
  const draft = await applyingDraft({ owner: ME, until: new Date(now.getTime() + LEASE_MS / 4) });
  expect((await applyDraft(services(), draft)).status).toBe('done');
  expect(draftWrites).toBe(2); // the renewal, then the outcome
});

test('a lease that ran short and was taken over by another instance stops this one before billing', async () => {
  const draft = await applyingDraft({ owner: ME, until: new Date(now.getTime() + 10) }, { owner: 'instance-other', until: new Date(now.getTime() + LEASE_MS) });
  const left = await applyDraft(services(), draft);
  expect(left.lease?.owner).toBe('instance-other');
  expect(draftWrites).toBe(0);
  expect((await billing.getSubscription(CONTOSO, SUBS.e3)).partnerOfRecord?.partnerId).not.toBe('1234567');
});

test('a partner history that cannot be written (every write loses its race) leaves the change done, and says so in the log', async () => {
  const lines: string[] = [];
  const log = createLogger('info', { write: (line: string) => void lines.push(line) });
  background = new BackgroundTasks(log);
  const base = services();
  const losing: Store = Object.create(base.store, {
    put: { value: (key: string, value: unknown, options?: object) => (key.startsWith('partnershistory:') ? Promise.reject(new ConcurrencyError(key)) : base.store.put(key, value, options)) },
  });
  const draft = await applyingDraft({ owner: ME, until: new Date(now.getTime() + LEASE_MS) });
  const done = await applyDraft({ ...base, store: losing, log }, draft);
  expect(done.status).toBe('done');
  expect(done.results?.[0]?.outcome).toBe('applied');
  await background.drain();
  expect(lines.join('')).toMatch(/"task":"remember-partner".*background task failed/);
  expect((await store.get(`draft:${draft.id}`))?.value).toMatchObject({ status: 'done' });
});
