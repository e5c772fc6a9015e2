import { clarifyCard } from '../cards/clarifyCard';
import type { FlowServices } from '../flows/services';
import { runIntent } from '../flows/router';
import { outcome, type Turn, type TurnOutcome } from '../flows/turn';
import type { ParsedRequest, PreviousRequest } from '../nlu/intents';
import { decide, type Decision } from './decide';
import { resolveRequest, type ResolvedRequest } from './resolveRequest';
import { parseContextOf, type TenantKnowledge } from './tenantKnowledge';

/**
 * A message, from text to answer, in the order it happens:
 *   1. understand: read the tenant (subscriptions, relationships, partners used before) and parse
 *      the text with it and the conversation's last request (bot/nlu: extractors, the trained
 *      classifier, follow-ups);
 *   2. resolve: read the parse against the tenant's state (resolveRequest.ts);
 *   3. act or clarify: sure enough for what acting does, or ask "Did you mean…?" (decide.ts);
 *   4. the flow (bot/flows), which checks the role and the tenant again before changing anything.
 * Feature folders never import this module; it imports them.
 */

/** Intents whose change is applied only from its confirmation card. */
const CONFIRMED_ON_A_CARD: ReadonlySet<string> = new Set(['add_partner', 'change_partner', 'remove_partner']);

export interface Understood {
  parsed: ParsedRequest;
  knowledge: TenantKnowledge;
}

/** Step 1 once the tenant is read: `previous` is the conversation's last request, when recent. */
export function understand(services: Pick<FlowServices, 'parse'>, knowledge: TenantKnowledge, text: string, previous?: PreviousRequest): Understood {
  return { parsed: services.parse(text, { ...parseContextOf(knowledge), ...(previous ? { previous } : {}) }), knowledge };
}

export interface Answer {
  resolved: ResolvedRequest;
  decision: Decision;
}

/** Steps 2 and 3: pure, so the evaluation and the CLI run exactly what the bot runs. */
export function resolveAndDecide(understood: Understood): Answer {
  const resolved = resolveRequest(understood.parsed, understood.knowledge);
  return { resolved, decision: decide(resolved) };
}

export async function answer(turn: Turn, understood: Understood, { resolved, decision }: Answer = resolveAndDecide(understood)): Promise<TurnOutcome> {
  turn.services.log.info(
    {
      intent: resolved.intent,
      confidence: Number(resolved.ranked[0]!.score.toFixed(3)),
      decision: decision.kind,
      ...(decision.kind === 'clarify' ? { choices: decision.choices } : {}),
      ...(resolved.adjusted ? { adjusted: resolved.adjusted } : {}),
      hasPartnerId: Boolean(resolved.partnerId),
      partnerNamed: Boolean(resolved.partnerName),
      subscriptions: resolved.subscriptionIds.length,
    },
    'message decided',
  );
  turn.services.observer.note({ 'bot.intent': resolved.intent, 'bot.decision': decision.kind, 'bot.language': turn.language });
  // The form shows the name only while the ID is unknown (partnerFormCard).
  const request = { partnerId: resolved.partnerId, partnerName: resolved.partnerName, subscriptionIds: resolved.subscriptionIds };
  // "thanks!" alone: a short "you're welcome" rather than "I didn't understand" and the menu.
  if (understood.parsed.thanks && decision.kind === 'act' && (decision.intent === 'unknown' || decision.intent === 'help')) {
    turn.services.observer.note({ 'bot.flow': 'thanks' });
    return outcome.reply(outcome.text(turn.t('welcome.youAreWelcome')));
  }
  if (decision.kind === 'act') {
    const result = await runIntent(turn, decision.intent, request);
    // "yes, do it" after a confirmation card: the card again, and why the typed yes did not apply it.
    if (understood.parsed.followUp === 'confirm' && CONFIRMED_ON_A_CARD.has(decision.intent)) result.replies.unshift(outcome.text(turn.t('confirm.typedYes')));
    return result;
  }
  const names = new Map(understood.knowledge.subscriptions.map((s) => [s.id, s.name]));
  return outcome.reply(
    outcome.card(
      clarifyCard(turn, {
        choices: decision.choices,
        partnerId: resolved.partnerId,
        partnerName: resolved.partnerName,
        subscriptions: resolved.subscriptionIds.map((id) => ({ id, name: names.get(id) ?? id })),
      }),
    ),
  );
}
