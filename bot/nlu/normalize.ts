/**
 * Turns a Teams message into plain text the parser can read: Teams sends HTML (`<p>`, `<at>Bot</at>`
 * mentions, entities such as `&nbsp;`), admins type in any case and with or without accents.
 */

const AT_MENTION = /<at\b[^>]*>[\s\S]*?<\/at>/gi;
const TAG = /<[^>]*>/g;
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,8}));/gi;
const NAMED: Readonly<Record<string, string>> = Object.freeze({
  nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", rsquo: "'", lsquo: "'", ndash: '-', mdash: '-',
});
const MARKS = /\p{M}+/gu;
const NON_WORD = /[^a-z0-9]+/g;
const SPACES = /\s+/g;
/** A key held down ("addd", "removee"): three or more of a letter become two. */
const STUCK_KEY = /([a-z])\1{2,}/g;

function decodeEntity(whole: string, dec?: string, hex?: string, name?: string): string {
  if (dec) return safeCodePoint(Number(dec));
  if (hex) return safeCodePoint(parseInt(hex, 16));
  return NAMED[name!.toLowerCase()] ?? whole;
}

function safeCodePoint(n: number): string {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : ' ';
}

/** Mentions and tags removed, entities decoded, whitespace collapsed, lower case, NFC. */
export function plainText(text: string): string {
  return casedText(text).toLowerCase();
}

/** plainText() with the case kept: company names are told by their capital letter. */
export function casedText(text: string): string {
  return text
    .replace(AT_MENTION, ' ')
    .replace(TAG, ' ')
    .replace(ENTITY, decodeEntity)
    .replace(/\u2019|\u2018/g, "'")
    .replace(SPACES, ' ')
    .trim()
    .normalize('NFC');
}

/** Accents removed ("ändra" → "andra", "réponds" → "reponds"), so typed-without-accents text matches too. */
export function fold(lower: string): string {
  return lower.normalize('NFD').replace(MARKS, '');
}

/** Word tokens of folded text: letters and digits only; apostrophes and hyphens split words. */
export function tokens(folded: string): string[] {
  const spaced = folded.replace(NON_WORD, ' ').trim();
  return spaced === '' ? [] : spaced.replace(STUCK_KEY, '$1$1').split(' ');
}

/** Where a clause ends (", . ; : ! ?"), marked in the token list by this token. */
export const CLAUSE_BREAK = '|';
const CLAUSE_PUNCTUATION = /[,.;:!?]+(?:\s|$)/g;

/** tokens(), with CLAUSE_BREAK between clauses ("don't remove anything, just show me"). */
export function clauseTokens(folded: string): string[] {
  return folded
    .split(CLAUSE_PUNCTUATION)
    .map(tokens)
    .filter((clause) => clause.length > 0)
    .flatMap((clause, i) => (i === 0 ? clause : [CLAUSE_BREAK, ...clause]));
}
