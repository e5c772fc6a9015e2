import { CONTOSO, SUBS } from '../../bot/demo/demoData';
import { BotHarness } from '../support/botHarness';
import { cardText, input } from '../support/cards';
import { alex, coffeeGlobalAdmin, coffeeOwner, wingtipAdmin } from '../support/demoUsers';
import { lastCard, press, subscription } from '../support/flowHelpers';
import { FOURTH_COFFEE, SUBS as S } from '../../bot/demo/demoData';

let bot: BotHarness;
beforeAll(async () => { bot = await new BotHarness().start(); });
afterAll(async () => { await bot.stop(); });

test('"change our partner" preselects the one subscription that has a partner and shows current → new', async () => {
  const form = lastCard(await bot.say(alex, 'change our partner'));
  expect(cardText(form)).toContain('Change the partner');
  expect(input(form, 'subscriptionIds').value).toBe(SUBS.e3);
  const confirm = await press(bot, alex, form, 'draft.check', { subscriptionIds: SUBS.e3, partnerId: '1234567' });
  expect(cardText(confirm.card)).toMatch(/Office 365 E3\nFabrikam Advisory Services \(Partner ID 4391507\) → Litware Cloud Partners \(Partner ID 1234567\)/);
  const result = await press(bot, alex, confirm.card, 'draft.confirm');
  expect(cardText(result.card)).toContain('Litware Cloud Partners is now the partner on 1 of 1 subscriptions.');
  expect((await subscription(bot, CONTOSO, SUBS.e3)).partnerOfRecord?.partnerId).toBe('1234567');
});

test('choosing the partner a subscription already has is refused with the reason', async () => {
  const form = lastCard(await bot.say(alex, 'change the partner'));
  const again = await press(bot, alex, form, 'draft.check', { subscriptionIds: SUBS.e3, partnerId: '1234567' });
  expect(cardText(again.card)).toContain('Litware Cloud Partners is already the partner of record on Office 365 E3.');
});

test('"remove the partner from E3" confirms, removes, and reports per subscription', async () => {
  const confirm = lastCard(await bot.say(alex, 'remove the partner from E3'));
  expect(cardText(confirm)).toContain('Confirm: remove the partner');
  expect(cardText(confirm)).toMatch(/Office 365 E3\nLitware Cloud Partners \(Partner ID 1234567\) → No partner of record/);
  const result = await press(bot, alex, confirm, 'draft.confirm');
  expect(cardText(result.card)).toContain('The partner was removed from 1 of 1 subscriptions.');
  expect((await subscription(bot, CONTOSO, SUBS.e3)).partnerOfRecord).toBeUndefined();
  const audit = await bot.app.services.audit.recent(CONTOSO);
  expect(audit[0]).toEqual(expect.objectContaining({ action: 'remove_partner', outcome: 'applied', oldPartnerId: '1234567', newPartnerId: null }));
});

test('with nothing to remove the admin is told so', async () => {
  const text = cardText(lastCard(await bot.say(alex, 'remove our partner')));
  expect(text).toContain('None of your subscriptions has a partner of record you can remove.');
});

test('a tenant created through a syndication partner cannot have a partner of record', async () => {
  const text = cardText(lastCard(await bot.say(wingtipAdmin, 'add partner 1234567')));
  expect(text).toContain('created through a syndication partner');
  expect(text).toContain('Contact the provider you bought Microsoft 365 from');
});

test('on an MCA account a billing account owner may change; a Global admin without a billing role may not', async () => {
  const refused = cardText(lastCard(await bot.say(coffeeGlobalAdmin, 'add partner 1234567 to business basic')));
  expect(refused).toContain('Microsoft Customer Agreement');
  expect(refused).toContain('Billing account owner or contributor');

  const confirm = lastCard(await bot.say(coffeeOwner, 'add partner 1234567 to business basic'));
  const result = await press(bot, coffeeOwner, confirm, 'draft.confirm');
  expect(cardText(result.card)).toContain('Done');
  expect((await subscription(bot, FOURTH_COFFEE, S.coffeeBasic)).partnerOfRecord?.partnerId).toBe('1234567');
});
