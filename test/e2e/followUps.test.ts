import { CONTOSO, SUBS } from '../../bot/demo/demoData';
import { createLocalizer } from '../../bot/i18n/i18n';
import { BotHarness } from '../support/botHarness';
import { cardText } from '../support/cards';
import { alex, megan } from '../support/demoUsers';
import { lastCard, press, subscription } from '../support/flowHelpers';

/**
 * Issue 22, follow-ups in a conversation, through the real server and connector: a short message is
 * read against the last request the bot acted on in that chat ("and on the E5 trial too", "sorry, I
 * meant the trial", "in Swedish please"), and nowhere else.
 */
const en = createLocalizer().t('en');
const sv = createLocalizer().t('sv');

describe('follow-ups', () => {
  let bot: BotHarness;
  beforeAll(async () => { bot = await new BotHarness().start(); });
  afterAll(async () => { await bot.stop(); });

  test('"and on the E5 trial too" adds the trial to the request; confirmed, both subscriptions get the partner', async () => {
    const first = lastCard(await bot.say(alex, 'add partner 1234567 to Business Premium'));
    expect(cardText(first)).toContain(en('confirm.add.title'));
    expect(cardText(first)).not.toContain('Microsoft 365 E5 Trial');

    const both = lastCard(await bot.say(alex, 'and on the E5 trial too'));
    const text = cardText(both);
    expect(text).toContain(en('confirm.add.title'));
    expect(text).toContain('Microsoft 365 Business Premium');
    expect(text).toContain('Microsoft 365 E5 Trial');
    expect(text).toContain('1234567');
    const done = await press(bot, alex, both, 'draft.confirm');
    expect(cardText(done.card)).toContain(en('result.titleDone'));
    expect((await subscription(bot, CONTOSO, SUBS.businessPremium)).partnerOfRecord?.partnerId).toBe('1234567');
    expect((await subscription(bot, CONTOSO, SUBS.e5Trial)).partnerOfRecord?.partnerId).toBe('1234567');
  });

  test('"sorry, I meant the trial" replaces the subscription of a removal', async () => {
    expect(cardText(lastCard(await bot.say(alex, 'remove the partner from E3')))).toContain('Office 365 E3');
    const corrected = cardText(lastCard(await bot.say(alex, 'sorry, I meant the trial')));
    expect(corrected).toContain(en('confirm.remove.title'));
    expect(corrected).toContain('Microsoft 365 E5 Trial');
    expect(corrected).not.toContain('Office 365 E3');
  });

  test('"in Swedish please" after "who are our partners?" answers the same question in Swedish', async () => {
    await bot.say(megan, 'who are our partners?');
    const replies = await bot.say(megan, 'in Swedish please');
    expect(replies[0].text).toBe(sv('language.switched'));
    const again = cardText(lastCard(replies));
    expect(again).toContain(sv('partners.title'));
    expect(again).toContain('Fabrikam Advisory Services');
  });

  test('another chat does not continue this one: the same follow-up in a group chat is not understood as a request', async () => {
    await bot.say(alex, 'add partner 7654321 to Business Premium');
    const elsewhere = cardText(lastCard(await bot.say({ ...alex, conversationId: '19:group-chat-with-alex' }, 'and on the E5 trial too')));
    expect(elsewhere).not.toContain(en('confirm.add.title'));
    expect(elsewhere).not.toContain(en('confirm.change.title'));
  });
});

describe('a typed yes', () => {
  let bot: BotHarness;
  beforeAll(async () => { bot = await new BotHarness().start(); });
  afterAll(async () => { await bot.stop(); });

  test('"yes, do it" after a confirmation card changes nothing: the card again, with why a button is needed', async () => {
    const user = { ...alex, conversationId: 'a:typed-yes' };
    expect(cardText(lastCard(await bot.say(user, 'remove the partner from E3')))).toContain(en('confirm.remove.title'));
    const replies = await bot.say(user, 'yes, do it');
    expect(replies[0].text).toBe(en('confirm.typedYes'));
    expect(cardText(lastCard(replies))).toContain(en('confirm.remove.title'));
    expect((await subscription(bot, CONTOSO, SUBS.e3)).partnerOfRecord?.partnerId).toBe('4391507');
  });

  test('in Swedish too', async () => {
    const user = { ...alex, conversationId: 'a:typed-ja', locale: 'sv-SE' };
    await bot.say(user, 'lägg till partner 1234567 på Business Premium');
    const replies = await bot.say(user, 'ja, kör');
    expect(replies[0].text).toBe(sv('confirm.typedYes'));
    expect((await subscription(bot, CONTOSO, SUBS.businessPremium)).partnerOfRecord).toBeUndefined();
  });
});
