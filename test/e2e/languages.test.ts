import { CONTOSO, SUBS } from '../../bot/demo/demoData';
import { createLocalizer, type Language } from '../../bot/i18n/i18n';
import { BotHarness } from '../support/botHarness';
import { cardText } from '../support/cards';
import { alex } from '../support/demoUsers';
import { lastCard, press, subscription } from '../support/flowHelpers';

/** Every flow, end to end, in each language: requests in the admin's words, answers in their language. */
const utterances: Record<Language, Record<string, string>> = {
  en: { view: 'who are our partners?', add: 'add partner 1234567 to Business Premium', change: 'change our partner', remove: 'remove the partner from E3', reseller: 'remove our reseller', purchase: 'how do I add a partner when buying?', help: 'help' },
  sv: { view: 'visa våra partner', add: 'lägg till partner 1234567 på Business Premium', change: 'ändra vår partner', remove: 'ta bort partnern från E3', reseller: 'ta bort vår återförsäljare', purchase: 'hur lägger jag till en partner vid köp?', help: 'hjälp' },
  fr: { view: 'quels sont nos partenaires ?', add: 'ajouter le partenaire 1234567 à Business Premium', change: 'changer notre partenaire', remove: 'supprimer le partenaire de E3', reseller: 'supprimer notre revendeur', purchase: "comment ajouter un partenaire lors de l'achat ?", help: 'aide' },
  nl: { view: 'wie zijn onze partners?', add: 'partner 1234567 toevoegen aan Business Premium', change: 'onze partner wijzigen', remove: 'verwijder de partner van E3', reseller: 'verwijder onze reseller', purchase: 'hoe voeg ik een partner toe bij aankoop?', help: 'hulp' },
};

const localizer = createLocalizer();

describe.each(Object.keys(utterances) as Language[])('in %s', (language) => {
  const t = localizer.t(language);
  const say = utterances[language];
  let bot: BotHarness;
  // The Teams client says English: the request's own language must win.
  const admin = { ...alex, locale: 'en-US' };
  beforeAll(async () => { bot = await new BotHarness().start(); });
  afterAll(async () => { await bot.stop(); });

  test('view, add with confirmation, change through the form, remove, reseller, purchase and help', async () => {
    expect(cardText(lastCard(await bot.say(admin, say.view!)))).toContain(t('partners.title'));

    const confirmAdd = lastCard(await bot.say(admin, say.add!));
    expect(cardText(confirmAdd)).toContain(t('confirm.add.title'));
    const added = await press(bot, admin, confirmAdd, 'draft.confirm');
    expect(cardText(added.card)).toContain(t('result.titleDone'));
    expect((await subscription(bot, CONTOSO, SUBS.businessPremium)).partnerOfRecord?.partnerId).toBe('1234567');

    const form = lastCard(await bot.say(admin, say.change!));
    expect(cardText(form)).toContain(t('form.change.title'));
    expect(cardText(form)).toContain(t('form.checkId'));
    const confirmChange = await press(bot, admin, form, 'draft.check', { subscriptionIds: SUBS.e3, partnerId: '1234567' });
    expect(cardText(confirmChange.card)).toContain(t('confirm.change.button'));
    const changed = await press(bot, admin, confirmChange.card, 'draft.confirm');
    expect(cardText(changed.card)).toContain(t('result.titleDone'));

    const confirmRemove = lastCard(await bot.say(admin, say.remove!));
    expect(cardText(confirmRemove)).toContain(t('confirm.remove.title'));
    expect(cardText((await press(bot, admin, confirmRemove, 'draft.confirm')).card)).toContain(t('result.titleDone'));
    expect((await subscription(bot, CONTOSO, SUBS.e3)).partnerOfRecord).toBeUndefined();

    expect(cardText(lastCard(await bot.say(admin, say.reseller!)))).toContain(t('reseller.title'));
    expect(cardText(lastCard(await bot.say(admin, say.purchase!)))).toContain(t('purchase.title'));
    expect(cardText(lastCard(await bot.say(admin, say.help!)))).toContain(t('welcome.title'));
  });

  test('a refusal and a Partner ID error come in the same language', async () => {
    const form = lastCard(await bot.say(admin, say.change!));
    const error = await press(bot, admin, form, 'draft.check', { subscriptionIds: SUBS.e3, partnerId: '9999999' });
    expect(cardText(error.card)).toContain(t('errors.unknown_partner', { partnerId: '9999999' }));
  });
});

describe('choosing the reply language', () => {
  let bot: BotHarness;
  beforeAll(async () => { bot = await new BotHarness().start(); });
  afterAll(async () => { await bot.stop(); });

  test('a message with no clear language follows the Teams locale; an install without a locale uses the last language written', async () => {
    const fr = localizer.t('fr');
    const sv = localizer.t('sv');
    const user = { ...alex, aadObjectId: alex.aadObjectId, locale: 'fr-FR' };
    expect(cardText(lastCard(await bot.say(user, '1234567')))).toContain(fr('form.add.title'));
    await bot.say({ ...user, locale: undefined }, 'visa våra partner');
    expect(cardText(lastCard(await bot.install({ ...user, locale: undefined })))).toContain(sv('welcome.title'));
  });

  test('"svara på svenska" switches the language, also for messages without a clear language, until switched back', async () => {
    const user = { ...alex, locale: 'en-US' };
    const replies = await bot.say(user, 'svara på svenska');
    expect(replies[0].text).toBe(localizer.t('sv')('language.switched'));
    expect(cardText(lastCard(await bot.say(user, '1234567')))).toContain(localizer.t('sv')('form.add.title'));
    await bot.say(user, 'in English please');
    expect(cardText(lastCard(await bot.say(user, '1234567')))).toContain(localizer.t('en')('form.add.title'));
  });
});
