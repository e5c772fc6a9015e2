import type { RankedIntent } from '../nlu/intentModel';
import type { Intent, ParsedRequest } from '../nlu/intents';
import type { KnownPartner, NamedPartner } from '../nlu/partnerNames';
import type { TenantKnowledge } from './tenantKnowledge';

/** A request read against the tenant: what the bot would do, with how sure it is. */
export interface ResolvedRequest {
  intent: Intent;
  /** Every intent, best first, after the tenant's state moved evidence between them. */
  ranked: RankedIntent[];
  partnerId?: string;
  /** The company the request is about, as the admin named it or the tenant knows it. */
  partnerName?: string;
  subscriptionIds: string[];
  /** Why the tenant's state changed the classifier's intent (logged). */
  adjusted?: 'reseller_named' | 'subscription_has_partner' | 'subscription_has_no_partner' | 'two_ids' | 'two_partners';
}

const SETTING: ReadonlySet<Intent> = new Set(['add_partner', 'change_partner']);

/**
 * Reads what the text says against what the tenant has (pure: the pipeline reads the tenant first).
 * - A partner named by company is the tenant's partner of that name: its ID fills the request.
 * - A reseller named for removal ("stop buying through Northwind") means the reseller relationship.
 * - "Set partner X on S" is an add where S has no partner and a change where it has one; add and
 *   change then pool their evidence, since the text only said "set".
 * - Two IDs ("from 4391507 to 1234567") are a change.
 */
export function resolveRequest(parsed: ParsedRequest, knowledge: TenantKnowledge): ResolvedRequest {
  let ranked = parsed.ranked.map((r) => ({ ...r }));
  let adjusted: ResolvedRequest['adjusted'];
  const top = (): Intent => ranked[0]!.intent;
  const named = chooseName(parsed.partnerNames, top());
  // The reseller named by company or by its Partner ID ("remove 5558001").
  const reseller = parsed.partnerNames.some((n) => n.known?.kind === 'reseller') || parsed.partnerIdKind === 'reseller';

  if (reseller && !parsed.partnerNames.some((n) => n.known?.kind === 'advisor') && top() === 'remove_partner') {
    // The classifier's evidence for removing a partner was evidence for removing the reseller.
    ranked = pool(ranked, 'remove_reseller', 'remove_partner');
    adjusted = 'reseller_named';
  }

  // One partner coming and one going ("move us off Litware onto Fabrikam") is a change, whatever the verbs.
  if (parsed.partnerNames.some((n) => n.target) && parsed.partnerNames.some((n) => n.replaced) && (top() === 'add_partner' || top() === 'remove_partner')) {
    ranked = pool(pool(ranked, 'change_partner', 'add_partner'), 'change_partner', 'remove_partner');
    adjusted = 'two_partners';
  }

  let subscriptionIds = parsed.subscriptionIds;
  // "get Fabrikam off": the subscriptions Fabrikam is partner of record on.
  if (top() === 'remove_partner' && subscriptionIds.length === 0 && named?.known) {
    subscriptionIds = knowledge.subscriptions.filter((s) => s.partnerOfRecord?.partnerId === named.known!.partnerId).map((s) => s.id);
  }

  // A follow-up carries the last request's subscriptions, which may be done by now: "add 1234567 to
  // BP", confirmed, then "and the trial too" needs the trial only.
  const newId = parsed.partnerId ?? (named?.known?.kind === 'advisor' ? named.known.partnerId : undefined);
  if (parsed.followUp && SETTING.has(top()) && newId) {
    const pending = subscriptionIds.filter((id) => knowledge.subscriptions.find((s) => s.id === id)?.partnerOfRecord?.partnerId !== newId);
    if (pending.length > 0) subscriptionIds = pending;
  }

  if (SETTING.has(top())) {
    const subs = knowledge.subscriptions.filter((s) => subscriptionIds.includes(s.id));
    if (subs.length > 0) {
      const want: Intent = subs.some((s) => s.partnerOfRecord) ? 'change_partner' : 'add_partner';
      if (want !== top()) adjusted = want === 'change_partner' ? 'subscription_has_partner' : 'subscription_has_no_partner';
      ranked = pool(ranked, want, want === 'add_partner' ? 'change_partner' : 'add_partner');
    } else if (parsed.otherPartnerIds.length > 0 && parsed.partnerId) {
      if (top() !== 'change_partner') adjusted = 'two_ids';
      ranked = pool(ranked, 'change_partner', 'add_partner');
    }
  }

  const intent = top();
  const wantsNewPartner = intent === 'add_partner' || intent === 'change_partner' || intent === 'add_at_purchase';
  // The name given for a new partner fills its ID, unless that partner is the one being replaced
  // (already on the subscriptions named, or on any when none is named); a name in a removal or a question is only shown.
  const namedKnown = named?.known;
  const replaced = namedKnown && (subscriptionIds.length > 0 ? knowledge.subscriptions.some((s) => subscriptionIds.includes(s.id) && s.partnerOfRecord?.partnerId === namedKnown.partnerId) : namedKnown.current);
  const partnerId = parsed.partnerId ?? (wantsNewPartner && namedKnown && namedKnown.kind === 'advisor' && !replaced ? namedKnown.partnerId : undefined);
  const resolved: ResolvedRequest = { intent, ranked, subscriptionIds };
  if (partnerId) resolved.partnerId = partnerId;
  if (named) resolved.partnerName = named.name;
  if (adjusted) resolved.adjusted = adjusted;
  return resolved;
}

/** The company the request is about: the new one for add/change (after "to/with", or not the current one), else the first. */
function chooseName(names: readonly NamedPartner[], intent: Intent): NamedPartner | undefined {
  if (names.length <= 1) return names[0];
  if (intent === 'add_partner' || intent === 'change_partner' || intent === 'add_at_purchase') {
    return names.find((n) => n.target) ?? names.find((n) => !n.replaced && !isCurrent(n.known)) ?? names.find((n) => !n.replaced) ?? names[names.length - 1];
  }
  return names.find((n) => isCurrent(n.known) || n.known?.kind === 'reseller') ?? names[0];
}

function isCurrent(known: KnownPartner | undefined): boolean {
  return Boolean(known?.current);
}

/** `into` takes `from`'s score and `from` gets none: the tenant's state settled which of the two. */
function pool(ranked: RankedIntent[], into: Intent, from: Intent): RankedIntent[] {
  const fromScore = ranked.find((r) => r.intent === from)?.score ?? 0;
  return sortRanked(ranked.map((r) => (r.intent === into ? { intent: into, score: r.score + fromScore } : r.intent === from ? { intent: from, score: 0 } : r)));
}

function sortRanked(ranked: RankedIntent[]): RankedIntent[] {
  return [...ranked].sort((a, b) => b.score - a.score);
}
