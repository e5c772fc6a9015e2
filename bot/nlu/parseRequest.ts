import type { Intent, ParsedRequest, SubscriptionCatalogEntry } from './intents';
import { fold, plainText, tokens } from './normalize';
import { TypoCorrector } from './fuzzy';
import { CONCEPTS, CORRECTABLE_WORDS, LANGUAGE_EVIDENCE, NEUTRAL_WORDS } from './lexicon';
import { detectLanguage, findLanguageSwitch } from './language';
import { choosePartnerId, findPartnerIds } from './partnerId';
import { matchSubscriptions } from './subscriptions';

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
  const words = tokens(fold(lower)).map((t) => corrector.correct(t));
  const language = detectLanguage(lower, words);
  const switched = findLanguageSwitch(words);
  // "change the language to French" must not read as "change the partner".
  const rest = switched ? switched.rest : words;
  const line = ` ${rest.join(' ')} `;

  const ids = findPartnerIds(lower);
  const intent = classify(line, ids.length);
  const partnerId = choosePartnerId(ids);
  const subscriptionIds = matchSubscriptions(rest, catalog, CONCEPTS.all.test(line));

  const parsed: ParsedRequest = { intent, subscriptionIds };
  if (partnerId !== undefined) parsed.partnerId = partnerId;
  if (language !== undefined) parsed.language = language;
  if (switched) parsed.switchLanguage = switched.language;
  return parsed;
}

/** Decides the intent from the concepts present, most specific first. */
function classify(line: string, idCount: number): Intent {
  const has = (concept: keyof typeof CONCEPTS): boolean => CONCEPTS[concept].test(line);
  const partner = has('partner') || idCount > 0;
  const remove = has('remove') || (has('notWanted') && (partner || has('reseller')));
  const add = has('add');

  if (has('handoffStrong') || (has('talk') && has('person'))) return 'handoff';
  if (has('reseller') && (remove || has('change'))) return 'remove_reseller';
  if (has('purchase') && (add || partner)) return 'add_at_purchase';
  if (has('change') || (remove && add) || (has('other') && !add && partner)) return 'change_partner';
  if (remove && !has('define')) return 'remove_partner';
  if (add) return 'add_partner';
  if (has('define')) return 'help';
  if (has('view') && (partner || has('reseller'))) return 'view_partners';
  if (idCount > 0) return 'add_partner';
  if (has('help')) return 'help';
  if (partner || has('reseller')) return 'view_partners';
  return 'unknown';
}
