import type { Intent } from '../nlu/intents';
import type { ResolvedRequest } from './resolveRequest';

export type Decision = { kind: 'act'; intent: Intent } | { kind: 'clarify'; choices: Intent[] };

/**
 * How sure the bot must be before it acts, by what acting does. A wrong view or help card costs a
 * glance; a wrong form costs a click on Cancel; a change, a removal or the reseller explanation
 * started on a guess is what must not happen, so those need a clear lead over the next intent.
 * Chosen by 5-fold cross-validation on the training corpus (`npm run nlu:eval -- --calibrate`), never on a
 * check set: the most right-acted-or-offered answers with at most 12% clarified and 0.8% destructive mistakes.
 */
export const THRESHOLDS: Readonly<Record<'look' | 'form' | 'destructive' | 'unknown', { min: number; lead: number }>> = {
  look: { min: 0.2, lead: 0.05 },
  form: { min: 0.2, lead: 0 },
  destructive: { min: 0.3, lead: 0.35 },
  // "give Tailspin guest access to SharePoint", "assign an E3 licence to the intern": the classifier is sure it
  // is not about partners of record, though a name or a subscription was read; the help card, not a question.
  // Cross-validated: from 0.7 down to 13.5% → 12.7% clarified, no partner request more answered with the help card.
  unknown: { min: 0.7, lead: 0.5 },
};

const CLASS_OF: Readonly<Record<Intent, keyof typeof THRESHOLDS | 'none'>> = {
  view_partners: 'look',
  help: 'look',
  handoff: 'form',
  add_partner: 'form',
  add_at_purchase: 'form',
  change_partner: 'destructive',
  remove_partner: 'destructive',
  remove_reseller: 'destructive',
  unknown: 'none',
};

export function isDestructive(intent: Intent): boolean {
  return CLASS_OF[intent] === 'destructive';
}

/** Three buttons: the right intent is among the three best far more often than among two. */
export const CHOICES = 3;

/**
 * Act on the best intent when it is sure enough for what it does; otherwise offer the likely ones.
 * "unknown" and "help" are acted on (the help card) only when nothing at all was understood: with a
 * Partner ID, a subscription or a partner's name in the message, the admin gets a question instead.
 */
export function decide(resolved: ResolvedRequest, thresholds = THRESHOLDS): Decision {
  const [best, second] = resolved.ranked;
  const understood = Boolean(resolved.partnerId || resolved.partnerName || resolved.subscriptionIds.length > 0);
  const kind = CLASS_OF[best!.intent];
  if (kind === 'none' || (best!.intent === 'help' && understood)) {
    // The help card ignores what was understood: with an ID, a subscription or a name, ask instead,
    // unless the classifier is sure the message is about something else.
    if (!understood) return { kind: 'act', intent: 'unknown' };
    const sure = thresholds.unknown;
    if (best!.intent === 'unknown' && best!.score >= sure.min && best!.score - (second?.score ?? 0) >= sure.lead) return { kind: 'act', intent: 'unknown' };
  } else {
    const { min, lead } = thresholds[kind];
    if (best!.score >= min && best!.score - (second?.score ?? 0) >= lead) return { kind: 'act', intent: best!.intent };
  }
  // "unknown" is never a button: the card's "Something else" opens the same help card it would.
  const choices = resolved.ranked.filter((r) => r.intent !== 'unknown').slice(0, CHOICES).map((r) => r.intent);
  return { kind: 'clarify', choices };
}
