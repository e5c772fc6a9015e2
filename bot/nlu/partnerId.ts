import { TARGET_WORDS } from './lexicon';

/**
 * Partner ID extraction. Partner IDs (MPN ID, PLA ID, Partner Network ID) are digits, 5 to 7 in
 * Microsoft's examples, and admins paste them with spaces or hyphens ("439 1507", "439-1507").
 * Other numbers admins write are not IDs: phone numbers as people group them in Sweden, Belgium, France
 * or the US ("070-123 45 67", "0470 12 34 56", "+33 6 12 34 56 78", "(425) 555-0147"), and order,
 * invoice or ticket numbers ("PO number 4500012345", "ordernummer …", "numéro de commande …").
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
/** Longer numbers are order, invoice or phone numbers unless labelled as a partner's ("MPN ID 12345678901" stays). */
const MAX_DIGITS = 8;
const MAX_DIGITS_LABELLED = 12;

/** Just before a number: it is a phone number ("call me on", "ring mig på", "bel me op", "appelez-moi au"). "their number is 4391507" is not. */
const PHONE_BEFORE = /(?:phone|tel|telephone|telefon|telefoon|mobile?|mobil|gsm|cell|call(?: me)?(?: on| at)?|ring(?: mig)?(?: pa| på)?|bel(?: me)?(?: op)?|appel\w*(?:[- ]moi)?(?: au| le)?)\W{0,4}$/;
/** Just before a number: it is an order, invoice or ticket number. */
const ORDER_BEFORE = /(?:order|po|purchase order|invoice|ticket|case|incident|ref|reference|referens|ordernummer|ordernr|faktura\w*|arende|ärende|bestelnummer|bestelling|factuur\w*|referentie|commande|facture|dossier|numero de commande|numéro de commande)\W{0,3}(?:(?:number|nummer|no|nr|numero|numéro|n°|#)\W{0,3})?$/;

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
    if (isPhoneNumber(match[0], text, match.index, before) || ORDER_BEFORE.test(before)) continue;
    const labelled = LABEL_BEFORE.test(before);
    const prev = WORD_BEFORE.exec(before)?.[1];
    const target = prev !== undefined && TARGET_WORDS.has(prev);
    for (const digits of splitRun(match[0])) {
      const min = labelled ? MIN_DIGITS_LABELLED : MIN_DIGITS;
      if (digits.length >= min && digits.length <= (labelled ? MAX_DIGITS_LABELLED : MAX_DIGITS)) found.push({ digits, labelled, target });
    }
  }
  return found;
}

/**
 * A phone number, from its shape or what precedes it: an international "+" or an area code in
 * brackets before it; a trunk "0" in front of eight digits or more (Partner IDs do not start with 0); three groups
 * or more adding up to nine digits or more ("+32 2 123 45 67", "01 23 45 67 89"); or "call me on …".
 * "439 1507" and "765 43 21" (seven digits) stay IDs.
 */
function isPhoneNumber(run: string, text: string, at: number, before: string): boolean {
  const digits = run.replace(/\D/g, '');
  const groups = run.split(/[ \u00a0-]/).length;
  // "+46 …", or the number after an area code in brackets ("(425) 555-0147", "(08) 123 45 67");
  // "Litware (1234567)" and "Exchange Online (Plan 1) 4391507" are IDs.
  if (/\+\s?$/.test(text.slice(Math.max(0, at - 2), at))) return true;
  if (/\(\d{1,4}\)\s?$/.test(text.slice(Math.max(0, at - 7), at))) return true;
  if (run.startsWith('0') && digits.length >= 8) return true;
  if (groups >= 3 && digits.length >= 9) return true;
  return digits.length >= 7 && PHONE_BEFORE.test(before);
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
