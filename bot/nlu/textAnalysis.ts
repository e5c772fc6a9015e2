import type { Language } from '../i18n/i18n';
import type { Intent, ParseContext } from './intents';
import { CLAUSE_BREAK, casedText, clauseTokens, fold } from './normalize';
import { TypoCorrector } from './fuzzy';
import { CONCEPTS, CORRECTABLE_WORDS, KNOWN_WORDS } from './lexicon';
import { detectLanguage, findLanguageSwitch, type LanguageSwitch } from './language';
import { findPartnerIds, type IdCandidate } from './partnerId';
import { catalogWords, excludedSubscriptions, matchSubscriptions } from './subscriptions';
import { withoutNegatedActions } from './negation';
import { findPartnerNames, type NamedPartner } from './partnerNames';
import { conceptsIn, ruleIntent, type Concept } from './ruleIntent';


/**
 * Everything the deterministic extractors read from one message. The classifier decides the intent
 * from features of this (features.ts); the Partner ID, subscriptions, names and language come from
 * here unchanged.
 */
export interface TextAnalysis {
  /** Folded, typo-corrected tokens without the words of a language-switch request. */
  rest: string[];
  /** `rest` with clause breaks, negated verbs blanked ("don't remove" → "_"). */
  affirmed: string[];
  concepts: ReadonlySet<Concept>;
  /** Verbs present only negated ("ta inte bort", "ne supprime rien"). */
  negated: ReadonlySet<Concept>;
  language?: Language;
  switched?: LanguageSwitch;
  ids: IdCandidate[];
  subscriptionIds: string[];
  /** How many subscriptions the text names only to leave out. */
  excludedSubscriptions: number;
  mentionsAll: boolean;
  names: NamedPartner[];
  ruleIntent: Intent;
  question: boolean;
  /** Opens with a question word ("why", "does", "vad", "får", "pourquoi", "est-ce", "krijgt"…), mark or not. */
  asks: boolean;
  /** What the tenant knows the Partner IDs in the text as (a reseller's ID, the current partner's). */
  idKinds: ReadonlySet<'reseller' | 'advisor' | 'current'>;
  /** A word that starts with "partner" but names something else: "partnerportal", "partneråtkomst", "partnersgroep". */
  partnerCompound: boolean;
}

/** Read-only after construction: shared by every turn. */
const corrector = new TypoCorrector(CORRECTABLE_WORDS, KNOWN_WORDS);
const QUESTION = /\?\s*$|\?\s/;
/** "ordernummer 4500012345", "PO number …", "numéro de commande …": a reference, not a purchase. */
const ORDER_REFERENCE = / (?:order|po|purchase order|invoice|ordernummer|ordernr|faktura|fakturan|bestelnummer|bestelling|factuur|commande|facture|numero de commande)(?: (?:number|nummer|nr|no|numero|de commande))? \d{5,}(?= )/g;
/** Question words a message opens with, folded, in the four languages. */
const QUESTION_START = new Set(
  `what whats why how who whos which when where does do did is are can could will would should shall may
   vad varfor hur vem vilken vilka vilket nar var kan far ar har blir kommer maste behover ska skulle finns
   quel quelle quels quelles pourquoi comment qui quand ou est peut peux faut que qu combien
   wat waarom hoe wie welke welk wanneer waar kan kun krijgt krijg is wordt worden ga gaat moet moeten betalen zijn heeft hebben heb`.split(/\s+/),
);
/** "partner" and its plain forms; any longer word starting so is a compound naming something else. */
const PARTNER_FORMS = /^(?:partners?|partnern?s?|partnerna|partnerns|partnerns|partnere|partnerid|partnerids)$/;

/** Indexes of the clauses where a request verb is negated ("don't change E3", "jamais dit de changer … sur E3"). */
function negatedClauses(affirmedLine: string): Set<number> {
  const out = new Set<number>();
  affirmedLine
    .trim()
    .split(` ${CLAUSE_BREAK} `)
    .forEach((clause, i) => {
      if (/(?:^| )_+(?= |$)/.test(clause)) out.add(i);
    });
  return out;
}

function idKindsOf(ids: readonly IdCandidate[], context: ParseContext): Set<'reseller' | 'advisor' | 'current'> {
  const kinds = new Set<'reseller' | 'advisor' | 'current'>();
  for (const id of ids) {
    const known = context.partners.find((p) => p.partnerId === id.digits);
    if (!known) continue;
    kinds.add(known.kind);
    if (known.current) kinds.add('current');
  }
  return kinds;
}

export function analyse(text: string, context: ParseContext): TextAnalysis {
  const cased = casedText(text);
  const lower = cased.toLowerCase();
  const clauses = clauseTokens(fold(lower)).map((t) => corrector.correct(t));
  const words = clauses.filter((t) => t !== CLAUSE_BREAK);
  const language = detectLanguage(lower, words);
  const switched = findLanguageSwitch(words);
  // "change the language to French" must not read as "change the partner".
  const rest = switched ? switched.rest : words;
  const line = ` ${rest.join(' ')} `.replace(ORDER_REFERENCE, ' ref ');
  const ids = findPartnerIds(lower);
  const affirmedLine = withoutNegatedActions(` ${(switched ? rest : clauses).join(' ')} `.replace(ORDER_REFERENCE, ' ref '));
  const affirmedFlat = affirmedLine.replaceAll(` ${CLAUSE_BREAK}`, '');
  const concepts = conceptsIn(affirmedFlat);
  const all = conceptsIn(line);
  const negated = new Set([...all].filter((c) => !concepts.has(c)));
  // "don't remove anything, just show me who's on E3": the negated verb still says what the talk is about.
  const rule = ruleIntent(concepts, ids.length, affirmedFlat !== line);
  const mentionsAll = CONCEPTS.all.test(line);
  // "on Business Premium, leave E3 alone", "I never said change anything on E3": E3 is named only to be left out.
  const excluded = new Set(excludedSubscriptions(switched ? rest : clauses, context.catalog, CLAUSE_BREAK, negatedClauses(affirmedLine)));
  const subscriptionIds = matchSubscriptions(rest, context.catalog, mentionsAll).filter((id) => !excluded.has(id));
  return {
    rest,
    affirmed: affirmedLine.trim().split(' ').filter(Boolean),
    concepts,
    negated,
    language,
    switched,
    ids,
    subscriptionIds,
    excludedSubscriptions: excluded.size,
    mentionsAll,
    names: findPartnerNames(rest, cased, context.partners, catalogWords(context.catalog)),
    ruleIntent: rule,
    question: QUESTION.test(cased),
    asks: QUESTION_START.has(rest[0] ?? '') || (rest[0] === 'est' && rest[1] === 'ce'),
    idKinds: idKindsOf(ids, context),
    partnerCompound: rest.some((w) => w.startsWith('partn') && w.length > 8 && !PARTNER_FORMS.test(w)),
  };
}
