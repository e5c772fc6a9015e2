import { TARGET_WORDS } from './lexicon';

/**
 * Partner ID extraction. Partner IDs (MPN ID, PLA ID, Partner Network ID) are digits, 5 to 7 in
 * Microsoft's examples, and admins paste them with spaces or hyphens ("439 1507", "439-1507").
 */

/** Numbers that are part of product names, not IDs: "Office 365", "Plan 1", "E3". */
const PRODUCT_NUMBERS = /\b(?:office|microsoft|m|o|ms)[ -]?365\b|\bplan ?\d\b|\b[efgk][ -]?\d\b|\b21vianet\b/g;
/** A run of digit groups separated by single spaces or hyphens. */
const DIGIT_RUN = /(?<![\p{L}\d])\d+(?:[ \u00a0-]\d+)*(?![\p{L}\d])/gu;
/** A label just before the number: "MPN ID", "PLA ID", "partner-id:", "ID", "nummer". */
const LABEL_BEFORE = /(?:mpn|pla|id|partner|partenaire|nummer|number|numero|numéro|#)\W{0,3}$/;
const WORD_BEFORE = /([\p{L}]+)\W*$/u;

const MIN_DIGITS = 5;
const MIN_DIGITS_LABELLED = 4;
const MAX_DIGITS = 12;

export interface IdCandidate {
  digits: string;
  labelled: boolean;
  /** Preceded by "to", "till", "par", "door"…: the new partner in a change request. */
  target: boolean;
}

export function findPartnerIds(lower: string): IdCandidate[] {
  const text = lower.replace(PRODUCT_NUMBERS, ' ');
  const found: IdCandidate[] = [];
  for (const match of text.matchAll(DIGIT_RUN)) {
    const before = text.slice(Math.max(0, match.index - 24), match.index);
    const labelled = LABEL_BEFORE.test(before);
    const prev = WORD_BEFORE.exec(before)?.[1];
    const target = prev !== undefined && TARGET_WORDS.has(prev);
    for (const digits of splitRun(match[0])) {
      const min = labelled ? MIN_DIGITS_LABELLED : MIN_DIGITS;
      if (digits.length >= min && digits.length <= MAX_DIGITS) found.push({ digits, labelled, target });
    }
  }
  return found;
}

/**
 * "439 1507" is one ID; "4391507 1234567" is two. Short groups (≤ 4 digits) are joined to
 * their neighbours; a group of 5 or more digits is an ID on its own.
 */
function splitRun(run: string): string[] {
  const groups = run.split(/[ \u00a0-]/);
  const ids: string[] = [];
  let current = '';
  for (const g of groups) {
    if (g.length >= MIN_DIGITS) {
      if (current) ids.push(current);
      ids.push(g);
      current = '';
    } else {
      current += g;
    }
  }
  if (current) ids.push(current);
  return ids;
}

/** The ID the admin means: the one after "to/par/door…" when there are several, else a labelled one, else the first. */
export function choosePartnerId(candidates: readonly IdCandidate[]): string | undefined {
  if (candidates.length === 0) return undefined;
  if (candidates.length > 1) {
    const targets = candidates.filter((c) => c.target);
    if (targets.length > 0) return targets[targets.length - 1]!.digits;
  }
  return (candidates.find((c) => c.labelled) ?? candidates[0]!).digits;
}
