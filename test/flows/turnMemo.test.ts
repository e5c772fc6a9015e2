import { EmbeddedBillingService } from '../../bot/billing/embeddedBillingService';
import { CONTOSO, SUBS, USERS, demoData } from '../../bot/demo/demoData';
import { EmbeddedDirectoryService } from '../../bot/directory/embeddedDirectoryService';
import type { FlowServices } from '../../bot/flows/services';
import { servicesForTurn } from '../../bot/flows/turnMemo';
import { SqliteStore } from '../../bot/storage/sqliteStore';
import { CallCounter, counting } from '../../bench/countingPorts';

let store: SqliteStore;
let services: FlowServices;
let calls: CallCounter;

beforeEach(async () => {
  store = new SqliteStore(':memory:');
  const billing = new EmbeddedBillingService(store);
  const directory = new EmbeddedDirectoryService(store);
  await billing.seed(demoData());
  await directory.seed(demoData());
  calls = new CallCounter();
  services = { billing: counting('billing', billing, calls), directory: counting('directory', directory, calls), store } as unknown as FlowServices;
});
afterEach(() => store.close());

test('within a turn each distinct read reaches the backend once; a new turn reads again', async () => {
  const turn = servicesForTurn(services);
  const [a, b] = await Promise.all([turn.billing.getAccount(CONTOSO), turn.billing.getAccount(CONTOSO)]);
  expect(a).toEqual(b);
  await turn.billing.listSubscriptions(CONTOSO);
  await turn.billing.listSubscriptions(CONTOSO);
  await turn.directory.getUserRoles(CONTOSO, USERS.alex);
  await turn.directory.getUserRoles(CONTOSO, USERS.megan); // another user: another read
  expect(calls.counts).toEqual({ 'billing.getAccount': 1, 'billing.listSubscriptions': 1, 'directory.getUserRoles': 2 });

  await servicesForTurn(services).billing.getAccount(CONTOSO);
  expect(calls.counts['billing.getAccount']).toBe(2);
});

test('a write forgets the reads it changes: reads after it see the change, the account is not read again', async () => {
  const turn = servicesForTurn(services);
  await turn.billing.getAccount(CONTOSO);
  const list = await turn.billing.listSubscriptions(CONTOSO);
  const before = await turn.billing.getSubscription(CONTOSO, SUBS.businessPremium);
  await turn.billing.setPartnerOfRecord({ tenantId: CONTOSO, subscriptionId: SUBS.businessPremium, partnerId: '1234567', expectedVersion: before.version, idempotencyKey: 'k1', requestedBy: USERS.alex });
  const after = await turn.billing.getSubscription(CONTOSO, SUBS.businessPremium);
  expect(after.partnerOfRecord?.partnerId).toBe('1234567');
  expect(after.version).toBe(before.version + 1);
  expect(calls.counts['billing.getSubscription']).toBe(2);
  const listAfter = await turn.billing.listSubscriptions(CONTOSO);
  expect(listAfter.find((x) => x.id === SUBS.businessPremium)?.partnerOfRecord?.partnerId).toBe('1234567');
  expect(list.find((x) => x.id === SUBS.businessPremium)?.partnerOfRecord).toBeUndefined();
  await turn.billing.getAccount(CONTOSO);
  expect(calls.counts['billing.getAccount']).toBe(1);
});

test('a failed read is not remembered', async () => {
  const turn = servicesForTurn(services);
  await expect(turn.billing.getAccount('no-such-tenant')).rejects.toMatchObject({ code: 'unknown_tenant' });
  await expect(turn.billing.getAccount('no-such-tenant')).rejects.toMatchObject({ code: 'unknown_tenant' });
  expect(calls.counts['billing.getAccount']).toBe(2);
});
