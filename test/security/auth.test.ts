import { generateKeyPairSync } from 'node:crypto';
import { BotHarness } from '../support/botHarness';
import { cardText } from '../support/cards';
import { alex } from '../support/demoUsers';
import { FakeBotFrameworkKeys } from '../support/fakeBotFrameworkKeys';
import { updatedCard } from '../support/flowHelpers';
import { cardAction, message } from '../support/teamsActivities';

const APP_ID = '7f1a5c2e-4b7d-4e8a-9c3f-1d2e3f4a5b6c';

let keys: FakeBotFrameworkKeys;
let bot: BotHarness;
let consoleError: jest.SpyInstance;

beforeAll(async () => {
  // botframework-connector prints rejected tokens with console.error; keep the test output readable.
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  keys = await new FakeBotFrameworkKeys().start();
  bot = await new BotHarness(
    { MicrosoftAppId: APP_ID, MicrosoftAppTenantId: '6d3b1f2a-7c4e-4f1a-9b2c-3d4e5f6a7b8c', MicrosoftAppPassword: 'not-used-by-these-tests', BOT_OPENID_METADATA_URL: keys.metadataUrl },
    undefined,
    { captureLogs: true },
  ).start();
});
afterAll(async () => {
  await bot.stop();
  await keys.stop();
  consoleError.mockRestore();
});

/** Every stored record: a refused request must leave this exactly as it was. */
const snapshot = async () => JSON.stringify((await bot.app.services.store.list('')).map((r) => [r.key, r.value]));

/** A click on a button the bot does not know: the bot answers in the invoke response, no outbound call needed. */
const invoke = () => cardAction(alex, bot.connector.url, 'menu.unknownVerb', {});
const validClaims = (activity: { serviceUrl: string }) => ({ aud: APP_ID, serviceurl: activity.serviceUrl });

test('a token signed by a published key, for this bot and this service URL, is accepted and the bot answers', async () => {
  const activity = invoke();
  const res = await bot.post(activity, { authorization: `Bearer ${keys.mint(validClaims(activity))}` });
  expect(res.status).toBe(200);
  expect(cardText(updatedCard({ status: res.status, response: res.body }))).toMatch(/I can't use that/);
  // The adapter really fetched the metadata and the keys from the configured URL.
  expect(keys.requests).toEqual(expect.arrayContaining(['/v1/.well-known/openidconfiguration', '/v1/.well-known/keys']));
  // The bot ran: the user's address was remembered.
  expect(await bot.app.services.store.get(`address:user:${alex.tenantId}:${alex.aadObjectId}`)).toBeDefined();
});

const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

/** Case, headers, and the reason the library gave (logged, never answered) — so each case fails for its own reason. */
const refusals: [string, (activity: any) => Record<string, string>, RegExp][] = [
  ['no Authorization header', () => ({}), /Unauthorized Access/],
  ['a scheme other than Bearer', (a) => ({ authorization: `Basic ${keys.mint(validClaims(a))}` }), /No valid identity/],
  // Refused before botbuilder looks at it: a single-tenant bot takes the Bot Framework's and its own tenant's issuers only.
  ['a wrong issuer', (a) => ({ authorization: `Bearer ${keys.mint({ ...validClaims(a), iss: 'https://evil.example.com' })}` }), /token issuer not accepted by a single-tenant bot/],
  ['a wrong audience (another bot)', (a) => ({ authorization: `Bearer ${keys.mint({ ...validClaims(a), aud: '00000000-1111-2222-3333-444444444444' })}` }), /Invalid AppId/],
  ['an expired token (beyond the 5 min clock tolerance)', (a) => ({ authorization: `Bearer ${keys.mint({ ...validClaims(a), iat: 1_700_000_000, nbf: 1_700_000_000, exp: 1_700_003_600 })}` }), /expired/],
  ['an unknown key id', (a) => ({ authorization: `Bearer ${keys.mint(validClaims(a), { kid: 'key-nobody-published' })}` }), /Signing Key could not be retrieved/],
  ['a bad signature (the kid of a published key, signed with another key)', (a) => ({ authorization: `Bearer ${keys.mint(validClaims(a), { signWith: otherKey })}` }), /invalid signature/],
  ['an unsigned token (alg none)', (a) => ({ authorization: `Bearer ${keys.mint(validClaims(a), { alg: 'none' })}` }), /signature is required/],
  ['a serviceurl claim that does not match the activity', (a) => ({ authorization: `Bearer ${keys.mint({ ...validClaims(a), serviceurl: 'https://smba.evil.example.com/' })}` }), /ServiceUrl claim/],
  ['a key not endorsed for the msteams channel', (a) => ({ authorization: `Bearer ${keys.mint(validClaims(a), { kid: 'key-webchat' })}` }), /endorsement/],
  ['a token with a garbage payload', () => ({ authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.bm90LWpzb24.c2ln' }), /No valid identity/],
];

const lastRefusalReason = () => {
  const line = bot.logs.filter((l) => l.includes('inbound request refused')).pop();
  return line ? (JSON.parse(line).reason as string) : '';
};

test.each(refusals)('%s is refused with 401 and does nothing', async (_case, headersFor, reason) => {
  for (const activity of [invoke(), message(alex, bot.connector.url, 'add partner 1234567 to E3')]) {
    const before = await snapshot();
    const sentBefore = bot.connector.received.length;
    const res = await bot.post(activity, headersFor(activity));
    expect(res.status).toBe(401);
    expect(lastRefusalReason()).toMatch(reason);
    // Our words only: nothing from the token library or the exception.
    expect(res.body).toEqual({ error: { code: 'Unauthorized', message: 'Unauthorized.' } });
    expect(bot.connector.received.length).toBe(sentBefore);
    expect(await snapshot()).toBe(before);
  }
});

test('logs of refused and accepted requests carry ids and verbs, never the token', async () => {
  const activity = invoke();
  const token = keys.mint(validClaims(activity));
  await bot.post(activity, { authorization: `Bearer ${token}` });
  await bot.post(invoke(), { authorization: `Bearer ${keys.mint({ aud: 'someone-else' })}` });
  const text = bot.logs.join('');
  expect(text).toContain('inbound request refused');
  expect(text).toContain(activity.id);
  expect(text).toContain('menu.unknownVerb');
  expect(text).not.toContain(token.split('.')[2]!);
});
