import type { Intent } from './intents';
import { CONCEPTS } from './lexicon';

export type Concept = keyof typeof CONCEPTS;

/** The concepts (lexicon.ts) present in a token line " word word … ". */
export function conceptsIn(line: string): Set<Concept> {
  const found = new Set<Concept>();
  for (const name of Object.keys(CONCEPTS) as Concept[]) if (CONCEPTS[name].test(line)) found.add(name);
  return found;
}

/**
 * The hand-ordered rules of the first parser (most specific first). They no longer decide: their
 * answer is one feature among many for the trained classifier, which learns when to trust it.
 */
export function ruleIntent(has: ReadonlySet<Concept>, idCount: number, negatedAction: boolean): Intent {
  const is = (c: Concept): boolean => has.has(c);
  const partner = is('partner') || idCount > 0 || negatedAction;
  const remove = is('remove') || (is('notWanted') && (partner || is('reseller')));
  const add = is('add');

  if (is('handoffStrong') || (is('talk') && is('person'))) return 'handoff';
  if (is('reseller') && (remove || is('change'))) return 'remove_reseller';
  if (is('purchase') && (add || partner)) return 'add_at_purchase';
  // "add a user to a group": another admin object and no partner, so not this bot's business.
  if (is('otherObject') && !partner && !is('reseller')) return 'unknown';
  if (is('change') || (remove && add) || (is('successor') && partner) || (is('other') && !add && partner)) return 'change_partner';
  if (remove && !is('define')) return 'remove_partner';
  if (add) return 'add_partner';
  // "c'est quoi 5558001 ?": what an ID on an invoice is, a question about the tenant's partners.
  if (is('define') && idCount > 0) return 'view_partners';
  if (is('define')) return 'help';
  if (is('view') && (partner || is('reseller'))) return 'view_partners';
  if (idCount > 0) return 'add_partner';
  if (is('help')) return 'help';
  if (partner || is('reseller')) return 'view_partners';
  return 'unknown';
}
