import { detectAll } from 'tinyld/light';
import type { Language } from '../i18n/i18n';
import { LANGUAGE_EVIDENCE, LANGUAGE_LETTERS, NEUTRAL_WORDS } from './lexicon';

const LANGS: readonly Language[] = ['en', 'sv', 'fr', 'nl'];
const TINYLD_OPTIONS = { only: ['en', 'sv', 'fr', 'nl'] };

/** Names of the four languages, in each of the four, folded. */
const LANGUAGE_NAMES: ReadonlyMap<string, Language> = new Map([
  ...'english engelska anglais engels'.split(' ').map((n) => [n, 'en'] as const),
  ...'swedish svenska suedois zweeds'.split(' ').map((n) => [n, 'sv'] as const),
  ...'french franska francais frans'.split(' ').map((n) => [n, 'fr'] as const),
  ...'dutch nederlandska hollandska neerlandais nederlands hollands flemish vlaams'.split(' ').map((n) => [n, 'nl'] as const),
]);

/** Words around a language name that belong to the request to switch ("can you reply in", "please"). */
const SWITCH_WORDS: ReadonlySet<string> = new Set(
  `in into to the het pa en på le la language langue sprak spraket taal reply answer respond write talk speak switch
   change use can could you u please pls svara skriv prata tala byt andra anvand kan du ni tack reponds repondez
   repondre reponde ecris ecrivez parle parlez passe passez changer utilise pouvez vous peux tu svp s il plait
   te antwoord antwoorden spreek praat schrijf wissel kun je graag alstublieft aub only just`.split(/\s+/),
);

export interface LanguageSwitch {
  language: Language;
  /** The tokens left once the switch request is taken out ("show partners in English" → show partners). */
  rest: string[];
}

/** Finds "svara på svenska", "in English please", "réponds en français", "speak Dutch"… */
export function findLanguageSwitch(words: readonly string[]): LanguageSwitch | undefined {
  const at = words.findIndex((t) => LANGUAGE_NAMES.has(t));
  if (at < 0) return undefined;
  let start = at;
  while (start > 0 && at - start < 5 && SWITCH_WORDS.has(words[start - 1]!)) start--;
  let end = at + 1;
  while (end < words.length && end - at <= 4 && SWITCH_WORDS.has(words[end]!)) end++;
  return { language: LANGUAGE_NAMES.get(words[at]!)!, rest: [...words.slice(0, start), ...words.slice(end)] };
}

/**
 * The language a message is written in. Short admin messages ("toon partners", "E3 1234567") are
 * too short for a statistical detector alone, so per-language word evidence decides first and
 * tinyld only breaks a close call among languages that have some evidence. No evidence → undefined.
 */
export function detectLanguage(lower: string, words: readonly string[]): Language | undefined {
  const score: Record<Language, number> = { en: 0, sv: 0, fr: 0, nl: 0 };
  let content = '';
  for (const word of words) {
    if (NEUTRAL_WORDS.has(word) || /^\d+$/.test(word)) continue;
    content += content ? ` ${word}` : word;
    const langs = LANGUAGE_EVIDENCE.get(word);
    if (langs) for (const l of langs) score[l] += 1 / langs.length;
  }
  for (const [pattern, lang, weight] of LANGUAGE_LETTERS) {
    const hits = lower.match(pattern);
    if (hits) score[lang] += weight * Math.min(hits.length, 2);
  }
  const [best, second] = ranked(score);
  if (score[best] === 0) return undefined;
  if (score[best] - score[second] >= 0.75) return best;
  // Close call: let the n-gram detector weigh in, on the words that carry language only.
  if (content.length >= 2) {
    for (const { lang, accuracy } of detectAll(lower, TINYLD_OPTIONS)) {
      if (score[lang as Language] > 0) score[lang as Language] += accuracy;
    }
  }
  const [best2, second2] = ranked(score);
  return score[best2] - score[second2] >= 0.2 ? best2 : undefined;
}

function ranked(score: Record<Language, number>): [Language, Language] {
  let best: Language = 'en';
  let second: Language = 'sv';
  if (score.sv > score.en) [best, second] = ['sv', 'en'];
  for (const l of LANGS) {
    if (l === best || l === second) continue;
    if (score[l] > score[best]) [best, second] = [l, best];
    else if (score[l] > score[second]) second = l;
  }
  return [best, second];
}
