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
const TRIAL_WORDS = /^(?:trial|trials|testversion\w*|testet|testperiod\w*|testabonnemang\w*|testprenumeration\w*|provprenumeration\w*|provversion\w*|provperiod\w*|essai|proefversie|proefperiode|proef|proefabonnement)$/;

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

/** Before a subscription, in its clause: the admin leaves it out ("not on E3", "leave E3 alone", "rör inte E3", "sauf E3", "behalve E3", "forget E3 for now", "strunta i E3"). */
const EXCLUDING_BEFORE = new Set(
  `not no nor except excluding without leave keep touch forget ignore skip
   inte ej utom forutom lat lamna behall ror strunta glom skippa ignorera
   pas sauf hormis excepte sans laisse laissez laisser garde gardez garder touche touchez toucher oublie oubliez oublier ignorez
   niet geen behalve zonder laat blijf houd hou vergeet negeer`.split(/\s+/),
);
/** After it: "E3 alone", "laat E3 met rust", "garde E3 tel quel", "BP unchanged", "E3 stays as is". */
const EXCLUDING_AFTER = new Set('alone unchanged stays stay remains ifred fred oforandrad oforandrat forblir tranquille inchange inchanges inchangee tel tels telle telles reste rust ongewijzigd zoals blijft'.split(' '));
const WINDOW = 4;

/**
 * The subscriptions the admin names only to leave out: each of their mentions has an excluding word
 * among the four words before it, or right after it, in the same clause, or sits in a clause whose verb is
 * negated (`negatedClauses`, by index). `clauses`: folded tokens with CLAUSE_BREAK between clauses.
 */
export function excludedSubscriptions(clauses: readonly string[], catalog: readonly SubscriptionCatalogEntry[], breakToken: string, negatedClauses: ReadonlySet<number> = new Set()): string[] {
  const entries: Entry[] = catalog.map((c) => ({ id: c.id, words: telling(c.name) }));
  const mentioned = new Map<string, { all: number; excluded: number }>();
  let clause = 0;
  for (let i = 0; i < clauses.length; i++) {
    if (clauses[i] === breakToken) clause++;
    const token = TRIAL_WORDS.test(clauses[i]!) ? 'trial' : clauses[i]!;
    const named = entries.filter((e) => e.words.some((w) => sameWord(token, w)));
    if (named.length === 0) continue;
    // A clause whose verb is negated ("don't change E3") names what to leave alone.
    let excluded = negatedClauses.has(clause);
    for (let j = i - 1; j >= Math.max(0, i - WINDOW) && clauses[j] !== breakToken; j--) if (EXCLUDING_BEFORE.has(clauses[j]!)) excluded = true;
    for (let j = i + 1; j <= Math.min(clauses.length - 1, i + 2) && clauses[j] !== breakToken; j++) if (EXCLUDING_AFTER.has(clauses[j]!)) excluded = true;
    for (const e of named) {
      const m = mentioned.get(e.id) ?? { all: 0, excluded: 0 };
      m.all++;
      if (excluded) m.excluded++;
      mentioned.set(e.id, m);
    }
  }
  return [...mentioned].filter(([, m]) => m.excluded === m.all).map(([id]) => id);
}

/** Every telling word of the catalog's names (never a company's name). */
export function catalogWords(catalog: readonly SubscriptionCatalogEntry[]): Set<string> {
  return new Set(catalog.flatMap((c) => telling(c.name)));
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
