import type { Intent, ParsedRequest, PreviousRequest } from '../nlu/intents';
import type { Answer } from './messagePipeline';

/** Requests a follow-up can continue; help, handoff and "unknown" leave nothing to continue. */
const CONTINUABLE: ReadonlySet<Intent> = new Set(['view_partners', 'add_partner', 'change_partner', 'remove_partner', 'remove_reseller', 'add_at_purchase']);

/**
 * What the next message may continue: the request the bot acted on, as resolved against the tenant
 * (so "add Litware to E3" is remembered with Litware's ID). A question back ("Did you mean…?") is
 * not remembered: its answer is a click, and a follow-up must not inherit a guess.
 */
export function previousRequestOf(parsed: ParsedRequest, { resolved, decision }: Answer): PreviousRequest | undefined {
  if (decision.kind !== 'act' || !CONTINUABLE.has(decision.intent)) return undefined;
  return {
    intent: decision.intent,
    ...(resolved.partnerId !== undefined ? { partnerId: resolved.partnerId } : {}),
    ...(resolved.partnerName !== undefined ? { partnerName: resolved.partnerName } : {}),
    subscriptionIds: resolved.subscriptionIds,
    ...(parsed.language !== undefined ? { language: parsed.language } : {}),
  };
}
