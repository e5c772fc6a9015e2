import { createInterface } from 'node:readline';
import { loadConfigOrExit } from '../config/config';
import { contosoKnowledge } from '../conversation/demoTenant';
import { previousRequestOf } from '../conversation/lastRequest';
import { readMessage } from '../conversation/secondOpinion';
import { createBotIdentity } from '../identity/botIdentity';
import type { PreviousRequest } from '../nlu/intents';
import { createLanguageModelReader } from '../nlu/llm/languageModelReader';
import { parseRequest } from '../nlu/parseRequest';

/**
 * `npm run --silent parse < utterances.txt`: one utterance per line on stdin, one JSON object per
 * line on stdout, read as the bot reads it against the demo tenant Contoso (parse, resolve, decide).
 * A line may also be a follow-up pair, `{"previous": "add 1234567 to E3", "text": "and E5 too"}`: the
 * previous message is read first and the text against what the bot would remember of it.
 * The language model settings (NLU_LLM, LLM_*) apply as in the bot: with a model on, each line says
 * what came of asking it (`llm`: used, disagreed, not_asked, or the failure).
 */
const config = loadConfigOrExit();
const languageModel = createLanguageModelReader(config, createBotIdentity(config, { timeoutMs: config.GRAPH_TIMEOUT_MS }));
const reader = { parse: parseRequest, ...(languageModel ? { languageModel } : {}) };
const knowledge = contosoKnowledge();
const nameOf = new Map(knowledge.subscriptions.map((c) => [c.id, c.name]));

/** The plain text, or the pair when the line is a JSON object with a string `text`. */
function readLine(line: string): { text: string; previous?: string } {
  if (!line.trimStart().startsWith('{')) return { text: line };
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value === 'object' && value !== null && typeof (value as { text?: unknown }).text === 'string') {
      const { text, previous } = value as { text: string; previous?: unknown };
      return typeof previous === 'string' ? { text, previous } : { text };
    }
  } catch {
    // Not JSON after all: read as the admin's text, which may well start with "{".
  }
  return { text: line };
}

async function rememberedOf(previous: string | undefined): Promise<PreviousRequest | undefined> {
  if (previous === undefined) return undefined;
  const { understood, answer } = await readMessage(reader, knowledge, previous);
  return previousRequestOf(understood.parsed, answer);
}

async function main(): Promise<void> {
  // One line at a time, in order: a model's answer takes a while, and the output keeps the input's order.
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    const { text, previous } = readLine(line);
    const remembered = await rememberedOf(previous);
    const { understood, answer, consultation } = await readMessage(reader, knowledge, text, remembered);
    const { parsed } = understood;
    const { resolved, decision } = answer;
    const out: Record<string, unknown> = {
      intent: resolved.intent,
      partnerId: resolved.partnerId ?? null,
      subscriptions: resolved.subscriptionIds.map((id) => nameOf.get(id) ?? id),
      language: parsed.language ?? null,
      confidence: Number(resolved.ranked[0]!.score.toFixed(3)),
      decision: decision.kind,
      choices: decision.kind === 'clarify' ? decision.choices : [],
    };
    if (resolved.partnerName) out.partnerName = resolved.partnerName;
    if (parsed.switchLanguage) out.switchLanguage = parsed.switchLanguage;
    if (parsed.followUp) out.followUp = parsed.followUp;
    if (languageModel) out.llm = consultation.result;
    process.stdout.write(`${JSON.stringify(out)}\n`);
  }
}

void main();
