import fc from 'fast-check';
import i18next, { type TFunction } from 'i18next';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileString } from '../../bot/i18n/compiledTranslate';
import { createLocalizer, LANGUAGES } from '../../bot/i18n/i18n';
import { LOCALES_DIR } from '../../bot/paths';

/**
 * The bot's translate functions answer most calls from strings compiled at start-up. Whatever they
 * answer must be exactly what i18next (configured as the bot configures it) answers: checked on every
 * key of every language, with placeholder values, plural counts and the options that must reach i18next.
 */
const resources = Object.fromEntries(LANGUAGES.map((l) => [l, { translation: JSON.parse(readFileSync(join(LOCALES_DIR, `${l}.json`), 'utf8')) }]));
const reference = i18next.createInstance();
void reference.init({ resources, lng: 'en', fallbackLng: 'en', supportedLngs: [...LANGUAGES], initAsync: false, interpolation: { escapeValue: false }, returnNull: false, showSupportNotice: false });
const localizer = createLocalizer();

/** Every leaf key ("form.checkId"), plural forms folded into their base key, with its placeholders. */
function keys(node: Record<string, unknown>, prefix = ''): { key: string; names: string[] }[] {
  return Object.entries(node).flatMap(([k, v]) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) return keys(v as Record<string, unknown>, `${prefix}${k}.`);
    const text = Array.isArray(v) ? v.join(' ') : String(v);
    const names = [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!);
    return [{ key: prefix + k.replace(/_(zero|one|two|few|many|other)$/, ''), names }];
  });
}

const values = fc.oneof(fc.string(), fc.integer(), fc.constantFrom('{{tenant}}', '$t(form.checkId)', '<b>&amp;</b>', 'Ödmjuk café', ''));

describe.each(LANGUAGES)('%s: compiled translations answer exactly as i18next', (language) => {
  const t = localizer.t(language);
  const ref: TFunction = reference.getFixedT(language);
  const all = keys(resources[language]!.translation as Record<string, unknown>);

  test('every key without options', () => {
    for (const { key } of all) expect([key, t(key)]).toEqual([key, ref(key)]);
  });

  test('every key with its placeholders filled, any values', () => {
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.array(values, { minLength: 4, maxLength: 4 }), ({ key, names }, vs) => {
        const options = Object.fromEntries(names.map((n, i) => [n, vs[i % vs.length]]));
        expect(t(key, options)).toEqual(ref(key, options));
      }),
      { numRuns: 400 },
    );
  });

  test('plural counts, missing placeholders and i18next options', () => {
    for (const { key, names } of all) {
      const filled = Object.fromEntries(names.map((n) => [n, 'X']));
      for (const count of [0, 1, 2, 5, 21, 1_000_000, 1.5, -1]) expect([key, count, t(key, { ...filled, count })]).toEqual([key, count, ref(key, { ...filled, count })]);
      expect(t(key, {})).toEqual(ref(key, {}));
      expect(t(key, { returnObjects: true })).toEqual(ref(key, { returnObjects: true }));
      expect(t(key, { ...filled, defaultValue: 'd' })).toEqual(ref(key, { ...filled, defaultValue: 'd' }));
      expect(t(key, { ...filled, lng: 'sv' })).toEqual(ref(key, { ...filled, lng: 'sv' }));
    }
    expect(t('no.such.key')).toEqual(ref('no.such.key'));
    expect(t('no.such.key', { defaultValue: 'fallback' })).toEqual('fallback');
  });
});

test('only plain placeholders are compiled; nesting and formats are left to i18next', () => {
  expect(compileString('Hello {{ name }}!')).toEqual(['Hello ', { name: 'name' }, '!']);
  expect(compileString('plain')).toEqual(['plain']);
  expect(compileString('See $t(form.checkId)')).toBeUndefined();
  expect(compileString('{{- raw}}')).toBeUndefined();
  expect(compileString('{{n, number}}')).toBeUndefined();
});
