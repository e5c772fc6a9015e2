import { contosoKnowledge } from '../../bot/conversation/demoTenant';
import { previousRequestOf } from '../../bot/conversation/lastRequest';
import { readMessage, type Consultation } from '../../bot/conversation/secondOpinion';
import type { LanguageModelReader } from '../../bot/nlu/llm/languageModelReader';
import type { PreviousRequest } from '../../bot/nlu/intents';
import { parseRequest } from '../../bot/nlu/parseRequest';
import type { LabelledUtterance } from '../../bot/nlu/training/labelledFile';
import { quantile, type Outcome } from './evaluate';

/**
 * A labelled set read as the bot reads it with a language model configured (NLU_LLM): the classifier,
 * and the model where the classifier is unsure (or always). Several messages in flight at once, as
 * several admins would send them; a 429 is waited out and the message asked again, so every message
 * gets the model's answer (the bot itself never waits: it keeps the classifier's answer).
 */
export interface ModelRun {
  outcomes: Outcome[];
  /** One per message read (a follow-up pair is two), in no particular order. */
  consultations: Consultation[];
  /** 429s waited out. */
  rateLimited: number;
}

const MAX_TRIES = 4;

export async function runWithModel(utterances: readonly LabelledUtterance[], languageModel: LanguageModelReader, concurrency = 4): Promise<ModelRun> {
  const knowledge = contosoKnowledge();
  const services = { parse: parseRequest, languageModel };
  const consultations: Consultation[] = [];
  let rateLimited = 0;
  const read = async (text: string, previous?: PreviousRequest) => {
    for (let attempt = 1; ; attempt++) {
      const opinion = await readMessage(services, knowledge, text, previous);
      const { outcome } = opinion.consultation;
      if (outcome && !outcome.ok && outcome.failure === 'rate_limited' && attempt < MAX_TRIES) {
        rateLimited++;
        await new Promise((r) => setTimeout(r, Math.min(60_000, outcome.retryAfterMs ?? 5000) + 50));
        continue;
      }
      consultations.push(opinion.consultation);
      return opinion;
    }
  };
  const outcomes: Outcome[] = new Array(utterances.length);
  let next = 0;
  const worker = async () => {
    while (next < utterances.length) {
      const i = next++;
      const utterance = utterances[i]!;
      const before = utterance.previous === undefined ? undefined : await read(utterance.previous);
      const previous = before && previousRequestOf(before.understood.parsed, before.answer);
      const { understood, answer } = await read(utterance.text, previous);
      outcomes[i] = { utterance, parsed: understood.parsed, answer };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return { outcomes, consultations, rateLimited };
}

/** What the model cost and how it answered: how many messages it read, its results, tokens and latency. */
export function modelSummary(run: ModelRun): string[] {
  const asked = run.consultations.filter((c) => c.outcome);
  const byResult = new Map<string, number>();
  for (const c of run.consultations) byResult.set(c.result, (byResult.get(c.result) ?? 0) + 1);
  const ms = asked.map((c) => c.outcome!.ms).sort((a, b) => a - b);
  const tokens = asked.reduce((sum, c) => sum + c.outcome!.tokens, 0);
  const n = run.consultations.length;
  const row = (label: string, value: string) => `  ${label.padEnd(30)} ${value}`;
  return [
    row('messages read by the model', `${asked.length} of ${n} (${((100 * asked.length) / Math.max(1, n)).toFixed(1)}%)`),
    row('results', [...byResult].sort((a, b) => b[1] - a[1]).map(([r, k]) => `${r} ${k}`).join(', ')),
    row('tokens per message read', asked.length === 0 ? '-' : (tokens / asked.length).toFixed(0)),
    row('tokens per message, all', (tokens / Math.max(1, n)).toFixed(0)),
    row('model latency', asked.length === 0 ? '-' : `p50 ${quantile(ms, 0.5).toFixed(0)} ms, p99 ${quantile(ms, 0.99).toFixed(0)} ms`),
    ...(run.rateLimited > 0 ? [row('429s waited out', String(run.rateLimited))] : []),
  ];
}
