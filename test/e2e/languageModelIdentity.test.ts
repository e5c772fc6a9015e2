import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTOSO } from '../../bot/demo/demoData';
import { createLocalizer } from '../../bot/i18n/i18n';
import { BotProcess } from '../support/botProcess';
import { cardOf, cardText } from '../support/cards';
import { alex } from '../support/demoUsers';
import { FakeBotFrameworkKeys } from '../support/fakeBotFrameworkKeys';
import { FakeChatCompletions, reading } from '../support/fakeChatCompletions';
import { FakeEntra } from '../support/fakeEntra';
import { LocalConnector } from '../support/localConnector';
import { message } from '../support/teamsActivities';

/**
 * Azure OpenAI with the bot's own managed identity (LLM_AUTH=managedIdentity), no key anywhere: the real
 * process in production mode with a user-assigned managed identity, and an endpoint on loopback that
 * takes only a token Entra issued to that identity for Azure OpenAI's resource.
 */
const APP_ID = '7c2e4a1b-3d5f-4e6a-8b9c-0d1e2f3a4b5c';
const COGNITIVE_SERVICES = 'https://cognitiveservices.azure.com';

let entra: FakeEntra;
let keys: FakeBotFrameworkKeys;
let fake: FakeChatCompletions;
let connector: LocalConnector;
let bot: BotProcess;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'por-llm-msi-'));
  entra = await new FakeEntra().start();
  entra.managedIdentities.push({ clientId: APP_ID, tenantId: CONTOSO });
  keys = await new FakeBotFrameworkKeys().start();
  fake = await new FakeChatCompletions().start();
  fake.acceptAuthorization = (value) => {
    const token = entra.issuedToken(value?.replace(/^Bearer /, ''));
    return token?.clientId === APP_ID && token.resource === COGNITIVE_SERVICES && token.how === 'managedIdentity';
  };
  fake.answer = () => ({ content: JSON.stringify(reading({ intent: 'unknown', confidence: 0.95 })) });
  connector = new LocalConnector();
  await connector.start();
  writeFileSync(join(dir, 'ca.pem'), entra.ca);
  bot = await BotProcess.start(
    {
      NODE_ENV: 'production',
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppId: APP_ID,
      MicrosoftAppTenantId: CONTOSO,
      IDENTITY_ENDPOINT: entra.identityEndpoint,
      IDENTITY_HEADER: entra.identityHeader,
      BOT_OPENID_METADATA_URL: keys.metadataUrl,
      NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'),
      DATA_DIR: join(dir, 'data'),
      NLU_LLM: 'unsure',
      LLM_BASE_URL: fake.baseUrl,
      LLM_MODEL: 'gpt-4.1-mini',
      LLM_AUTH: 'managedIdentity',
    },
    connector,
    60_000,
  );
}, 90_000);

afterAll(async () => {
  await bot?.stop();
  await connector?.stop();
  await fake?.stop();
  await keys?.stop();
  await entra?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the model is called with a token of the managed identity for Azure OpenAI, and its reading answers the admin', async () => {
  const ask = message(alex, connector.url, 'can you add Megan to the partner channel');
  const res = await bot.post(ask, { authorization: `Bearer ${keys.mint({ aud: APP_ID, serviceurl: ask.serviceUrl })}` });
  expect(res.status).toBe(200);
  expect(fake.received).toHaveLength(1);
  const token = entra.issuedToken(fake.received[0]!.headers.authorization?.replace(/^Bearer /, ''));
  expect(token).toEqual(expect.objectContaining({ clientId: APP_ID, resource: COGNITIVE_SERVICES, how: 'managedIdentity' }));
  // The model's reading (something other than a partner request) answered, not the classifier's question.
  const posted = connector.received.filter((r) => r.conversationId === ask.conversation.id);
  const card = cardOf(posted[posted.length - 1]!.body);
  expect(cardText(card)).toContain(createLocalizer().t('en')('welcome.notUnderstood'));
  expect(bot.logs.find((l) => l.msg === 'language model read the message')).toEqual(expect.objectContaining({ llm: 'used' }));
  expect(bot.logs.find((l) => l.msg?.startsWith('language model on'))).toEqual(expect.objectContaining({ auth: 'managedIdentity', model: 'gpt-4.1-mini' }));
});
