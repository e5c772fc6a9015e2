import { personalAddress } from '../../bot/messaging/conversationDirectory';
import { CONTOSO, USERS } from '../../bot/demo/demoData';
import { BotHarness } from '../support/botHarness';
import { alex } from '../support/demoUsers';
import { cardOf, cardText } from '../support/cards';
import { welcomeCard } from '../../bot/cards/welcomeCard';

let bot: BotHarness;
beforeAll(async () => { bot = await new BotHarness().start(); });
afterAll(async () => { await bot.stop(); });

test('the bot remembers where a user talked to it and can write there later, outside any turn', async () => {
  await bot.say(alex, 'hi');
  const { store, messenger, localizer } = bot.app.services;
  const address = await personalAddress(store, CONTOSO, USERS.alex);
  expect(address?.conversationId).toBe(`a:personal-${USERS.alex}`);
  bot.connector.clear();
  const turn = { identity: {} as any, language: 'en' as const, t: localizer.t('en'), services: bot.app.services };
  const ids = await messenger.send(address!, [{ kind: 'card', card: welcomeCard(turn) }]);
  expect(ids).toHaveLength(1);
  const sent = bot.connector.messagesTo(address!.conversationId);
  expect(cardText(cardOf(sent[0]))).toContain('Partner of record assistant');

  await messenger.updateCard(address!, ids[0]!, welcomeCard(turn, 'updated'));
  const update = bot.connector.received.find((r) => r.method === 'PUT');
  expect(update?.activityId).toBe(ids[0]);
});

test('a 403 from the channel (user blocked the bot) is reported as blocked, not thrown as a crash', async () => {
  await bot.say(alex, 'hi');
  const address = await personalAddress(bot.app.services.store, CONTOSO, USERS.alex);
  bot.connector.faults.push({ status: 403, body: { error: { code: 'MessageWritesBlocked', message: 'blocked' } } });
  await expect(bot.app.services.messenger.send(address!, [{ kind: 'text', text: 'x' }])).rejects.toEqual(expect.objectContaining({ reason: 'blocked' }));
});
