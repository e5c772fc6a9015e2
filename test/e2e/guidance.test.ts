import { CONTOSO } from '../../bot/demo/demoData';
import { BotHarness } from '../support/botHarness';
import { actionsOf, cardText } from '../support/cards';
import { adele, alex } from '../support/demoUsers';
import { lastCard } from '../support/flowHelpers';

let bot: BotHarness;
beforeAll(async () => { bot = await new BotHarness().start(); });
afterAll(async () => { await bot.stop(); });

test('removing the reseller is blocked with the reason, the reseller named, and its exact Partner Center steps', async () => {
  const card = lastCard(await bot.say(alex, 'remove our reseller'));
  const text = cardText(card);
  expect(text).toContain("You can't remove a reseller relationship yourself");
  expect(text).toContain('Delete option is grayed out');
  expect(text).toContain('Your reseller: Northwind Reseller (5558001).');
  expect(text).toMatch(/1\. Cancel the Azure reservations/);
  expect(text).toMatch(/2\. Suspend every active subscription/);
  expect(text).toMatch(/3\. Customers > your organization > Account > Remove reseller relationship/);
  expect(text).not.toMatch(/4\. /);
  expect(text).toContain('Afterwards you leave the reseller\'s customer list');
  expect(actionsOf(card).map((a) => a.url)).toContain('https://learn.microsoft.com/partner-center/remove-a-relationship');
  // Blocked: the helpdesk is offered on the card that explains why.
  expect(actionsOf(card).map((a) => a.verb)).toContain('handoff.request');
  const audit = await bot.app.services.audit.recent(CONTOSO, 1);
  expect(audit[0]).toEqual(expect.objectContaining({ action: 'blocked', reason: 'remove_reseller_not_allowed', actorId: alex.aadObjectId }));
});

test('adding a partner when buying gives the checkout wizard steps and the admin-center link', async () => {
  const card = lastCard(await bot.say(alex, 'how do I add a partner when I purchase a new subscription?'));
  expect(cardText(card)).toContain('Get assistance from a Microsoft Partner');
  expect(cardText(card)).toContain('under Partner information, select Add');
  expect(actionsOf(card).map((a) => a.url)).toContain('https://go.microsoft.com/fwlink/p/?linkid=868433');
});

test('installing the bot greets with the tasks as buttons; "help" shows the same card', async () => {
  const welcome = lastCard(await bot.install(adele));
  expect(cardText(welcome)).toContain('Partner of record assistant');
  expect(actionsOf(welcome).map((a) => a.verb)).toEqual(['menu.view', 'menu.add', 'menu.change', 'menu.remove', 'menu.removeReseller', 'menu.purchase']);
  expect(cardText(lastCard(await bot.say(alex, 'help')))).toContain('Partner of record assistant');
});

test('a welcome button starts its task in a new message and acknowledges the click', async () => {
  const result = await bot.click(alex, 'menu.view', {});
  expect(result.response).toEqual(expect.objectContaining({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' }));
  expect(cardText(lastCard(result.messages))).toContain('Your partners');
});

test('text the bot does not understand gets the menu, not silence', async () => {
  const text = cardText(lastCard(await bot.say(alex, 'what is the weather like')));
  expect(text).toContain("Sorry, I didn't understand that.");
});

test('a request about something else that names a partner or a subscription says it is not about partners, and asks nothing', async () => {
  for (const ask of ['give Tailspin guest access to our SharePoint site', 'assign an E3 licence to the new intern']) {
    const card = lastCard(await bot.say(alex, ask));
    expect(cardText(card)).toContain("That isn't about the partner of record, so I can't do it here");
    expect(actionsOf(card).map((a) => a.verb)).not.toContain('clarify.choose');
  }
});

test('"thanks!" alone gets a short "you\'re welcome" in the language it was written in, not the menu', async () => {
  const [reply] = await bot.say(alex, 'thanks!');
  expect(reply.text).toContain("You're welcome!");
  expect(reply.attachments ?? []).toEqual([]);
  expect((await bot.say(alex, 'tack så mycket'))[0].text).toContain('Varsågod!');
  // Thanks inside a request is politeness: the request is answered.
  expect(cardText(lastCard(await bot.say(alex, 'thanks, who are our partners?')))).toContain('Your partners');
});
