import i18next, { type TFunction } from 'i18next';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCALES_DIR } from '../paths';
import { compiledTranslate, compileResources } from './compiledTranslate';

export const LANGUAGES = ['en', 'sv', 'fr', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(x: unknown): x is Language {
  return typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);
}

/** Maps a Teams locale ("sv-SE", "fr-fr", "nl") to a supported language. */
export function languageFromLocale(locale: string | undefined): Language | undefined {
  const base = locale?.toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : undefined;
}

export type Translate = TFunction;

export interface Localizer {
  t(language: Language): Translate;
}

/** Loads every locale file once at start-up; lookups afterwards are synchronous. */
export function createLocalizer(localesDir = LOCALES_DIR): Localizer {
  const resources = Object.fromEntries(
    LANGUAGES.map((l) => [l, { translation: JSON.parse(readFileSync(join(localesDir, `${l}.json`), 'utf8')) }]),
  );
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    // Card text is escaped by the card layer; HTML escaping here would show entities in cards.
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  // Plain lookups and placeholder fills are answered from strings compiled once (compiledTranslate.ts).
  const fixed = new Map(
    LANGUAGES.map((l) => [l, compiledTranslate(l, compileResources(resources[l]!.translation), instance.getFixedT(l))]),
  );
  return { t: (language) => fixed.get(language) ?? fixed.get('en')! };
}
