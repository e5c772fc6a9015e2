import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedBillingService } from '../../bot/billing/embeddedBillingService';
import { createBillingServer } from '../../bot/billing/http/billingServer';
import { CONTOSO, demoData, SUBS, USERS } from '../../bot/demo/demoData';
import { SqliteStore } from '../../bot/storage/sqliteStore';
import { BotHarness } from '../support/botHarness';
import { cardText } from '../support/cards';
import { adele, alex } from '../support/demoUsers';
import { CLIENT_ID, CLIENT_SECRET, FakeGraph, TEMPLATES } from '../support/fakeGraph';
import { lastCard, press } from '../support/flowHelpers';

/**
 * The change-partner flow with the real backends selected: Microsoft Graph for roles (a loopback Graph
 * and token endpoint) and the HTTP billing adapter talking to the billing service served over HTTP.
 */
const API_KEY = 'test-billing-key-0123456789';
const graph = new FakeGraph();
let billingServer: Server;
let billingStore: SqliteStore;
let billing: EmbeddedBillingService;
let bot: BotHarness;
const dir = mkdtempSync(join(tmpdir(), 'real-backends-'));

beforeAll(async () => {
  await graph.start();
  graph.tenants.set(CONTOSO, {
    displayName: 'Contoso',
    users: { [USERS.alex]: [TEMPLATES.globalAdmin], [USERS.adele]: [] },
    subscriptions: [],
  });
  billingStore = new SqliteStore(join(dir, 'billing.sqlite'));
  billing = new EmbeddedBillingService(billingStore);
  await billing.seed(demoData());
  billingServer = createBillingServer(billing, { apiKey: API_KEY });
  await new Promise<void>((resolve) => billingServer.listen(0, '127.0.0.1', resolve));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, graph.ca);
  bot = await new BotHarness({
    DIRECTORY_BACKEND: 'graph',
    GRAPH_CLIENT_ID: CLIENT_ID,
    GRAPH_CLIENT_SECRET: CLIENT_SECRET,
    GRAPH_BASE_URL: graph.graphUrl,
    GRAPH_LOGIN_URL: graph.loginUrl,
    GRAPH_EXTRA_CA_FILE: caFile,
    BILLING_BACKEND: 'http',
    BILLING_BASE_URL: `http://127.0.0.1:${(billingServer.address() as AddressInfo).port}`,
    BILLING_API_KEY: API_KEY,
  }).start();
});

afterAll(async () => {
  await bot.stop();
  billingServer.closeAllConnections();
  await new Promise<void>((resolve) => billingServer.close(() => resolve()));
  await billingStore.close();
  await graph.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('an admin whose role comes from Graph changes the partner through the HTTP billing service', async () => {
  const form = lastCard(await bot.say(alex, 'change our partner'));
  const confirm = await press(bot, alex, form, 'draft.check', { subscriptionIds: SUBS.e3, partnerId: '1234567' });
  expect(cardText(confirm.card)).toContain('Litware Cloud Partners');
  const result = await press(bot, alex, confirm.card, 'draft.confirm');
  expect(cardText(result.card)).toContain('Litware Cloud Partners is now the partner on 1 of 1 subscriptions.');

  // The change reached the billing backend behind the HTTP contract, and roles came from Graph.
  expect((await billing.getSubscription(CONTOSO, SUBS.e3)).partnerOfRecord?.partnerId).toBe('1234567');
  expect(graph.graphRequests.some((r) => r.path.includes(`/users/${USERS.alex}/transitiveMemberOf`))).toBe(true);
  expect(graph.tokenRequests.length).toBeGreaterThan(0);
});

test('a user Graph reports without an admin role is refused', async () => {
  const text = cardText(lastCard(await bot.say(adele, 'add partner 1234567 to Business Premium')));
  expect(text).toContain('you must be a Global admin or a Billing admin');
  expect((await billing.getSubscription(CONTOSO, SUBS.businessPremium)).partnerOfRecord).toBeUndefined();
});
