import { createInterface } from 'node:readline';
import { contosoKnowledge } from '../conversation/demoTenant';
import { resolveAndDecide } from '../conversation/messagePipeline';
import { parseContextOf } from '../conversation/tenantKnowledge';
import { parseRequest } from '../nlu/parseRequest';

/**
 * `npm run --silent parse < utterances.txt`: one utterance per line on stdin, one JSON object per
 * line on stdout, read as the bot reads it against the demo tenant Contoso (parse, resolve, decide).
 */
const knowledge = contosoKnowledge();
const context = parseContextOf(knowledge);
const nameOf = new Map(knowledge.subscriptions.map((c) => [c.id, c.name]));

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  const parsed = parseRequest(line, context);
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
  process.stdout.write(`${JSON.stringify(out)}\n`);
});
