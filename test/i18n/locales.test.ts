import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalizer, LANGUAGES } from '../../bot/i18n/i18n';
import { LOCALES_DIR } from '../../bot/paths';
import { compareLocale, flatten, type LocaleTree } from './localeShape';

function load(language: string): LocaleTree {
  return JSON.parse(readFileSync(join(LOCALES_DIR, `${language}.json`), 'utf8')) as LocaleTree;
}

const english = load('en');
const translated = LANGUAGES.filter((l) => l !== 'en');

describe('locale files', () => {
  test('English itself is well formed (no empty strings, valid placeholders, English plural forms)', () => {
    expect(compareLocale(english, english, 'en')).toEqual([]);
  });

  test.each(translated)('%s has exactly the English keys, lists, plural forms and placeholders, all translated', (language) => {
    expect(compareLocale(english, load(language), language)).toEqual([]);
  });
});

describe('the locale checker catches a broken translation', () => {
  // A copy of the real Swedish file with one defect each, so a checker that passes everything fails here.
  const swedish = (): LocaleTree => load('sv');

  test('a missing key', () => {
    const sv = swedish();
    delete (sv.errors as LocaleTree).unknown_partner;
    expect(compareLocale(english, sv, 'sv')).toEqual(['errors.unknown_partner: missing']);
  });

  test('a missing plural form and an extra key', () => {
    const sv = swedish();
    delete (sv.partners as LocaleTree).subtitle_other;
    (sv.menu as LocaleTree).extra = 'Extra';
    expect(compareLocale(english, sv, 'sv')).toEqual([
      'menu.extra: not in English (extra key)',
      'partners.subtitle: plural forms [one] but sv needs [one, other]',
    ]);
  });

  test('a list of another length, a lost placeholder, an empty string and an English copy', () => {
    const sv = swedish();
    (sv.welcome as LocaleTree).examples = ['vilka är våra partner?'];
    (sv.errors as LocaleTree).same_partner = '{{partnerName}} är redan partner för posten.';
    (sv.form as LocaleTree).checkId = ' ';
    (sv.handoff as LocaleTree).unavailable = (english.handoff as LocaleTree).unavailable;
    expect(compareLocale(english, sv, 'sv')).toEqual([
      'welcome.examples: 1 items but English has 5',
      'errors.same_partner: placeholders [partnerName] but English has [partnerName, subscriptionName]',
      'form.checkId: empty',
      'handoff.unavailable: identical to English ("No helpdesk is connected to this bot yet. Contact your IT department.")',
    ]);
  });

  test('French without its "many" plural form', () => {
    const fr = load('fr');
    delete (fr.reseller as LocaleTree).yours_many;
    expect(compareLocale(english, fr, 'fr')).toEqual(['reseller.yours: plural forms [one, other] but fr needs [many, one, other]']);
  });
});

describe('createLocalizer renders plurals and lists in every language', () => {
  const localizer = createLocalizer();

  const subtitles: Record<(typeof LANGUAGES)[number], [one: string, three: string]> = {
    en: ['Contoso: 1 subscription', 'Contoso: 3 subscriptions'],
    sv: ['Contoso: 1 prenumeration', 'Contoso: 3 prenumerationer'],
    fr: ['Contoso : 1 abonnement', 'Contoso : 3 abonnements'],
    nl: ['Contoso: 1 abonnement', 'Contoso: 3 abonnementen'],
  };

  test.each(LANGUAGES)('%s: the singular and the plural form of a counted text', (language) => {
    const t = localizer.t(language);
    expect([1, 3].map((count) => t('partners.subtitle', { tenant: 'Contoso', count }))).toEqual(subtitles[language]);
  });

  test('French uses the singular for 0 and has its own form for a million (no English fallback)', () => {
    const t = localizer.t('fr');
    expect(t('partners.subtitle', { tenant: 'Contoso', count: 0 })).toBe('Contoso : 0 abonnement');
    expect(t('partners.subtitle', { tenant: 'Contoso', count: 1000000 })).toBe('Contoso : 1000000 abonnements');
  });

  test.each(LANGUAGES)('%s: a list comes back as the whole translated list', (language) => {
    const steps = localizer.t(language)('purchase.steps', { returnObjects: true }) as unknown;
    const expected = flatten(load(language)).get('purchase.steps');
    expect(Array.isArray(steps)).toBe(true);
    expect(steps).toEqual(expected);
    expect((steps as string[]).length).toBe(6);
  });

  test('each language answers in its own words, not the English fallback', () => {
    const buttons = LANGUAGES.map((l) => localizer.t(l)('confirm.add.button'));
    expect(buttons).toEqual(['Add', 'Lägg till', 'Ajouter', 'Toevoegen']);
  });
});
