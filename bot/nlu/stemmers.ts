import { StemmerEn } from '@nlpjs/lang-en-min';
import { StemmerFr } from '@nlpjs/lang-fr';
import { StemmerNl } from '@nlpjs/lang-nl';
import { StemmerSv } from '@nlpjs/lang-sv';
import type { Language } from '../i18n/i18n';

/**
 * Snowball stemmers from nlp.js's language packs: "prenumerationerna" → "prenumeration",
 * "supprimez" → "supprim", "verwijderen" → "verwijder". The classifier sees stems, so it learns a
 * verb once, not once per inflection. The stemmers keep no state between words.
 */
const STEMMERS: Readonly<Record<Language, { stemWord(word: string): string }>> = {
  en: new StemmerEn(),
  sv: new StemmerSv(),
  fr: new StemmerFr(),
  nl: new StemmerNl(),
};

export function stem(word: string, language: Language): string {
  return STEMMERS[language].stemWord(word);
}
