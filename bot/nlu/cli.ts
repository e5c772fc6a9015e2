import { createInterface } from 'node:readline';
import { contosoCatalog } from './demoCatalog';
import { parseRequest } from './parseRequest';

/**
 * `npm run --silent parse < utterances.txt`: one utterance per line on stdin, one JSON object per
 * line on stdout, parsed against the demo Contoso catalog.
 */
const catalog = contosoCatalog();
const nameOf = new Map(catalog.map((c) => [c.id, c.name]));

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  const parsed = parseRequest(line, catalog);
  const out: Record<string, unknown> = {
    intent: parsed.intent,
    partnerId: parsed.partnerId ?? null,
    subscriptions: parsed.subscriptionIds.map((id) => nameOf.get(id) ?? id),
    language: parsed.language ?? null,
  };
  if (parsed.switchLanguage) out.switchLanguage = parsed.switchLanguage;
  process.stdout.write(`${JSON.stringify(out)}\n`);
});
