import { BotHarness } from '../support/botHarness';
import { actionsOf, cardText } from '../support/cards';
import { adele, alex, coffeeReader, isaiah, wingtipAdmin } from '../support/demoUsers';
import { lastCard } from '../support/flowHelpers';

let bot: BotHarness;
beforeAll(async () => { bot = await new BotHarness().start(); });
afterAll(async () => { await bot.stop(); });

test('a Global admin sees every subscription with its partner of record, and the relationships with type and roles', async () => {
  const text = cardText(lastCard(await bot.say(alex, 'who are our partners?')));
  expect(text).toContain('Office 365 E3');
  expect(text).toContain('Fabrikam Advisory Services (Partner ID 4391507)');
  expect(text).toContain('Microsoft 365 Business Premium');
  expect(text).toMatch(/Exchange Online \(Plan 1\)[\s\S]*Bought through Northwind Reseller/);
  expect(text).toContain('Suspended');
  expect(text).toContain('Trial');
  expect(text).toMatch(/Northwind Reseller\nPartner ID 5558001\nReseller\nNo admin roles/);
  expect(text).toMatch(/Fabrikam Advisory Services\nPartner ID 4391507\nAdvisor\nGlobal admin, Helpdesk admin/);
});

test('a Global reader may look at the partners', async () => {
  const text = cardText(lastCard(await bot.say(isaiah, 'show partners')));
  expect(text).toContain('Office 365 E3');
});

test('a user without an admin role is told which roles are needed', async () => {
  const text = cardText(lastCard(await bot.say(adele, 'who are our partners?')));
  expect(text).toContain("You can't do this");
  expect(text).toContain('Global admin, a Billing admin or a Global reader');
  expect(text).not.toContain('Fabrikam');
});

test('a refused user is offered a person from the helpdesk, and the reseller is not revealed to them', async () => {
  const refusal = lastCard(await bot.say(adele, 'remove our reseller'));
  expect(cardText(refusal)).toContain("You can't do this");
  expect(cardText(refusal)).not.toContain('Northwind');
  expect(actionsOf(refusal).map((a) => a.verb)).toContain('handoff.request');
});

test('with no partner at all the admin reads "You don\'t yet have a partner" and gets the partner finder', async () => {
  const card = lastCard(await bot.say(wingtipAdmin, 'who are our partners'));
  expect(cardText(card)).toContain("You don't yet have a partner.");
  expect(actionsOf(card).map((a) => a.url)).toContain('https://pinpoint.microsoft.com');
});

test('on an MCA account a billing account reader may view', async () => {
  const text = cardText(lastCard(await bot.say(coffeeReader, 'list our partners')));
  expect(text).toContain('Microsoft 365 Business Basic');
});
