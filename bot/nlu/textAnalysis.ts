import type { Language } from '../i18n/i18n';
import type { Intent, ParseContext } from './intents';
import { CLAUSE_BREAK, casedText, clauseTokens, fold } from './normalize';
import { TypoCorrector } from './fuzzy';
import { CONCEPTS, CORRECTABLE_WORDS, KNOWN_WORDS } from './lexicon';
import { detectLanguage, findLanguageSwitch, type LanguageSwitch } from './language';
import { findPartnerIds, type IdCandidate } from './partnerId';
import { matchSubscriptions } from './subscriptions';
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
  mentionsAll: boolean;
  names: NamedPartner[];
  ruleIntent: Intent;
  question: boolean;
}

/** Read-only after construction: shared by every turn. */
const corrector = new TypoCorrector(CORRECTABLE_WORDS, KNOWN_WORDS);
const QUESTION = /\?\s*$|\?\s/;

export function analyse(text: string, context: ParseContext): TextAnalysis {
  const cased = casedText(text);
  const lower = cased.toLowerCase();
  const clauses = clauseTokens(fold(lower)).map((t) => corrector.correct(t));
  const words = clauses.filter((t) => t !== CLAUSE_BREAK);
  const language = detectLanguage(lower, words);
  const switched = findLanguageSwitch(words);
  // "change the language to French" must not read as "change the partner".
  const rest = switched ? switched.rest : words;
  const line = ` ${rest.join(' ')} `;
  const ids = findPartnerIds(lower);
  const affirmedLine = withoutNegatedActions(` ${(switched ? rest : clauses).join(' ')} `);
  const affirmedFlat = affirmedLine.replaceAll(` ${CLAUSE_BREAK}`, '');
  const concepts = conceptsIn(affirmedFlat);
  const all = conceptsIn(line);
  const negated = new Set([...all].filter((c) => !concepts.has(c)));
  // "don't remove anything, just show me who's on E3": the negated verb still says what the talk is about.
  const rule = ruleIntent(concepts, ids.length, affirmedFlat !== line);
  const mentionsAll = CONCEPTS.all.test(line);
  return {
    rest,
    affirmed: affirmedLine.trim().split(' ').filter(Boolean),
    concepts,
    negated,
    language,
    switched,
    ids,
    subscriptionIds: matchSubscriptions(rest, context.catalog, mentionsAll),
    mentionsAll,
    names: findPartnerNames(rest, cased, context.partners),
    ruleIntent: rule,
    question: QUESTION.test(cased),
  };
}
