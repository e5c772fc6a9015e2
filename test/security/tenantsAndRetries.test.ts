import { CONTOSO, SUBS } from '../../bot/demo/demoData';
import { PartnerOfRecordBot } from '../../bot/conversation/partnerOfRecordBot';
import { BotHarness } from '../support/botHarness';
import { cardOf, cardText } from '../support/cards';
import { alex, wingtipAdmin } from '../support/demoUsers';
import { lastCard, subscription, updatedCard } from '../support/flowHelpers';
import { cardAction, message } from '../support/teamsActivities';

let bot: BotHarness;
beforeAll(async () => {
  bot = await new BotHarness({ ALLOWED_TENANTS: CONTOSO }, undefined, { captureLogs: true }).start();
});
afterAll(async () => {
  await bot.stop();
});

const snapshot = async () => JSON.stringify((await bot.app.services.store.list('')).map((r) => [r.key, r.value]));
const sentSince = (n: number) => bot.connector.received.slice(n).map((r) => r.body);

describe('tenant allow-list (ALLOWED_TENANTS)', () => {
  test('a message from a tenant not on the list gets one short refusal and nothing else runs', async () => {
    const before = await snapshot();
    const n = bot.connector.received.length;
    const res = await bot.post(message(wingtipAdmin, bot.connector.url, 'who are our partners'));
    expect(res.status).toBe(200);
    const sent = sentSince(n);
    expect(sent).toHaveLength(1);
    expect(sent[0].text).toBe("This bot isn't available to your organization. Ask your administrator.");
    expect(cardOf(sent[0])).toBeUndefined();
    expect(await snapshot()).toBe(before);
    expect(bot.logs.join('')).toContain('tenant not allowed');
  });

  test('the refusal is in the language of the Teams client', async () => {
    const n = bot.connector.received.length;
    await bot.post(message({ ...wingtipAdmin, locale: 'sv-SE' }, bot.connector.url, 'vilka partner har vi'));
    expect(sentSince(n).map((a) => a.text)).toEqual(['Den här boten är inte tillgänglig för din organisation. Kontakta din administratör.']);
  });

  test('a card action from a tenant not on the list gets a 403 invoke answer and nothing else', async () => {
    const before = await snapshot();
    const n = bot.connector.received.length;
    const res = await bot.post(cardAction(wingtipAdmin, bot.connector.url, 'menu.view', {}));
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ statusCode: 403, type: 'application/vnd.microsoft.error', value: { code: 'Forbidden', message: "This bot isn't available to your organization. Ask your administrator." } });
    expect(sentSince(n)).toHaveLength(0);
    expect(await snapshot()).toBe(before);
  });

  test('an install from a tenant not on the list is ignored (no welcome)', async () => {
    const n = bot.connector.received.length;
    expect((await bot.install(wingtipAdmin)).length).toBe(0);
    expect(bot.connector.received.length).toBe(n);
  });

  test('an allowed tenant id in channelData with another tenant in the conversation is refused', async () => {
    const forged = cardAction(alex, bot.connector.url, 'menu.view', {});
    forged.conversation.tenantId = wingtipAdmin.tenantId;
    expect((await bot.post(forged)).status).toBe(403);
    const noTenant = message(alex, bot.connector.url, 'hello') as any;
    delete noTenant.channelData;
    delete noTenant.conversation.tenantId;
    const n = bot.connector.received.length;
    expect((await bot.post(noTenant)).status).toBe(200);
    expect(sentSince(n).map((a) => a.text)).toEqual(["This bot isn't available to your organization. Ask your administrator."]);
  });

  test('the allowed tenant is served as usual', async () => {
    const replies = await bot.say(alex, 'who are our partners');
    expect(cardText(lastCard(replies))).toContain('Your partners');
  });
});

describe('retried activities (same id, as Teams resends after 15 s)', () => {
  test('a retried message is recognized: no second set of replies, and the turn ran once', async () => {
    const activity = message(alex, bot.connector.url, 'add partner 1234567 to E3');
    const drafts = async () => (await bot.app.services.store.list('draft:')).length;
    const draftsBefore = await drafts();
    const n = bot.connector.received.length;
    expect((await bot.post(activity)).status).toBe(200);
    const first = sentSince(n);
    expect(first.length).toBeGreaterThan(0);
    const m = bot.connector.received.length;
    expect((await bot.post(activity)).status).toBe(200);
    expect(sentSince(m)).toHaveLength(0);
    expect(await drafts()).toBe(draftsBefore + 1);
  });

  test('two deliveries of the same confirm racing each other apply it once and both get the first answer', async () => {
    const confirm = lastCard(await bot.say(alex, 'add partner 4391507 to business premium'));
    const version = (await subscription(bot, CONTOSO, SUBS.businessPremium)).version;
    const activity = cardAction(alex, bot.connector.url, 'draft.confirm', confirm.actions[0].data);
    const [a, b] = await Promise.all([bot.post(activity), bot.post(activity)]);
    expect(a).toEqual(b);
    expect(cardText(updatedCard({ status: a.status, response: a.body }))).toContain('Done');
    expect((await subscription(bot, CONTOSO, SUBS.businessPremium)).version).toBe(version + 1);
  });

  test('the same activity id in another conversation is a different activity', async () => {
    const first = message(alex, bot.connector.url, 'help');
    const other = { ...message({ ...alex, conversationId: 'a:another-chat' }, bot.connector.url, 'help'), id: first.id };
    await bot.post(first);
    const n = bot.connector.received.length;
    await bot.post(other);
    expect(sentSince(n).length).toBeGreaterThan(0);
  });
});

describe('errors never reach the caller', () => {
  test('an unexpected failure answers a generic error with a correlation id; the details go to the log only', async () => {
    const spy = jest.spyOn(PartnerOfRecordBot.prototype, 'onAction').mockRejectedValue(new Error('SQLITE_CORRUPT at /srv/secret/path.db'));
    try {
      const activity = cardAction(alex, bot.connector.url, 'menu.view', {});
      const res = await bot.post(activity);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ statusCode: 500, type: 'application/vnd.microsoft.error', value: { code: 'InternalError', message: 'The bot could not handle this action.', correlationId: expect.any(String) } });
      expect(JSON.stringify(res.body)).not.toMatch(/SQLITE|secret|at \//);
      const logged = bot.logs.map((l) => JSON.parse(l)).filter((l) => l.correlationId === res.body.value.correlationId);
      expect(logged.map((l) => l.msg)).toEqual(expect.arrayContaining(['activity received', 'unhandled turn error']));
      expect(JSON.stringify(logged)).toContain('SQLITE_CORRUPT');
      expect(logged.every((l) => l.activityId === activity.id)).toBe(true);

      // A failed turn is not remembered as answered: Teams' retry runs it again (and now succeeds).
      spy.mockRestore();
      const retry = await bot.post(activity);
      expect(retry.status).toBe(200);
    } finally {
      spy.mockRestore();
    }
  });

  test('a failing message turn gets the plain apology, never the exception text', async () => {
    const spy = jest.spyOn(PartnerOfRecordBot.prototype, 'onMessage').mockRejectedValue(new Error('ECONNREFUSED 10.0.0.5:5432 password=hunter2'));
    try {
      const n = bot.connector.received.length;
      const res = await bot.post(message(alex, bot.connector.url, 'hello'));
      expect(res.status).toBe(200);
      expect(res.body).toBeUndefined();
      const texts = sentSince(n).map((a) => a.text);
      expect(texts).toHaveLength(1);
      expect(texts[0]).not.toMatch(/ECONNREFUSED|hunter2/);
    } finally {
      spy.mockRestore();
    }
  });

  test('logs carry verbs and ids but not what the user typed or entered in a card', async () => {
    const n = bot.logs.length;
    await bot.post(message(alex, bot.connector.url, 'my secret note 8c1f9d'));
    await bot.post(cardAction(alex, bot.connector.url, 'draft.check', { partnerId: 'input-value-77ab', subscriptionIds: SUBS.e3 }));
    const text = bot.logs.slice(n).join('');
    expect(text).toContain('draft.check');
    expect(text).not.toContain('8c1f9d');
    expect(text).not.toContain('input-value-77ab');
  });
});
