import { CONTOSO, SUBS, USERS } from '../../bot/demo/demoData';
import { BotHarness } from '../support/botHarness';
import { cardText, input } from '../support/cards';
import { alex, megan, wingtipAdmin } from '../support/demoUsers';
import { lastCard, press, subscription, updatedCard } from '../support/flowHelpers';
import { cardAction } from '../support/teamsActivities';

let bot: BotHarness;
beforeAll(async () => { bot = await new BotHarness().start(); });
afterAll(async () => { await bot.stop(); });

const appliedCount = async (subscriptionId: string) =>
  (await bot.app.services.audit.recent(CONTOSO, 1000)).filter((a) => a.subscriptionId === subscriptionId && a.outcome === 'applied').length;

test('a double click on Confirm applies the change once; the second click sees the outcome', async () => {
  const confirm = lastCard(await bot.say(alex, 'add partner 1234567 to business premium'));
  const version = (await subscription(bot, CONTOSO, SUBS.businessPremium)).version;
  const [a, b] = await Promise.all([press(bot, alex, confirm, 'draft.confirm'), press(bot, megan, confirm, 'draft.confirm')]);
  const texts = [cardText(a.card), cardText(b.card)];
  expect(texts.filter((t) => t.includes('This change was already confirmed') || t.includes('Applying the change'))).toHaveLength(1);
  expect((await subscription(bot, CONTOSO, SUBS.businessPremium)).version).toBe(version + 1);
  expect(await appliedCount(SUBS.businessPremium)).toBe(1);
});

test('a Teams retry of the same confirm activity (same id) gets the first answer and does not apply the change again', async () => {
  const confirm = lastCard(await bot.say(alex, 'add partner 4391507 to E5 trial'));
  const activity = cardAction(alex, bot.connector.url, 'draft.confirm', confirm.actions[0].data);
  const first = await bot.post(activity);
  const retry = await bot.post(activity);
  expect(cardText(updatedCard({ status: first.status, response: first.body }))).toContain('Done');
  // De-duplicated by activity id before the bot runs (bot/host/dedup.ts): the very same card comes back.
  expect(retry).toEqual(first);
  expect(await appliedCount(SUBS.e5Trial)).toBe(1);
});

test('a confirmation that went stale is refused and the current state is shown', async () => {
  const alexConfirm = lastCard(await bot.say(alex, 'change partner on E3 to 1234567'));
  const meganConfirm = lastCard(await bot.say(megan, 'remove the partner from E3'));
  await press(bot, megan, meganConfirm, 'draft.confirm');
  const stale = await press(bot, alex, alexConfirm, 'draft.confirm');
  expect(cardText(stale.card)).toContain('This confirmation is out of date');
  expect(cardText(lastCard(stale.messages))).toMatch(/Office 365 E3[\s\S]*No partner of record/);
  expect((await subscription(bot, CONTOSO, SUBS.e3)).partnerOfRecord).toBeUndefined();
});

test('the role is checked again on Confirm: a role removed meanwhile stops the change', async () => {
  const confirm = lastCard(await bot.say(megan, 'add partner 1234567 to E3'));
  const store = bot.app.services.store;
  const key = `directory:user:${CONTOSO}:${USERS.megan}`;
  const record = (await store.get<any>(key))!;
  await store.put(key, { ...record.value, roles: [] });
  try {
    const refused = await press(bot, megan, confirm, 'draft.confirm');
    expect(cardText(refused.card)).toContain('you must be a Global admin or a Billing admin');
    expect((await subscription(bot, CONTOSO, SUBS.e3)).partnerOfRecord).toBeUndefined();
  } finally {
    await store.put(key, record.value);
  }
});

test("a card from one tenant clicked in another tenant is refused and changes nothing", async () => {
  const confirm = lastCard(await bot.say(alex, 'add partner 1234567 to E3'));
  const refused = await press(bot, wingtipAdmin, confirm, 'draft.confirm');
  expect(cardText(refused.card)).toContain('This card belongs to another organization');
  expect((await subscription(bot, CONTOSO, SUBS.e3)).partnerOfRecord).toBeUndefined();
});

test('a subscription id forged into card data is refused', async () => {
  const form = lastCard(await bot.say(alex, 'add a partner'));
  const forged = await press(bot, alex, form, 'draft.check', { subscriptionIds: `${SUBS.e3},c0a20002-0000-4000-8000-000000000001`, partnerId: '1234567' });
  expect(cardText(forged.card)).toContain("isn't one of your organization's subscriptions");
  expect(input(forged.card, 'partnerId').value).toBe('1234567');
});

test('Cancel leaves everything as it was and later clicks on the old card say so', async () => {
  const confirm = lastCard(await bot.say(alex, 'add partner 1234567 to E3'));
  const cancelled = await press(bot, alex, confirm, 'draft.cancel');
  expect(cardText(cancelled.card)).toContain('Nothing was changed.');
  const late = await press(bot, alex, confirm, 'draft.confirm');
  expect(cardText(late.card)).toContain('Cancelled');
  expect((await subscription(bot, CONTOSO, SUBS.e3)).partnerOfRecord).toBeUndefined();
});

test('malformed card data and unknown verbs get a clear card, never a server error', async () => {
  for (const [verb, data] of [
    ['draft.confirm', { draftId: 'not-a-uuid' }],
    ['draft.check', { draftId: 42, subscriptionIds: { $gt: '' } }],
    ['draft.confirm', {}],
    ['admin.dropTables', { draftId: '00000000-0000-4000-8000-000000000000' }],
  ] as const) {
    const result = await bot.click(alex, verb, data as any);
    expect(result.status).toBe(200);
    expect(cardText(updatedCard(result))).toMatch(/I can't use that|expired/);
  }
});

test('changes survive a restart of the bot', async () => {
  const confirm = lastCard(await bot.say(alex, 'add partner 1234567 to E3'));
  await press(bot, alex, confirm, 'draft.confirm');
  await bot.stop(false);
  bot = await new BotHarness({}, bot.dataDir).start();
  const text = cardText(lastCard(await bot.say(alex, 'who are our partners')));
  expect(text).toMatch(/Office 365 E3\nActive\nLitware Cloud Partners \(Partner ID 1234567\)/);
});
