import { BotHarness } from '../support/botHarness';
import { cardOf, cardText } from '../support/cards';
import { alex } from '../support/demoUsers';

let bot: BotHarness;
beforeAll(async () => { bot = await new BotHarness().start(); });
afterAll(async () => { await bot.stop(); });

test('view', async () => {
  const replies = await bot.say(alex, 'who are our partners?');
  console.log(cardText(cardOf(replies[0])));
  const res = await fetch(`${bot.server.url}/healthz`);
  expect(res.status).toBe(200);
});
