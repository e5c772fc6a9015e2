import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BotProcess, waitFor } from '../support/botProcess';
import { alex } from '../support/demoUsers';
import { FakeBotFrameworkKeys } from '../support/fakeBotFrameworkKeys';
import { FakeEntra } from '../support/fakeEntra';
import { LocalConnector } from '../support/localConnector';
import { rsaClientCertificate } from '../support/selfSignedCert';
import { message } from '../support/teamsActivities';

/**
 * The bot's identity, each of the three ways a new Azure Bot can have it, end to end on loopback: the real
 * process in production mode, Teams-signed activities in, and replies out to a connector that takes only
 * the token Entra issued to that identity for the Bot Connector.
 */
const TENANT = '6d3b1f2a-7c4e-4f1a-9b2c-3d4e5f6a7b8c';
const OTHER_TENANT = '0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f';
const BOT_CONNECTOR = 'https://api.botframework.com';

let entra: FakeEntra;
let keys: FakeBotFrameworkKeys;
let dir: string;
let caFile: string;

beforeAll(async () => {
  entra = await new FakeEntra().start();
  keys = await new FakeBotFrameworkKeys().start();
  dir = mkdtempSync(join(tmpdir(), 'por-identity-'));
  caFile = join(dir, 'test-ca.pem');
  writeFileSync(caFile, entra.ca);
});
afterAll(async () => {
  await entra?.stop();
  await keys?.stop();
  rmSync(dir, { recursive: true, force: true });
});

type Way = 'secret' | 'certificate' | 'managedIdentity';
/** The settings of each way, registering the identity with the fake Entra as an admin would in Azure. */
const ways: [string, Way, (appId: string) => Record<string, string>][] = [
  [
    'SingleTenant with a client secret',
    'secret',
    (appId) => {
      entra.apps.push({ clientId: appId, tenantId: TENANT, secret: 'a-client-secret-of-the-registration' });
      return { MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'a-client-secret-of-the-registration', BOT_LOGIN_URL: entra.loginUrl };
    },
  ],
  [
    'SingleTenant with a certificate (SHA-256 thumbprint, key from a PEM file)',
    'certificate',
    (appId) => {
      const cert = rsaClientCertificate();
      entra.apps.push({ clientId: appId, tenantId: TENANT, certificatePem: cert.cert });
      const keyFile = join(dir, `${appId}.pem`);
      writeFileSync(keyFile, cert.key);
      return { MicrosoftAppType: 'SingleTenant', CertificateThumbprint: cert.sha256, CertificatePrivateKeyFile: keyFile, BOT_LOGIN_URL: entra.loginUrl };
    },
  ],
  [
    'UserAssignedMSI (App Service managed-identity protocol)',
    'managedIdentity',
    (appId) => {
      entra.managedIdentities.push({ clientId: appId, tenantId: TENANT });
      return { MicrosoftAppType: 'UserAssignedMSI', IDENTITY_ENDPOINT: entra.identityEndpoint, IDENTITY_HEADER: entra.identityHeader };
    },
  ],
];

describe.each(ways)('%s', (_name, way, settings) => {
  const appId = `b07${way.length}a1e-0000-4000-8000-00000000000${way.length % 10}`;
  let connector: LocalConnector;
  let bot: BotProcess;
  const signed = (activity: { serviceUrl: string }, claims: Record<string, unknown> = {}) => ({
    authorization: `Bearer ${keys.mint({ aud: appId, serviceurl: activity.serviceUrl, ...claims })}`,
  });

  beforeAll(async () => {
    connector = new LocalConnector();
    // The Bot Connector takes only a token Entra issued to this bot's identity, for itself.
    connector.requireAuthorization = (header) => {
      const token = entra.issuedToken(header?.replace(/^Bearer /, ''));
      return token?.clientId === appId && token.tenantId === TENANT && token.resource === BOT_CONNECTOR && token.how === way;
    };
    await connector.start();
    bot = await BotProcess.start(
      {
        NODE_ENV: 'production',
        MicrosoftAppId: appId,
        MicrosoftAppTenantId: TENANT,
        ...settings(appId),
        BOT_OPENID_METADATA_URL: keys.metadataUrl,
        BOT_ENTRA_OPENID_METADATA_URL: entra.openIdMetadataUrl,
        NODE_EXTRA_CA_CERTS: caFile,
        DATA_DIR: mkdtempSync(join(dir, 'data-')),
      },
      connector,
    );
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await connector?.stop();
  });

  test('a message signed by the Bot Framework is answered, and the reply carries the token Entra issued to this identity', async () => {
    const activity = message(alex, connector.url, 'who are our partners?');
    const res = await bot.post(activity, signed(activity));
    expect(res.status).toBe(200);
    const replies = connector.received.filter((r) => r.conversationId === activity.conversation.id);
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) {
      expect(entra.issuedToken(reply.authorization?.replace(/^Bearer /, ''))).toEqual(expect.objectContaining({ clientId: appId, tenantId: TENANT, resource: BOT_CONNECTOR, how: way }));
    }
    expect(connector.unauthorized).toEqual([]);
    expect(bot.logs.find((l) => l.msg === 'Bot Framework authentication on')).toEqual(expect.objectContaining({ identity: way }));
  });

  test('the connector refuses a reply without that token', async () => {
    const path = `v3/conversations/${encodeURIComponent(alex.conversationId ?? 'a:x')}/activities`;
    const anonymous = await fetch(`${connector.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"message","text":"hi"}' });
    expect(anonymous.status).toBe(401);
    const forged = entra.mint({ iss: `https://sts.windows.net/${TENANT}/`, aud: BOT_CONNECTOR, appid: appId, tid: TENANT });
    const notIssued = await fetch(`${connector.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${forged}` }, body: '{}' });
    expect(notIssued.status).toBe(401);
  });

  test("inbound: its own tenant's Entra tokens are accepted; another tenant's, a forged signature and another bot's audience are refused", async () => {
    const post = (claims: Record<string, unknown> | string) => {
      const activity = message(alex, connector.url, 'help');
      const token = typeof claims === 'string' ? claims : entra.mint(claims);
      return bot.post(activity, { authorization: `Bearer ${token}` });
    };
    expect((await post({ iss: `https://sts.windows.net/${TENANT}/`, aud: appId, appid: appId, tid: TENANT, ver: '1.0' })).status).toBe(200);
    expect((await post({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, aud: appId, azp: appId, tid: TENANT, ver: '2.0' })).status).toBe(200);
    expect((await post({ iss: `https://sts.windows.net/${OTHER_TENANT}/`, aud: appId, appid: appId, tid: OTHER_TENANT, ver: '1.0' })).status).toBe(401);
    expect((await post({ iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`, aud: appId, azp: appId, tid: OTHER_TENANT, ver: '2.0' })).status).toBe(401);
    const activity = message(alex, connector.url, 'help');
    const forged = keys.mint({ aud: appId, serviceurl: activity.serviceUrl }, { signWith: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey });
    expect((await bot.post(activity, { authorization: `Bearer ${forged}` })).status).toBe(401);
    expect((await bot.post(activity, signed(activity, { aud: '00000000-1111-2222-3333-444444444444' }))).status).toBe(401);
    await waitFor(() => bot.logs.find((l) => /another tenant|not accepted/.test(String(l.reason))), 5_000, 'the refusal logged with its reason');
  });
});
