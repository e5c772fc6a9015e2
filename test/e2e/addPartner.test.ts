import { CONTOSO, SUBS } from '../../bot/demo/demoData';
import { BotHarness } from '../support/botHarness';
import { actionsOf, cardText, input } from '../support/cards';
import { adele, alex, megan } from '../support/demoUsers';
import { lastCard, press, subscription } from '../support/flowHelpers';

let bot: BotHarness;
beforeAll(async () => { bot = await new BotHarness().start(); });
afterAll(async () => { await bot.stop(); });

test('a complete request goes straight to a confirmation that shows exactly what will change, then applies it', async () => {
  const confirm = lastCard(await bot.say(alex, 'add partner 1234567 to Business Premium'));
  const text = cardText(confirm);
  expect(text).toContain('Confirm: add the partner');
  expect(text).toContain('Partner: Litware Cloud Partners');
  expect(text).toContain('Location: Stockholm, Sweden');
  expect(text).toMatch(/Microsoft 365 Business Premium\nNo partner of record → Litware Cloud Partners \(Partner ID 1234567\)/);
  expect((await subscription(bot, CONTOSO, SUBS.businessPremium)).partnerOfRecord).toBeUndefined();

  const result = await press(bot, alex, confirm, 'draft.confirm');
  const resultText = cardText(result.card);
  expect(resultText).toContain('Done');
  expect(resultText).toContain('Litware Cloud Partners was added on 1 of 1 subscriptions.');
  expect(resultText).toContain('By Alex Wilber');
  expect(actionsOf(result.card)).toHaveLength(0); // no live buttons remain
  expect((await subscription(bot, CONTOSO, SUBS.businessPremium)).partnerOfRecord).toEqual({ partnerId: '1234567', name: 'Litware Cloud Partners' });

  const audit = await bot.app.services.audit.recent(CONTOSO);
  expect(audit.filter((a) => a.subscriptionId === SUBS.businessPremium && a.outcome === 'applied')).toEqual([
    expect.objectContaining({ actorId: alex.aadObjectId, oldPartnerId: null, newPartnerId: '1234567', action: 'set_partner' }),
  ]);
});

test('"add a partner" asks for the subscriptions and the Partner ID; Check ID accepts spaces and shows name and location', async () => {
  const form = lastCard(await bot.say(megan, 'add a partner'));
  expect(cardText(form)).toContain('Add a partner');
  const choices = input(form, 'subscriptionIds').choices.map((c: any) => c.value);
  expect(choices).toEqual(expect.arrayContaining([SUBS.e5Trial, SUBS.e3]));
  expect(choices).not.toContain(SUBS.exchange); // CSP
  expect(choices).not.toContain(SUBS.teamsEssentials); // suspended
  expect(cardText(form)).toMatch(/Exchange Online \(Plan 1\) was bought through Northwind Reseller/);

  const confirm = await press(bot, megan, form, 'draft.check', { subscriptionIds: SUBS.e5Trial, partnerId: ' 439 1507 ' });
  expect(cardText(confirm.card)).toContain('Partner: Fabrikam Advisory Services');
  expect(cardText(confirm.card)).toContain('Location: Seattle, United States');
  const result = await press(bot, megan, confirm.card, 'draft.confirm');
  expect(cardText(result.card)).toContain('Done');
  expect((await subscription(bot, CONTOSO, SUBS.e5Trial)).partnerOfRecord?.partnerId).toBe('4391507');
});

describe('Partner ID rules: each refused with a clear message, the input kept, nothing changed', () => {
  const cases: [string, string, RegExp][] = [
    ['unknown', '9999999', /Partner ID 9999999 is not recognized[\s\S]*Partner Center/],
    ['headquarters', '4391500', /headquarters \(global\) ID of Fabrikam\. Use the partner's location ID/],
    ['inactive', '7654321', /Tailspin Consulting \(Partner ID 7654321\) is not an active partner/],
    ['reseller', '5558001', /Northwind Reseller \(Partner ID 5558001\) is a reseller/],
    ['not digits', '43915O7', /digits only/],
    ['empty', '   ', /digits only/],
  ];
  test.each(cases)('%s ID', async (_name, id, message) => {
    const form = lastCard(await bot.say(alex, 'add a partner'));
    const before = await subscription(bot, CONTOSO, SUBS.e3);
    const retry = await press(bot, alex, form, 'draft.check', { subscriptionIds: SUBS.e3, partnerId: id });
    expect(cardText(retry.card)).toMatch(message);
    expect([id, id.replace(/\s/g, '')]).toContain(input(retry.card, 'partnerId').value);
    expect(input(retry.card, 'subscriptionIds').value).toBe(SUBS.e3);
    expect(await subscription(bot, CONTOSO, SUBS.e3)).toEqual(before);
  });
});

test('a typed request for a CSP subscription explains the reseller is the partner and links the reseller steps', async () => {
  const card = lastCard(await bot.say(alex, 'add partner 1234567 to exchange online'));
  const text = cardText(card);
  expect(text).toContain("This can't be changed here");
  expect(text).toMatch(/Exchange Online \(Plan 1\) was bought through Northwind Reseller/);
  expect(actionsOf(card).map((a) => a.url)).toContain('https://learn.microsoft.com/partner-center/remove-a-relationship');
  expect((await subscription(bot, CONTOSO, SUBS.exchange)).partnerOfRecord).toBeUndefined();
});

test('a suspended subscription is explained, not changed', async () => {
  const text = cardText(lastCard(await bot.say(alex, 'add partner 1234567 to Teams Essentials')));
  expect(text).toContain('Microsoft Teams Essentials is Suspended');
  expect((await subscription(bot, CONTOSO, SUBS.teamsEssentials)).partnerOfRecord).toBeUndefined();
});

test('a user without an admin role is refused before any card asks for details', async () => {
  const text = cardText(lastCard(await bot.say(adele, 'add partner 1234567 to E5 trial')));
  expect(text).toContain('you must be a Global admin or a Billing admin');
  expect(text).not.toContain('Confirm');
});
