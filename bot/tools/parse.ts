import { createInterface } from 'node:readline';
import { contosoKnowledge } from '../conversation/demoTenant';
import { previousRequestOf } from '../conversation/lastRequest';
import { resolveAndDecide } from '../conversation/messagePipeline';
import { parseContextOf } from '../conversation/tenantKnowledge';
import type { PreviousRequest } from '../nlu/intents';
import { parseRequest } from '../nlu/parseRequest';

/**
 * `npm run --silent parse < utterances.txt`: one utterance per line on stdin, one JSON object per
 * line on stdout, read as the bot reads it against the demo tenant Contoso (parse, resolve, decide).
 * A line may also be a follow-up pair, `{"previous": "add 1234567 to E3", "text": "and E5 too"}`: the
 * previous message is read first and the text against what the bot would remember of it.
 */
const knowledge = contosoKnowledge();
const context = parseContextOf(knowledge);
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

function rememberedOf(previous: string | undefined): PreviousRequest | undefined {
  if (previous === undefined) return undefined;
  const parsed = parseRequest(previous, context);
  return previousRequestOf(parsed, resolveAndDecide({ parsed, knowledge }));
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  const { text, previous } = readLine(line);
  const remembered = rememberedOf(previous);
  const parsed = parseRequest(text, remembered ? { ...context, previous: remembered } : context);
  const { resolved, decision } = resolveAndDecide({ parsed, knowledge });
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
  process.stdout.write(`${JSON.stringify(out)}\n`);
});
