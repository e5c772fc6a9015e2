import { distance } from 'fastest-levenshtein';
import { fold } from './normalize';
import { KNOWN_WORDS, TARGET_WORDS } from './lexicon';

/**
 * Partners named by company ("Tailspin should be our partner", "stop buying through Northwind",
 * "our old MSP Adatum went bust"). Names the tenant knows (its relationships, partners of record,
 * partners used before) are found in any case and with a typo; an unknown company is taken only
 * when capitalized next to a partner word ("our MSP Adatum", "via Proseware"; at the start of a
 * sentence only before a word that names a partner: "Tailspin should be our partner"), so "ask
 * Megan" or "Finance says" never become a partner.
 */

export interface KnownPartner {
  partnerId: string;
  name: string;
  kind: 'advisor' | 'reseller';
  /** Partner of record on one of the tenant's subscriptions now. */
  current?: boolean;
}

export interface NamedPartner {
  /** The company as the admin wrote it ("tailspin"), or the known partner's full name. */
  name: string;
  known?: KnownPartner;
  /** Right after "to / with / till / par / door …": the new partner in a change. */
  target: boolean;
}

/** Words of company names that tell nothing apart ("Fabrikam Advisory Services" is told by "fabrikam"). */
const COMPANY_WORDS = new Set(
  `advisory services service consulting consultants partners partner cloud reseller resellers group solutions
   systems it ltd inc llc corp co ab as bv nv gmbh sa sas sarl oy the and of de en et`.split(/\s+/),
);
/** Words that name a partner: after a capitalized word that starts a sentence, they make it a company ("Tailspin should be our partner"). */
const STRONG_CUE = /^(?:partn\w*|partenai\w*|msp|reseller\w*|aterforsalj\w*|revendeu\w*|wederverko\w*|advis\w*|radgivar\w*|conseill\w*)$/;
/** "Tailspin should be / will be / ska bli / doit être / moet … our partner". */
const COPULA = /^(?:should|will|is|becomes|takes|ska|skall|blir|ar|tar|doit|sera|est|devient|prend|moet|wordt|gaat|neemt)$/;
/** Words before which a capitalized unknown word is a company. */
const CUE = /^(?:partn\w*|partenai\w*|msp|csp|reseller\w*|aterforsalj\w*|revendeu\w*|wederverko\w*|advis\w*|radgivar\w*|conseill\w*|provider|leverantor\w*|leverancier\w*|prestatai\w*|fournisseu\w*|consult\w*|integrat\w*|vendor|supplier|firma\w*|bolag\w*|societe|bedrijf|company|via|through|from|med|genom|par|chez|door|bij|van|fran|avec|with|to|till)$/;
const CASED_WORD = /[\p{L}][\p{L}\d&'-]*/gu;
const SENTENCE_END = /[.!?:;]\s*$/;

/** Finds the partners a message names. `words`: folded, typo-corrected tokens; `cased`: the text with its case. */
export function findPartnerNames(words: readonly string[], cased: string, known: readonly KnownPartner[]): NamedPartner[] {
  const found: NamedPartner[] = [];
  const seen = new Set<string>();
  for (const partner of known) {
    const at = matchAt(words, partner.name);
    if (at < 0 || seen.has(partner.partnerId)) continue;
    seen.add(partner.partnerId);
    found.push({ name: partner.name, known: partner, target: at > 0 && TARGET_WORDS.has(words[at - 1]!) });
  }
  for (const name of unknownNames(cased)) {
    const folded = fold(name.text.toLowerCase());
    if (found.some((f) => f.known && fold(f.known.name.toLowerCase()).includes(folded.split(' ')[0]!))) continue;
    found.push({ name: name.text, target: name.target });
  }
  return found;
}

/** Index of the first word that names this partner, or -1. */
function matchAt(words: readonly string[], name: string): number {
  const telling = fold(name.toLowerCase())
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 4 && !COMPANY_WORDS.has(w));
  if (telling.length === 0) return -1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    for (const t of telling) {
      if (w === t || (t.length >= 6 && w.length >= 6 && w[0] === t[0] && distance(w, t) <= 1)) return i;
    }
  }
  return -1;
}

function unknownNames(cased: string): { text: string; target: boolean }[] {
  const out: { text: string; target: boolean }[] = [];
  const tokens = [...cased.matchAll(CASED_WORD)].map((m) => ({
    text: m[0],
    folded: fold(m[0].toLowerCase()),
    sentenceStart: m.index === 0 || SENTENCE_END.test(cased.slice(Math.max(0, m.index - 3), m.index)),
  }));
  let i = 0;
  while (i < tokens.length) {
    const startsSentence = tokens[i]!.sentenceStart;
    const opensClaim = startsSentence && COPULA.test(tokens[i + 1]?.folded ?? '') && tokens.slice(i + 2, i + 5).some((t) => STRONG_CUE.test(t.folded));
    if (!isCandidate({ ...tokens[i]!, sentenceStart: false }) || (startsSentence && !opensClaim)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < tokens.length && isCandidate({ ...tokens[j]!, sentenceStart: false })) j++;
    const before = tokens.slice(Math.max(0, i - 3), i).map((t) => t.folded);
    const after = tokens.slice(j, j + 2).map((t) => t.folded);
    if (opensClaim || before.some((w) => CUE.test(w)) || after.some((w) => STRONG_CUE.test(w))) {
      const prev = before[before.length - 1];
      out.push({ text: tokens.slice(i, j).map((t) => t.text).join(' '), target: prev !== undefined && TARGET_WORDS.has(prev) });
    }
    i = j;
  }
  return out;
}

/** Capitalized, not all capitals ("E3", "MPN", "IT"), not starting a sentence, not a word the parser knows. */
function isCandidate(t: { text: string; folded: string; sentenceStart: boolean }): boolean {
  const first = t.text[0]!;
  return (
    !t.sentenceStart &&
    first !== first.toLowerCase() &&
    t.text !== t.text.toUpperCase() &&
    t.folded.length >= 3 &&
    !KNOWN_WORDS.has(t.folded) &&
    !COMPANY_WORDS.has(t.folded) &&
    !PRODUCT_WORDS.has(t.folded)
  );
}

/** Product and service names admins capitalize, which are never a partner. */
const PRODUCT_WORDS = new Set(
  `microsoft office teams exchange online business premium standard basic essentials trial azure entra dynamics intune
   sharepoint onedrive outlook windows defender copilot partner center admin licence license licences licenses
   hej hello bonjour hallo merci thanks tack dank english svenska francais nederlands`.split(/\s+/),
);
