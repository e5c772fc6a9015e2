import { distance } from 'fastest-levenshtein';
import { isAdjacentSwap } from './fuzzy';
import { fold, tokens } from './normalize';
import { KNOWN_WORDS, TARGET_WORDS } from './lexicon';

/**
 * Partners named by company ("Tailspin should be our partner", "stop buying through Northwind",
 * "our old MSP Adatum went bust", "tailspin on the trial please"), and the role each has in the
 * request: the new partner or the one being replaced ("move us off Litware onto Fabrikam").
 * - Names the tenant knows (its relationships, partners of record, partners used before, partners
 *   registered with the bot) are found in any case, with one typo ("Fabricam", "litwear"), with or
 *   without a partner word near them.
 * - An unknown company is taken when capitalized next to a partner word ("our MSP Adatum", "via
 *   Proseware"; at the start of a sentence only before a word that names a partner: "Tailspin should
 *   be our partner"), or, in any case, in the slot a partner takes in a request: the object of "add /
 *   make / put … to / on / as", or the first word before "on / for" and a subscription ("adatum for
 *   BP"). So "ask Megan" or "Finance says" never become a partner.
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
  /** The new partner in a change ("to / onto / with X", "X takes over"). */
  target: boolean;
  /** The one being replaced ("off / from / instead of X", "replace X with …", "X is out"). */
  replaced?: boolean;
}

/** Words of company names that tell nothing apart ("Fabrikam Advisory Services" is told by "fabrikam"). */
const COMPANY_WORDS = new Set(
  `advisory services service consulting consultants partners partner cloud reseller resellers group solutions
   systems it ltd inc llc corp co ab as bv nv gmbh sa sas sarl oy the and of de en et`.split(/\s+/),
);
/** Words that name a partner: after a capitalized word that starts a sentence, they make it a company ("Tailspin should be our partner"). */
const STRONG_CUE = /^(?:partn\w*|partenai\w*|msp|reseller\w*|aterforsalj\w*|revendeu\w*|wederverko\w*|advis\w*|radgivar\w*|conseill\w*)$/;
/** "Tailspin should be / will be / ska bli / doit être / moet … our partner". */
/** "can / should / must … X" in the four languages. */
const MODAL = /^(?:can|could|should|must|will|kan|ska|skall|maste|bor|peut|doit|pourrait|devrait|kan|kun|moet|zal|mag)$/;
const COPULA = /^(?:should|will|is|becomes|takes|ska|skall|blir|ar|tar|doit|sera|est|devient|prend|moet|wordt|gaat|neemt)$/;
/** Words before which a capitalized unknown word is a company. */
const CUE = /^(?:partn\w*|partenai\w*|msp|csp|reseller\w*|aterforsalj\w*|revendeu\w*|wederverko\w*|advis\w*|radgivar\w*|conseill\w*|provider|leverantor\w*|leverancier\w*|prestatai\w*|fournisseu\w*|consult\w*|integrat\w*|vendor|supplier|firma\w*|bolag\w*|societe|bedrijf|company|via|through|from|med|genom|par|chez|door|bij|van|fran|avec|with|to|till|onto|off|instead|stallet|istallet|place|lieu|plaats|than)$/;
const CASED_WORD = /[\p{L}][\p{L}\d&'-]*/gu;
const SENTENCE_END = /[.!?:;]\s*$/;

/** Just before a name: it is the one being replaced. */
const OLD_BEFORE = new Set('off from fran av instead stallet istallet lieu place plaats replace replacing remplace remplacer remplacez vervang vervangen ersatt ersatta byt byta swap than'.split(' '));
/** "de X à Y", "van X naar Y", "från X till Y": the first is old when a target word follows later. */
const FROM_WORDS = new Set('from fran de van after efter apres'.split(' '));
/** "instead of X", "i stället för X", "au lieu de X", "in plaats van X": two words before the old one. */
const INSTEAD_OF = new Set('instead stallet istallet lieu place plaats'.split(' '));
const OF = new Set('of for de d van'.split(' '));
/** Right after a name: it takes over ("Litware takes over", "Litware ersätter", "Litware reprend", "Litware neemt … over"). */
const NEW_AFTER = /^(?:takes?|taking|replaces?|ta|tar|ersatter|reprend|reprendre|remplace|neemt|vervangt|overneemt|overnemen)$/;
/** Right after a name: it is on its way out ("Fabrikam is out / has to go / ska bort / doit partir / moet weg"). */
const OLD_AFTER = /^(?:out|gone|leaves?|leaving|bort|ute|partir|part|dehors|weg|eruit|vertrekt)$/;

/** The partner slot of a request, for names in any case: after these verbs… */
const SLOT_VERBS = new Set('add adding put make register attach assign lagg lagga satt gor gora registrera ajoute ajouter ajoutez mets mettre mettez rajoute voeg zet maak registreer koppel'.split(' '));
/** …and before these words ("add adatum to BP", "make tailspin our partner", "litware for bp"). */
const SLOT_AFTER = new Set('to on as for our pa till som for var vart sur a au pour comme notre op aan als voor onze'.split(' '));
/** Words that are never a company, on top of the lexicon's ("add someone to …", "put it on …"). */
const NOT_A_NAME = new Set(
  `it them this that someone somebody anyone everyone him her me us one all new our a an the your my
   dem den det nagon alla honom henne oss en ett
   le la les lui elle eux un une tout tous ca cela
   ze het hem haar iemand iedereen alles een`.split(/\s+/),
);

/** Finds the partners a message names. `words`: folded, typo-corrected tokens; `cased`: the text with its case. */
export function findPartnerNames(words: readonly string[], cased: string, known: readonly KnownPartner[], subscriptionWords: ReadonlySet<string> = new Set()): NamedPartner[] {
  const found: (NamedPartner & { at: number })[] = [];
  const seen = new Set<string>();
  for (const partner of known) {
    const at = matchAt(words, partner.name);
    if (at < 0 || seen.has(partner.partnerId)) continue;
    seen.add(partner.partnerId);
    found.push({ name: partner.name, known: partner, target: false, at });
  }
  const taken = (text: string) => {
    const first = fold(text.toLowerCase()).split(' ')[0]!;
    return found.some((f) => fold((f.known?.name ?? f.name).toLowerCase()).split(/[^a-z0-9]+/).includes(first) || (f.known && matchAt([first], f.known.name) === 0));
  };
  for (const name of unknownNames(cased)) {
    if (taken(name.text)) continue;
    found.push({ name: name.text, target: false, at: words.indexOf(fold(name.text.toLowerCase()).split(' ')[0]!) });
  }
  for (const at of slotNames(words, subscriptionWords)) {
    if (taken(words[at]!)) continue;
    found.push({ name: words[at]!, target: false, at });
  }
  return found.map(({ at, ...named }) => ({ ...named, ...roleAt(words, at, found.length) }));
}

/** Whether the name at `at` is the new partner or the one replaced, from the words around it. */
function roleAt(words: readonly string[], at: number, names: number): { target: boolean; replaced?: boolean } {
  if (at < 0) return { target: false };
  const prev = words[at - 1];
  const next = words[at + 1];
  if (prev !== undefined && OLD_BEFORE.has(prev)) return { target: false, replaced: true };
  if (prev !== undefined && OF.has(prev) && INSTEAD_OF.has(words[at - 2] ?? '')) return { target: false, replaced: true };
  // "de X à Y", "från X till Y": the first is old when a second name or a target word follows.
  if (prev !== undefined && FROM_WORDS.has(prev) && names > 1) return { target: false, replaced: true };
  if (next !== undefined && OLD_AFTER.test(next)) return { target: false, replaced: true };
  if (prev !== undefined && (TARGET_WORDS.has(prev) || prev === 'onto' || prev === 'for' || prev === 'mot' || prev === 'door' || prev === 'par')) return { target: true };
  if (next !== undefined && NEW_AFTER.test(next)) return { target: true };
  return { target: false };
}

/**
 * A company named by someone other than the parser (a language model): whether the message's words
 * name it (exact, or one typo in a telling word; the whole name for short ones), and the tenant's
 * partner it is, if any.
 */
export function namedCompany(words: readonly string[], name: string, known: readonly KnownPartner[]): { inText: boolean; known?: KnownPartner } {
  const folded = tokens(fold(name.toLowerCase()));
  const inText = matchAt(words, name) >= 0 || (folded.length > 0 && words.some((_, i) => folded.every((w, j) => words[i + j] === w)));
  const partner = known.find((p) => matchAt(folded, p.name) >= 0);
  return partner ? { inText, known: partner } : { inText };
}

/** Index of the first word that names this partner, or -1: exact, or one typo in a telling word of five letters or more. */
function matchAt(words: readonly string[], name: string): number {
  const telling = fold(name.toLowerCase())
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 4 && !COMPANY_WORDS.has(w));
  if (telling.length === 0) return -1;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    for (const t of telling) {
      if (w === t) return i;
      if (t.length >= 5 && w.length >= 5 && w[0] === t[0] && Math.abs(w.length - t.length) <= 1 && (isAdjacentSwap(w, t) || distance(w, t) <= 1)) return i;
    }
  }
  return -1;
}

/** Words in a partner's slot that the parser does not know: unknown companies written in any case. */
function slotNames(words: readonly string[], subscriptionWords: ReadonlySet<string>): number[] {
  const out: number[] = [];
  const candidate = (w: string | undefined) =>
    w !== undefined && w.length >= 4 && /^[a-z]+$/.test(w) && !KNOWN_WORDS.has(w) && !COMPANY_WORDS.has(w) && !PRODUCT_WORDS.has(w) && !NOT_A_NAME.has(w) && !subscriptionWords.has(w);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!candidate(w)) continue;
    const after = words[i + 1];
    const afterVerb = i > 0 && SLOT_VERBS.has(words[i - 1]!) && after !== undefined && SLOT_AFTER.has(after);
    // "adatum for BP", "tailspin on the e5 trial": the message opens with the name, then its subscription.
    const opens = i === 0 && after !== undefined && SLOT_AFTER.has(after) && words.slice(i + 2, i + 6).some((x) => subscriptionWords.has(x));
    // "adatum should be partner…", "adatum ska vara partner…", "adatum doit être partenaire…".
    const claims = i === 0 && after !== undefined && (COPULA.test(after) || MODAL.test(after)) && words.slice(i + 2, i + 5).some((x) => STRONG_CUE.test(x));
    // "can adatum take over E3", "kan adatum ta över e3", "kan adatum e3 overnemen".
    const verb = after !== undefined && subscriptionWords.has(after) ? words[i + 2] : after;
    const takesOver = verb !== undefined && NEW_AFTER.test(verb) && i > 0 && MODAL.test(words[i - 1]!);
    if (afterVerb || opens || claims || takesOver) out.push(i);
  }
  return out;
}

function unknownNames(cased: string): { text: string }[] {
  const out: { text: string }[] = [];
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
    if (opensClaim || before.some((w) => CUE.test(w)) || after.some((w) => STRONG_CUE.test(w))) out.push({ text: tokens.slice(i, j).map((t) => t.text).join(' ') });
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
