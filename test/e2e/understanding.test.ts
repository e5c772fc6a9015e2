import { CONTOSO, SUBS } from '../../bot/demo/demoData';
import { createLocalizer, type Language } from '../../bot/i18n/i18n';
import { BotHarness } from '../support/botHarness';
import { cardText } from '../support/cards';
import { adele, alex } from '../support/demoUsers';
import { lastCard, press, subscription, updatedCard } from '../support/flowHelpers';

/**
 * Issue 17 end to end, through the real server and connector: partners named by company are read
 * against the tenant, and an unsure reading asks "Did you mean…?" with buttons that carry what was
 * understood and lead to the right flow.
 */
const say: Record<Language, { fabrikamGone: string; adatumOnTrial: string; unsure: string }> = {
  en: { fabrikamGone: 'Fabrikam is gone, get them off our subscriptions', adatumOnTrial: 'Please make Adatum our partner on the E5 trial', unsure: 'Fabrikam and E3' },
  sv: { fabrikamGone: 'Fabrikam har gått i konkurs, plocka bort dem', adatumOnTrial: 'Vi vill ha Adatum som partner på E5-testet', unsure: 'Fabrikam på E3' },
  fr: { fabrikamGone: "Fabrikam n'existe plus, enlevez-les", adatumOnTrial: "On veut Adatum comme partenaire sur l'essai E5", unsure: 'Fabrikam et E3' },
  nl: { fabrikamGone: 'Fabrikam is failliet, haal ze eraf', adatumOnTrial: 'We willen Adatum als partner op de E5-proefversie', unsure: 'Fabrikam op E3' },
};
const localizer = createLocalizer();

describe.each(Object.keys(say) as Language[])('in %s', (language) => {
  const t = localizer.t(language);
  const admin = { ...alex, locale: 'en-US' };
  let bot: BotHarness;
  beforeAll(async () => { bot = await new BotHarness().start(); });
  afterAll(async () => { await bot.stop(); });

  test('a partner named by company is the tenant\'s partner: "Fabrikam is gone" removes it from the subscription it is on', async () => {
    const confirm = lastCard(await bot.say(admin, say[language].fabrikamGone));
    expect(cardText(confirm)).toContain(t('confirm.remove.title'));
    expect(cardText(confirm)).toContain('Office 365 E3');
    expect(cardText(confirm)).not.toContain('Business Premium');
  });

  test('a company neither the tenant nor the partner directory knows: the add form asks for its ID, showing the name', async () => {
    const form = lastCard(await bot.say(admin, say[language].adatumOnTrial));
    expect(cardText(form)).toContain(t('form.add.title'));
    expect(cardText(form)).toContain(t('form.partnerNamed', { name: 'Adatum' }));
  });

  test('an unsure reading asks back in the language; a button goes to its flow with what was understood', async () => {
    const question = lastCard(await bot.say(admin, say[language].unsure));
    const text = cardText(question);
    expect(text).toContain(t('clarify.title'));
    expect(text).toContain('Office 365 E3');
    expect(text).toContain(t('clarify.choices.remove_partner'));
    expect(text).not.toContain(t('welcome.notUnderstood'));
    // Nothing changed by the question itself.
    expect((await subscription(bot, CONTOSO, SUBS.e3)).partnerOfRecord?.partnerId).toBe('4391507');

    const removeButton = question.actions.find((a: { data?: { intent?: string } }) => a.data?.intent === 'remove_partner');
    const clicked = await bot.click(admin, 'clarify.choose', removeButton.data);
    expect(clicked.status).toBe(200);
    const confirm = lastCard(clicked.messages);
    expect(cardText(confirm)).toContain(t('confirm.remove.title'));
    expect(cardText(confirm)).toContain('Office 365 E3');
    const done = await press(bot, admin, confirm, 'draft.confirm');
    expect(cardText(done.card)).toContain(t('result.titleDone'));
    expect((await subscription(bot, CONTOSO, SUBS.e3)).partnerOfRecord).toBeUndefined();
  });
});

describe('the "Did you mean…?" buttons and names from history', () => {
  const t = localizer.t('en');
  let bot: BotHarness;
  beforeAll(async () => { bot = await new BotHarness().start(); });
  afterAll(async () => { await bot.stop(); });

  test('button data is re-validated and the role re-checked: a forged intent is refused, a user without a role gets the refusal', async () => {
    const forged = await bot.click(alex, 'clarify.choose', { intent: 'delete_tenant', subscriptionIds: SUBS.e3 });
    expect(cardText(updatedCard(forged))).toContain(t('invalid.data'));
    const refused = await bot.click(adele, 'clarify.choose', { intent: 'remove_partner', subscriptionIds: SUBS.e3, lang: 'en' });
    expect(cardText(lastCard(refused.messages))).toContain(t('refusal.title'));
    expect((await subscription(bot, CONTOSO, SUBS.e3)).partnerOfRecord?.partnerId).toBe('4391507');
  });

  test('a partner set before is known by name: "put Litware on the E5 trial too" goes straight to the confirmation', async () => {
    const confirm = lastCard(await bot.say(alex, 'add partner 1234567 to Business Premium'));
    await press(bot, alex, confirm, 'draft.confirm');
    const next = lastCard(await bot.say(alex, 'put Litware on the E5 trial too'));
    expect(cardText(next)).toContain(t('confirm.add.title'));
    expect(cardText(next)).toContain('Litware Cloud Partners');
    expect(cardText(next)).toContain('Microsoft 365 E5 Trial');
  });
});
