import { withReading } from '../nlu/llm/applyReading';
import type { LanguageModelReader, ModelFailure, ModelOutcome } from '../nlu/llm/languageModelReader';
import type { PromptPrevious, PromptTenant } from '../nlu/llm/prompt';
import type { Intent, ParseContext, PreviousRequest } from '../nlu/intents';
import { CHOICES, isDestructive } from './decide';
import type { FlowServices } from '../flows/services';
import { resolveAndDecide, understand, type Answer, type Understood } from './messagePipeline';
import { parseContextOf, type TenantKnowledge } from './tenantKnowledge';

/**
 * Step 1b of the pipeline, with a language model configured (NLU_LLM): the model reads the message
 * when the classifier is unsure (or always), and its reading replaces the classifier's, within rules
 * that keep the bot at least as safe as without it, whatever the model answers:
 * - Partner IDs stay the parser's: the model may only choose among those the text carries, and an
 *   answer with any other ID is not used at all (languageModelReader.ts);
 * - a change, a removal or the reseller explanation is started only when the classifier alone is sure
 *   of it (the same confirmation card then); a model that reads one into an unsure message puts it
 *   first in the question back instead;
 * - where the classifier leans to one of those and the model reads something else, the bot asks;
 * - a timeout, an error, a 429 or an invalid answer leaves the classifier's answer (the question back)
 *   in place, and is counted.
 * Measured with simulated models on the blind set (test/nlu/languageModelSafety.test.ts): one that
 * reads "remove" into every message starts no more removals than the classifier alone.
 */

export type ConsultResult = 'not_asked' | 'used' | 'disagreed' | ModelFailure;

export interface Consultation {
  result: ConsultResult;
  outcome?: ModelOutcome;
}

export interface SecondOpinion {
  understood: Understood;
  answer: Answer;
  consultation: Consultation;
}

/**
 * A message read as the bot reads it: parsed with the tenant and the last request, resolved, decided,
 * and read by the model too when one is configured and the classifier is unsure. The bot, `npm run
 * parse` and `npm run nlu:eval` all run this.
 */
export async function readMessage(services: Pick<FlowServices, 'parse' | 'languageModel'>, knowledge: TenantKnowledge, text: string, previous?: PreviousRequest): Promise<SecondOpinion> {
  const first = readByParser(services, knowledge, text, previous);
  if (!services.languageModel) return first;
  return consultModel(services.languageModel, text, first.understood, first.answer, previous);
}

/** The parser's reading alone, resolved and decided: pure and microseconds. */
export function readByParser(services: Pick<FlowServices, 'parse'>, knowledge: TenantKnowledge, text: string, previous?: PreviousRequest): SecondOpinion {
  const understood = understand(services, knowledge, text, previous);
  return { understood, answer: resolveAndDecide(understood), consultation: { result: 'not_asked' } };
}

function wantsModel(reader: LanguageModelReader, decided: Answer): boolean {
  return reader.mode === 'always' || decided.decision.kind === 'clarify';
}

export async function consultModel(reader: LanguageModelReader, text: string, understood: Understood, decided: Answer, previous?: PreviousRequest): Promise<SecondOpinion> {
  if (!wantsModel(reader, decided)) return { understood, answer: decided, consultation: { result: 'not_asked' } };
  const { knowledge, parsed } = understood;
  const context = parseContextOf(knowledge);
  const outcome = await reader.read({ text, parsed, context, tenant: promptTenantOf(knowledge, context), ...(previous ? { previous: promptPreviousOf(previous, knowledge) } : {}) });
  if (!outcome.ok) return { understood, answer: decided, consultation: { result: outcome.failure, outcome } };

  const merged: Understood = { parsed: withReading(parsed, outcome.reading, context), knowledge };
  const answer = resolveAndDecide(merged);
  const classifier = decided.resolved.intent;
  const classifierActed = decided.decision.kind === 'act' ? decided.decision.intent : undefined;
  const modelActs = answer.decision.kind === 'act' ? answer.decision.intent : undefined;
  // A change, a removal or the reseller explanation is started only on what the classifier alone is sure
  // of: a model that reads "remove" into unsure messages cannot make the bot act on them (measured in
  // docs/nlu.md, "A language model"). Otherwise the model's reading leads the question back.
  const startsDestructive = modelActs !== undefined && isDestructive(modelActs) && modelActs !== classifierActed;
  // The classifier leans to one of those (sure or not) and the model reads something else: ask rather than pick.
  const disagrees = isDestructive(classifier) && answer.resolved.intent !== classifier;
  if (startsDestructive || disagrees) {
    const choices = [...new Set<Intent>([answer.resolved.intent, classifier, ...(decided.decision.kind === 'clarify' ? decided.decision.choices : [])])].filter((i) => i !== 'unknown').slice(0, CHOICES);
    return { understood: merged, answer: { resolved: answer.resolved, decision: { kind: 'clarify', choices } }, consultation: { result: 'disagreed', outcome } };
  }
  return { understood: merged, answer, consultation: { result: 'used', outcome } };
}

/** The tenant by names only: subscriptions with their partner of record and reseller, and the partners it knows. */
export function promptTenantOf(knowledge: TenantKnowledge, context: ParseContext = parseContextOf(knowledge)): PromptTenant {
  return {
    subscriptions: knowledge.subscriptions.map((s) => ({
      name: s.name,
      ...(s.partnerOfRecord ? { partnerName: s.partnerOfRecord.name } : {}),
      ...(s.reseller ? { reseller: s.reseller.name } : {}),
    })),
    partners: context.partners.map((p) => ({ name: p.name, kind: p.kind })),
  };
}

function promptPreviousOf(previous: PreviousRequest, knowledge: TenantKnowledge): PromptPrevious {
  const names = new Map(knowledge.subscriptions.map((s) => [s.id, s.name]));
  return {
    intent: previous.intent,
    subscriptions: previous.subscriptionIds.map((id) => names.get(id)).filter((n): n is string => n !== undefined),
    ...(previous.partnerName ? { partnerName: previous.partnerName } : {}),
  };
}
