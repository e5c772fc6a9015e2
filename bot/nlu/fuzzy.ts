import { distance } from 'fastest-levenshtein';

/**
 * Typo correction against a fixed vocabulary: "remvoe" → "remove", "partnr" → "partner",
 * "ändar" → "andra". Levenshtein distance (fastest-levenshtein) plus one adjacent swap, which
 * Levenshtein counts as two edits although it is the most common typing slip.
 */
export class TypoCorrector {
  private readonly byFirstLetter: ReadonlyMap<string, readonly string[]>;

  constructor(vocabulary: Iterable<string>, private readonly known: ReadonlySet<string>) {
    const buckets = new Map<string, string[]>();
    for (const word of vocabulary) {
      const list = buckets.get(word[0]!) ?? [];
      list.push(word);
      buckets.set(word[0]!, list);
    }
    this.byFirstLetter = buckets;
  }

  /** The vocabulary word the token was meant to be, or the token itself. */
  correct(token: string): string {
    if (token.length < 4 || this.known.has(token) || !/^[a-z]+$/.test(token)) return token;
    const candidates = this.byFirstLetter.get(token[0]!);
    if (!candidates) return token;
    const maxEdits = token.length >= 9 ? 2 : token.length >= 5 ? 1 : 0;
    let best = token;
    let bestCost = Infinity;
    for (const word of candidates) {
      if (Math.abs(word.length - token.length) > Math.max(maxEdits, 0)) continue;
      const cost = isAdjacentSwap(token, word) ? 1 : maxEdits > 0 ? distance(token, word) : Infinity;
      if (cost <= Math.max(maxEdits, 1) && cost < bestCost) {
        best = word;
        bestCost = cost;
      }
    }
    return best;
  }
}

/** True when b is a with two neighbouring letters swapped ("shwo"/"show"). */
export function isAdjacentSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  if (i >= a.length - 1) return false;
  return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}
