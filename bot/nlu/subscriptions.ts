import type { SubscriptionCatalogEntry } from './intents';
import { isAdjacentSwap } from './fuzzy';
import { distance } from 'fastest-levenshtein';

/**
 * Matches what the admin calls a subscription ("business premium", "E3", "the E5 trial",
 * "exchange") against the tenant's own catalog. A catalog name is reduced to its telling words
 * (Microsoft 365 Business Premium → business, premium); a subscription is named when all of them
 * appear, or one that no other subscription in the catalog has and that is telling on its own.
 */

/** Words every product name has, which tell nothing apart. */
const GENERIC = new Set(['microsoft', 'office', '365', 'm365', 'o365', 'online', 'plan', '1', '2', '3', 'the', 'and', 'for', 'ms']);
/** Words that name a subscription only together with another ("business" alone is too common). */
const NOT_ON_THEIR_OWN = new Set(['business', 'standard', 'basic', 'apps', 'enterprise', 'plus']);
/** "trial" in the four languages (E5-testversionen, l'essai E5, E5 proefversie). */
const TRIAL_WORDS = /^(?:trial|trials|testversion\w*|provversion\w*|provperiod\w*|essai|proefversie|proef|proefabonnement)$/;

interface Entry {
  id: string;
  words: string[];
}

export function matchSubscriptions(words: readonly string[], catalog: readonly SubscriptionCatalogEntry[], all: boolean): string[] {
  if (catalog.length === 0) return [];
  if (all) return catalog.map((c) => c.id);
  const entries: Entry[] = catalog.map((c) => ({ id: c.id, words: telling(c.name) }));
  const count = new Map<string, number>();
  for (const e of entries) for (const word of e.words) count.set(word, (count.get(word) ?? 0) + 1);
  const present = new Set<string>();
  for (const raw of words) {
    if (count.has(raw)) {
      present.add(raw);
      continue;
    }
    const token = TRIAL_WORDS.test(raw) ? 'trial' : raw;
    for (const word of count.keys()) if (sameWord(token, word)) present.add(word);
  }
  return entries
    .filter((e) => {
      if (e.words.length === 0) return false;
      if (e.words.every((word) => present.has(word))) return true;
      return e.words.some((word) => present.has(word) && count.get(word) === 1 && !NOT_ON_THEIR_OWN.has(word));
    })
    .map((e) => e.id);
}

const NON_ASCII = /[^\x00-\x7f]/;
const MARKS = /\p{M}+/gu;
const NON_WORD = /[^a-z0-9]+/;

function telling(name: string): string[] {
  const lower = name.toLowerCase();
  const folded = NON_ASCII.test(lower) ? lower.normalize('NFD').replace(MARKS, '') : lower;
  return folded.split(NON_WORD).filter((w) => w && !GENERIC.has(w));
}

/**
 * Exact, or a typo of a word of five letters or more ("premum", "exchnage"). The token must have
 * five letters too, as in the typo corrector: "team" is a word of its own, not a typo of "Teams".
 */
function sameWord(token: string, word: string): boolean {
  if (token === word) return true;
  if (word.length < 5 || token.length < 5 || token[0] !== word[0] || Math.abs(token.length - word.length) > 1) return false;
  return isAdjacentSwap(token, word) || distance(token, word) <= 1;
}
