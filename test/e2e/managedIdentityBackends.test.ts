import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTOSO, USERS } from '../../bot/demo/demoData';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { BillingProcess } from '../support/billingProcess';
import { BotProcess } from '../support/botProcess';
import { actionByVerb, cardOf, cardText } from '../support/cards';
import { alex } from '../support/demoUsers';
import { FakeBotFrameworkKeys } from '../support/fakeBotFrameworkKeys';
import { FakeEntra } from '../support/fakeEntra';
import { FakeGraph, TEMPLATES } from '../support/fakeGraph';
import { LocalConnector } from '../support/localConnector';
import { selfSignedCert } from '../support/selfSignedCert';
import { cardAction, message } from '../support/teamsActivities';

/**
 * A deployment with no secret anywhere: the bot's user-assigned managed identity signs its replies and
 * is also how it reads Graph (GRAPH_AUTH=managedIdentity), calls the billing service (BILLING_AUTH=entra,
 * the service checking the token against the JWKS, issuer and audience) and keeps its records in Blob
 * Storage (BLOB_AUTH=managedIdentity on Azurite with OAuth over HTTPS). One complete change, end to end.
 */
const APP_ID = '5e1f0c3a-2b4d-4e6f-8a1b-9c0d1e2f3a4b';
const BILLING_AUDIENCE = 'api://partner-billing';
const STORAGE = 'https://storage.azure.com';

let entra: FakeEntra;
let keys: FakeBotFrameworkKeys;
let graph: FakeGraph;
let azurite: RunningAzurite;
let billing: BillingProcess;
let connector: LocalConnector;
let bot: BotProcess;
let dir: string;

function botEnv(dataDir: string): Record<string, string> {
  return {
    NODE_ENV: 'production',
    MicrosoftAppType: 'UserAssignedMSI',
    MicrosoftAppId: APP_ID,
    MicrosoftAppTenantId: CONTOSO,
    IDENTITY_ENDPOINT: entra.identityEndpoint,
    IDENTITY_HEADER: entra.identityHeader,
    BOT_OPENID_METADATA_URL: keys.metadataUrl,
    DIRECTORY_BACKEND: 'graph',
    GRAPH_AUTH: 'managedIdentity',
    GRAPH_BASE_URL: graph.graphUrl,
    BILLING_BACKEND: 'http',
    BILLING_BASE_URL: billing.baseUrl,
    BILLING_AUTH: 'entra',
    BILLING_SCOPE: BILLING_AUDIENCE,
    STORE_BACKEND: 'blob',
    BLOB_AUTH: 'managedIdentity',
    BLOB_ACCOUNT_URL: azurite.accountUrl,
    BLOB_CONTAINER: 'managed-identity',
    NODE_EXTRA_CA_CERTS: join(dir, 'azurite-ca.pem'),
    DATA_DIR: dataDir,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'por-msi-'));
  entra = await new FakeEntra().start();
  entra.managedIdentities.push({ clientId: APP_ID, tenantId: CONTOSO });
  keys = await new FakeBotFrameworkKeys().start();
  graph = new FakeGraph();
  await graph.start();
  graph.tenants.set(CONTOSO, { displayName: 'Contoso', users: { [USERS.alex]: [TEMPLATES.globalAdmin] }, subscriptions: [] });
  // Graph takes any Entra token with its audience: here, the managed identity's.
  graph.acceptToken = (token) => {
    const issued = entra.issuedToken(token);
    return issued?.resource === graph.graphUrl ? issued.tenantId : undefined;
  };
  const tls = selfSignedCert();
  writeFileSync(join(dir, 'azurite-ca.pem'), tls.cert);
  azurite = await startAzurite({ oauth: { ...tls, dir } });
  billing = await BillingProcess.start({
    BILLING_SERVE_DB: join(dir, 'billing.sqlite'),
    BILLING_SERVE_AUTH: 'entra',
    BILLING_SERVE_JWKS_URL: entra.jwksUrl,
    BILLING_SERVE_ISSUER: `https://sts.windows.net/${CONTOSO}/,https://login.microsoftonline.com/${CONTOSO}/v2.0`,
    BILLING_SERVE_AUDIENCE: BILLING_AUDIENCE,
    BILLING_SERVE_ALLOWED_CLIENTS: APP_ID,
  });
  connector = new LocalConnector();
  connector.requireAuthorization = (header) => entra.issuedToken(header?.replace(/^Bearer /, ''))?.clientId === APP_ID;
  await connector.start();
  bot = await BotProcess.start(botEnv(join(dir, 'data-1')), connector, 60_000);
}, 90_000);

afterAll(async () => {
  await bot?.stop();
  await connector?.stop();
  await billing?.stop();
  await azurite?.stop();
  await graph?.stop();
  await keys?.stop();
  await entra?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The confirm button of the first test's card, clicked again on the next instance. */
let confirmClick: { data: any; replyToId?: string };
const signed = (activity: { serviceUrl: string }) => ({ authorization: `Bearer ${keys.mint({ aud: APP_ID, serviceurl: activity.serviceUrl })}` });

test('a change from message to result: Graph, billing and Blob Storage all reached with the managed identity, no secret set', async () => {
  const ask = message(alex, connector.url, 'add partner 1234567 to Business Premium');
  expect((await bot.post(ask, signed(ask))).status).toBe(200);
  const posted = connector.received.filter((r) => r.conversationId === ask.conversation.id);
  const confirmCard = cardOf(posted[posted.length - 1]!.body);
  expect(cardText(confirmCard)).toContain('Confirm: add the partner');

  const action = actionByVerb(confirmCard, 'draft.confirm');
  confirmClick = { data: action.data, replyToId: posted[posted.length - 1]!.createdId };
  const click = cardAction(alex, connector.url, 'draft.confirm', action.data, confirmClick.replyToId);
  const res = await bot.post(click, signed(click));
  expect(res.status).toBe(200);
  expect(cardText(res.body.value)).toMatch(/Done[\s\S]*Litware Cloud Partners was added on 1 of 1 subscriptions/);

  // Each resource got the managed identity's own token, for itself.
  const resources = new Set(entra.issued.filter((t) => t.clientId === APP_ID && t.how === 'managedIdentity').map((t) => t.resource));
  expect([...resources].sort()).toEqual([BILLING_AUDIENCE, graph.graphUrl, 'https://api.botframework.com', STORAGE].sort());
  expect(graph.graphRequests.length).toBeGreaterThan(0);
  for (const r of graph.graphRequests) expect(entra.issuedToken(r.authorization?.replace(/^Bearer /, ''))?.resource).toBe(graph.graphUrl);
  expect(billing.logs.filter((l) => l.msg === 'caller refused')).toEqual([]);
  expect(entra.refusals).toEqual([]);
});

test('the billing service refuses a call without a token, with a token for another audience, and from another client', async () => {
  const url = `${billing.baseUrl}/v1/tenants/${CONTOSO}/account`;
  const call = (authorization?: string) => fetch(url, { headers: authorization ? { authorization } : {} }).then((r) => r.status);
  expect(await call()).toBe(401);
  const storageToken = entra.issued.find((t) => t.resource === STORAGE)!.token;
  expect(await call(`Bearer ${storageToken}`)).toBe(401);
  const otherClient = entra.mint({ iss: `https://sts.windows.net/${CONTOSO}/`, aud: BILLING_AUDIENCE, appid: '99999999-0000-4000-8000-000000000099', tid: CONTOSO });
  expect(await call(`Bearer ${otherClient}`)).toBe(401);
  const forgedTenant = entra.mint({ iss: 'https://sts.windows.net/0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f/', aud: BILLING_AUDIENCE, appid: APP_ID });
  expect(await call(`Bearer ${forgedTenant}`)).toBe(401);
  const good = entra.mint({ iss: `https://sts.windows.net/${CONTOSO}/`, aud: BILLING_AUDIENCE, appid: APP_ID, tid: CONTOSO });
  expect(await call(`Bearer ${good}`)).toBe(200);
  expect(billing.logs.filter((l) => l.msg === 'caller refused').map((l) => l.reason)).toEqual([
    'no bearer token',
    expect.stringMatching(/ERR_JWT_CLAIM_VALIDATION_FAILED.*aud/),
    expect.stringMatching(/client 99999999-0000-4000-8000-000000000099 is not allowed/),
    expect.stringMatching(/ERR_JWT_CLAIM_VALIDATION_FAILED.*iss/),
  ]);
});

test('the records the managed identity wrote to Blob Storage are there for the next instance', async () => {
  await bot.stop();
  bot = await BotProcess.start(botEnv(join(dir, 'data-2')), connector, 60_000);
  // The change's draft lives in the blob container: the new instance knows it was applied, once.
  const again = cardAction(alex, connector.url, 'draft.confirm', confirmClick.data, confirmClick.replyToId);
  const res = await bot.post(again, signed(again));
  expect(res.status).toBe(200);
  expect(cardText(res.body.value)).toContain('This change was already confirmed; it was applied once.');
  expect(bot.logs.filter((l) => l.level >= 50)).toEqual([]);
});
