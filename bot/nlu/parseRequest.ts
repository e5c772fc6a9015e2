import type { Intent, ParsedRequest, SubscriptionCatalogEntry } from './intents';
import { CLAUSE_BREAK, clauseTokens, fold, plainText } from './normalize';
import { TypoCorrector } from './fuzzy';
import { CONCEPTS, CORRECTABLE_WORDS, LANGUAGE_EVIDENCE, NEUTRAL_WORDS } from './lexicon';
import { detectLanguage, findLanguageSwitch } from './language';
import { choosePartnerId, findPartnerIds } from './partnerId';
import { matchSubscriptions } from './subscriptions';
import { withoutNegatedActions } from './negation';

/**
 * The request parser for free text in English, Swedish, French and Dutch. Rule based on purpose:
 * the domain has nine intents and a small vocabulary (the admin-center article in each language),
 * it runs on every message (microseconds, no model to load), and every decision can be explained.
 * All tables and patterns are built once at module load and never change.
 */

const KNOWN_WORDS: ReadonlySet<string> = new Set([...LANGUAGE_EVIDENCE.keys(), ...NEUTRAL_WORDS, ...CORRECTABLE_WORDS]);
const corrector = new TypoCorrector(CORRECTABLE_WORDS, KNOWN_WORDS);

export function parseRequest(text: string, catalog: SubscriptionCatalogEntry[]): ParsedRequest {
  const lower = plainText(text);
  const clauses = clauseTokens(fold(lower)).map((t) => corrector.correct(t));
  const words = clauses.filter((t) => t !== CLAUSE_BREAK);
  const language = detectLanguage(lower, words);
  const switched = findLanguageSwitch(words);
  // "change the language to French" must not read as "change the partner".
  const rest = switched ? switched.rest : words;
  const line = ` ${rest.join(' ')} `;

  const ids = findPartnerIds(lower);
  const affirmed = withoutNegatedActions(` ${(switched ? rest : clauses).join(' ')} `).replaceAll(` ${CLAUSE_BREAK}`, '');
  // "don't remove anything, just show me who's on E3": the negated verb still says what the talk is about.
  const intent = classify(affirmed, ids.length, affirmed !== line);
  const partnerId = choosePartnerId(ids);
  const subscriptionIds = matchSubscriptions(rest, catalog, CONCEPTS.all.test(line));

  const parsed: ParsedRequest = { intent, subscriptionIds };
  if (partnerId !== undefined) parsed.partnerId = partnerId;
  if (language !== undefined) parsed.language = language;
  if (switched) parsed.switchLanguage = switched.language;
  return parsed;
}

/** Decides the intent from the concepts present, most specific first. */
function classify(line: string, idCount: number, negatedAction: boolean): Intent {
  const has = (concept: keyof typeof CONCEPTS): boolean => CONCEPTS[concept].test(line);
  const partner = has('partner') || idCount > 0 || negatedAction;
  const remove = has('remove') || (has('notWanted') && (partner || has('reseller')));
  const add = has('add');

  if (has('handoffStrong') || (has('talk') && has('person'))) return 'handoff';
  if (has('reseller') && (remove || has('change'))) return 'remove_reseller';
  if (has('purchase') && (add || partner)) return 'add_at_purchase';
  // "add a user to a group": another admin object and no partner, so not this bot's business.
  if (has('otherObject') && !partner && !has('reseller')) return 'unknown';
  if (has('change') || (remove && add) || (has('successor') && partner) || (has('other') && !add && partner)) return 'change_partner';
  if (remove && !has('define')) return 'remove_partner';
  if (add) return 'add_partner';
  if (has('define')) return 'help';
  if (has('view') && (partner || has('reseller'))) return 'view_partners';
  if (idCount > 0) return 'add_partner';
  if (has('help')) return 'help';
  if (partner || has('reseller')) return 'view_partners';
  return 'unknown';
}
