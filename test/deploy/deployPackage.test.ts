import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { ROOT } from '../../bot/paths';
import { nodeDistribution } from '../../bot/tools/nodeDistribution';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { BotProcess } from '../support/botProcess';
import { alex } from '../support/demoUsers';
import { FakeBotFrameworkKeys } from '../support/fakeBotFrameworkKeys';
import { FakeEntra } from '../support/fakeEntra';
import { LocalConnector } from '../support/localConnector';
import { selfSignedCert } from '../support/selfSignedCert';
import { message } from '../support/teamsActivities';
import { extractZip } from '../support/zip';

/**
 * `npm run package:deploy` makes what App Service runs from a package: the test builds it, unpacks it into
 * an empty directory and starts it there with `npm start`, as App Service does, in production with a
 * user-assigned managed identity. A message round trip shows nothing the bot needs is missing.
 */
const APP_ID = '3c9a7e15-8b2d-4f60-a1c4-7d8e9f0a1b2c';
const TENANT = '6d3b1f2a-7c4e-4f1a-9b2c-3d4e5f6a7b8c';
const localMajor = Number(process.versions.node.split('.')[0]);

let dir: string;
let app: string;
let entries: string[];
let entra: FakeEntra;
let keys: FakeBotFrameworkKeys;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'por-deploy-'));
  // For the Node.js running the tests, so no compile is needed here (the Node.js 22 build compiles better-sqlite3).
  execFileSync(process.execPath, ['--import', 'tsx', 'bot/tools/package-deploy.ts', `--node=${localMajor}`, `--out=${join(dir, 'deploy.zip')}`], { cwd: ROOT, stdio: 'pipe' });
  app = join(dir, 'wwwroot');
  entries = await extractZip(join(dir, 'deploy.zip'), app);
  entra = await new FakeEntra().start();
  entra.managedIdentities.push({ clientId: APP_ID, tenantId: TENANT });
  keys = await new FakeBotFrameworkKeys().start();
}, 240_000);

afterAll(async () => {
  await entra?.stop();
  await keys?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the zip holds the built bot, its production dependencies and run-time files, and nothing to build or test with', () => {
  const has = (name: string) => entries.includes(name);
  for (const f of ['package.json', 'dist/bot/main.js', 'dist/bot/app.js', 'cards/confirmChange.json', 'bot/i18n/locales/sv.json', 'bot/nlu/model/intentModel.json', 'node_modules/botbuilder/package.json', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node']) {
    expect(has(f)).toBe(true);
  }
  const bad = entries.filter((e) => /^(bot|test|bench)\/.*\.ts$|^node_modules\/(jest|typescript|tsx|azurite|ts-jest|playwright-core|@microsoft\/m365agentsplayground)\/|^dist\/.*\.map$/.test(e));
  expect(bad).toEqual([]);
  const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
  // What App Service runs: the built bot, without building.
  expect(pkg.scripts).toEqual({ start: 'exec node --max-old-space-size=192 --heap-growing-percent=100 dist/bot/main.js' });
});

/** Starts the unpacked package with `npm start` (PATH decides which Node.js), signs a message, returns the reply. */
async function roundTrip(env: Record<string, string>, pathPrefix = '') {
  const connector = new LocalConnector();
  connector.requireAuthorization = (header) => entra.issuedToken(header?.replace(/^Bearer /, ''))?.clientId === APP_ID;
  await connector.start();
  const bot = await BotProcess.start(
    {
      PATH: `${pathPrefix}${process.env.PATH}`,
      NODE_ENV: 'production',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppId: APP_ID,
      MicrosoftAppTenantId: TENANT,
      IDENTITY_ENDPOINT: entra.identityEndpoint,
      IDENTITY_HEADER: entra.identityHeader,
      BOT_OPENID_METADATA_URL: keys.metadataUrl,
      ...env,
    },
    connector,
    60_000,
    'bot listening',
    { file: 'npm', args: ['start', '--silent'], cwd: app },
  );
  try {
    const activity = message(alex, connector.url, 'who are our partners?');
    const res = await bot.post(activity, { authorization: `Bearer ${keys.mint({ aud: APP_ID, serviceurl: activity.serviceUrl })}` });
    const replies = connector.received.filter((r) => r.conversationId === activity.conversation.id);
    const listening = bot.logs.find((l) => l.msg === 'bot listening');
    // A stop as App Service makes one: SIGTERM to `npm start`, which must reach the bot and end with 0.
    await bot.stop();
    const exit = await bot.exited();
    return { status: res.status, replies, node: String(listening?.node), errors: bot.logs.filter((l) => l.level >= 50), unauthorized: connector.unauthorized.length, exit };
  } finally {
    await bot.stop();
    await connector.stop();
  }
}

test('unpacked into an empty directory, `npm start` serves a production bot with the managed identity (SQLite store)', async () => {
  const result = await roundTrip({ DATA_DIR: join(dir, 'data') });
  expect(result.status).toBe(200);
  expect(result.replies.length).toBeGreaterThan(0);
  expect(result.replies.map((r) => entra.issuedToken(r.authorization?.replace(/^Bearer /, ''))?.how)).toEqual(result.replies.map(() => 'managedIdentity'));
  expect(result.node).toBe(process.version);
  expect(result.errors).toEqual([]);
  expect(result.unauthorized).toBe(0);
  expect(result.exit).toEqual({ code: 0, signal: null });
});

describe('on Node.js 22 (the npm registry build), with the settings infra/azure.bicep gives App Service', () => {
  let azurite: RunningAzurite;
  beforeAll(async () => {
    const tls = selfSignedCert();
    writeFileSync(join(dir, 'azurite-ca.pem'), tls.cert);
    azurite = await startAzurite({ oauth: { ...tls, dir } });
  }, 60_000);
  afterAll(async () => {
    await azurite?.stop();
  });

  test('the same package answers on Node.js 22 with Blob Storage reached through the managed identity', async () => {
    const node22 = nodeDistribution(22);
    const result = await roundTrip(
      { STORE_BACKEND: 'blob', BLOB_AUTH: 'managedIdentity', BLOB_ACCOUNT_URL: azurite.accountUrl, BLOB_CONTAINER: 'deployed', NODE_EXTRA_CA_CERTS: join(dir, 'azurite-ca.pem'), DATA_DIR: join(dir, 'data-22') },
      `${dirname(node22.node)}${delimiter}`,
    );
    expect(result.node).toMatch(/^v22\./);
    expect(result.status).toBe(200);
    expect(result.replies.length).toBeGreaterThan(0);
    expect(result.errors).toEqual([]);
    expect(entra.issued.some((t) => t.resource === 'https://storage.azure.com')).toBe(true);
  }, 120_000);
});
