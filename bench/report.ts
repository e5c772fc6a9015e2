import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../bot/paths';
import type { LoadReport, Machine, StateReport, TargetResult } from './run';
import { median } from './loadDriver';
import type { TargetStats } from './targetProtocol';

const DOC = join(ROOT, 'docs', 'benchmark.md');
const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
const ms = (v: number) => `${v.toFixed(1)} ms`;
const loop = (l?: { p99Ms: number; maxMs: number }) => (l ? `${l.p99Ms.toFixed(1)} / ${l.maxMs.toFixed(1)} ms` : '–');
const met = (ok: boolean) => (ok ? 'met' : '**not met**');

function machineLine(m: Machine): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, Node ${m.node}, ${m.platform}; run on ${m.date}, 1-min load average at the end ${m.load.toFixed(1)} (machine shared with other work)`;
}

/** "scavenges 40 (total 210 ms, max 12.1 ms), …" for one measured window. */
function gcLine(gc: TargetStats['gc']): string {
  if (!gc) return '–';
  const names = { minor: 'scavenges', major: 'full collections', incremental: 'incremental marking steps' } as const;
  return (Object.keys(names) as (keyof typeof names)[]).map((k) => `${names[k]} ${gc[k].count} (total ${ms(gc[k].totalMs)}, max ${ms(gc[k].maxMs)})`).join(', ');
}

export function loadMarkdown(r: LoadReport): string {
  const find = (prefix: string) => r.targets.find((t) => t.name.startsWith(prefix));
  const [bot, baseline, bare] = [find('bot ('), find('baseline'), find('bare')];
  const cluster = find('bot,');
  const ratio = (a?: number, b?: number) => (a && b ? a / b : NaN);
  const vsBaseline = ratio(bot?.turnsPerSecond, baseline?.turnsPerSecond);
  const vsBare = ratio(bot?.turnsPerSecond, bare?.turnsPerSecond);
  const clusterVsBaseline = ratio(cluster?.turnsPerSecond, baseline?.turnsPerSecond);
  const against = find('bot of ');
  const telemetry = find('bot with telemetry on (');
  const traced = find('bot with telemetry on, every turn');
  const withModel = find('bot with NLU_LLM');
  // What telemetry costs: CPU per turn with it on against the same bot with it off, round by round (paired).
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`;
  const telemetryCost = paired(telemetry, bot, 'cpuMsPerTurn');
  const tracedCost = paired(traced, bot, 'cpuMsPerTurn');
  const cost = r.telemetryCost;
  // The NLU_LLM row runs the same code as the bot for these messages: how far two rows of the same code read apart.
  const sameCode = paired(withModel, bot, 'cpuMsPerTurn');
  const botVsBaseline = paired(bot, baseline, 'turnsPerSecond');
  const totalsCost = (t?: TargetResult) => ratio(t?.cpuMsPerTurn, bot?.cpuMsPerTurn) - 1;
  const roundsLine = (what: string, c: { byRound: number[]; median: number } | undefined, show: (x: number) => string) =>
    c ? [`${what}, round by round: ${c.byRound.map(show).join(', ')}; **median ${show(c.median)}**.`] : [];
  // Partial runs (--only, --against) name only the ratios whose targets ran.
  const ratios = [
    ['bot in one process/baseline', vsBaseline, 2],
    [`bot with WORKERS=${r.settings.workers}/baseline`, clusterVsBaseline, 2],
    ['bot/bare', vsBare, 3],
    ['bot/--against', ratio(bot?.turnsPerSecond, against?.turnsPerSecond), 2],
    ['bot with telemetry on/baseline', ratio(telemetry?.turnsPerSecond, baseline?.turnsPerSecond), 2],
    ['bot with every turn traced/baseline', ratio(traced?.turnsPerSecond, baseline?.turnsPerSecond), 2],
    ['bot with NLU_LLM=unsure/baseline', ratio(withModel?.turnsPerSecond, baseline?.turnsPerSecond), 2],
  ] as const;
  const portRepeats = (s: LoadReport['probe'][number]) => Object.entries(s.repeats).filter(([k]) => !k.startsWith('store.'));
  const repeats = r.probe.flatMap((s) => portRepeats(s).map(([k, n]) => `${s.step}: ${k} ×${n}`));
  const largestCard = Math.max(0, ...r.cards.map((c) => c.bytes));
  const startup = r.startupMs.length ? Math.max(...r.startupMs) : NaN;
  const lines = [
    `Command: \`npm run bench\` (bot run with \`${r.botFlags.join(' ') || 'V8 defaults'}\`; concurrency ${r.settings.concurrency}; ${r.settings.warmupS} s warm-up each, then ${r.settings.rounds} rounds of ${r.settings.durationS} s per target, targets alternating; percentiles over all measured turns).`,
    `Machine: ${machineLine(r.machine)}.`,
    '',
    '| Target | turns/s | flows/s | p50 | p95 | p99 | max | turns | errors | peak RSS | CPU per turn | event-loop delay p99 / max |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.targets.map(
      (t) =>
        `| ${t.name} | ${t.turnsPerSecond.toFixed(0)} | ${t.flowsPerSecond?.toFixed(0) ?? '–'} | ${ms(t.p50)} | ${ms(t.p95)} | ${ms(t.p99)} | ${ms(t.max)} | ${t.turns} | ${t.errors} | ${mb(t.peakRss)} | ${t.cpuMsPerTurn.toFixed(2)} ms | ${loop(t.eventLoop)} |`,
    ),
    '',
    `Ratios in this run (turns per second): ${ratios
      .filter(([, v]) => !Number.isNaN(v))
      .map(([what, v, digits]) => `${what} **${v.toFixed(digits)}×**`)
      .join(', ')}. The baseline is one process, as the samples write it; the worker row's peak RSS is the sum of its processes' peaks.`,
    ...r.targets.map((t) => `Slowest turns (${t.name}): ${t.slowest.map((x) => `${ms(x.ms)} ${x.what}`).join('; ')}.`),
    ...r.targets.filter((t) => t.errorSamples.length).map((t) => `Errors (${t.name}): ${t.errorSamples.map((e) => `\`${e.slice(0, 160)}\``).join('; ')}`),
    '',
    `Latency at a human pace: the same ${r.settings.concurrency} conversations on the single-process bot (embedded defaults), each admin pausing for the think time (uniform ±50%) after every answer before the next message or click; the baseline echo bot and the bare route get the same ${r.settings.concurrency} users at the same pace, one turn each per iteration; ${r.settings.pacedS} s measured per pace and target after an unmeasured second:`,
    '',
    '| Think time | target | turns/s | p50 | p95 | p99 | max | turns | errors | event-loop delay p99 / max |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.paced.map((p) => `| ${p.thinkMs} ms | ${p.name} | ${p.turnsPerSecond.toFixed(0)} | ${ms(p.p50)} | ${ms(p.p95)} | ${ms(p.p99)} | ${ms(p.max)} | ${p.turns} | ${p.errors} | ${loop(p.eventLoop)} |`),
    '',
    ...r.paced.map((p) => `Pausing ~${p.thinkMs} ms, ${p.name}: GC pauses ${gcLine(p.gc)}; slowest turns ${p.slowest.map((x) => `${ms(x.ms)} ${x.what} (at ${(x.atMs / 1000).toFixed(1)} s)`).join('; ')}.`),
    '',
    'Outbound calls per turn of one add-partner flow, probed alone (counting wrappers around the ports; connector requests counted at the local connector):',
    '',
    '| Turn | billing | directory | connector | repeated within the turn |',
    '|---|---|---|---:|---|',
    ...r.probe.map((s) => {
      const part = (port: string) =>
        Object.entries(s.calls)
          .filter(([k]) => k.startsWith(`${port}.`))
          .map(([k, n]) => `${k.slice(port.length + 1)} ${n}`)
          .join(', ') || '–';
      const repeated = portRepeats(s);
      return `| ${s.step} | ${part('billing')} | ${part('directory')} | ${s.connector} | ${repeated.length ? repeated.map(([k, n]) => `${k} ×${n}`).join(', ') : 'none'} |`;
    }),
    '',
    'Store operations per turn of the same flow (the bot\'s SQLite store, by key family; the embedded billing and directory keep their records there too):',
    '',
    '| Turn | reads | writes | operations |',
    '|---|---:|---:|---|',
    ...r.probe.map((s) => {
      const ops = Object.entries(s.calls).filter(([k]) => k.startsWith('store.'));
      const sum = (kinds: string[]) => ops.filter(([k]) => kinds.includes(k.slice(6).split(' ')[0]!)).reduce((a, [, n]) => a + n, 0);
      return `| ${s.step} | ${sum(['get', 'list'])} | ${sum(['put', 'delete', 'append'])} | ${ops.map(([k, n]) => `${k.slice(6)} ${n}`).join(', ')} |`;
    }),
    '',
    `Under load, per complete flow: ${Object.entries(r.callsPerFlowUnderLoad)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(', ')}; connector ${r.connectorPerFlowUnderLoad.toFixed(2)}.`,
    '',
    'Card payloads (bytes of the card JSON):',
    '',
    ...r.cards.map((c) => `- ${c.name}: ${c.bytes} B`),
    '',
    `Start-up to first answer (spawn \`node dist/bot/main.js\` on an empty DATA_DIR → first reply at the connector): ${r.startupMs.map((v) => ms(v)).join(', ')}.`,
    '',
    'Paired rounds (each round runs every target seconds apart, so a ratio within a round is free of the machine\'s drift over minutes; the targets below use the median):',
    '',
    ...roundsLine('- the bot/the baseline echo bot, turns per second', botVsBaseline, (x) => `${x.toFixed(2)}×`),
    ...roundsLine('- telemetry as shipped, extra CPU per turn against the bot', telemetryCost, (x) => pct(x - 1)),
    ...roundsLine('- every turn traced, extra CPU per turn against the bot', tracedCost, (x) => pct(x - 1)),
    ...roundsLine('- control, the NLU_LLM=unsure row (the same code as the bot for these messages) against the bot, CPU per turn', sameCode, (x) => pct(x - 1)),
    '',
    ...(cost
      ? [
          `What telemetry costs, side by side in fresh processes (bench/telemetryCost.ts: ${cost.sets} sets of four new processes, the bot, a twin of it, the bot with telemetry as shipped and with every turn traced; ${cost.mode === 'pairs' ? `two loaded at a time, ${cost.windows} times through the six pairs` : `all four loaded at once, ${cost.windows} windows`}, windows of ${r.settings.durationS} s), extra CPU per turn against the bot in the same window:`,
          '',
          `- telemetry as shipped: **median ${pct(median(cost.telemetry))}** over ${cost.telemetry.length} windows (${pct(Math.min(...cost.telemetry))} to ${pct(Math.max(...cost.telemetry))}); set by set ${cost.bySet.map((x) => pct(x.telemetry)).join(', ')}`,
          `- every turn traced: **median ${pct(median(cost.traced))}**; set by set ${cost.bySet.map((x) => pct(x.traced)).join(', ')}`,
          `- control, a twin of the bot (the same build, telemetry off): **median ${pct(median(cost.twin))}**; set by set ${cost.bySet.map((x) => pct(x.twin)).join(', ')}. How far this reads from 0 is how far the two lines above can be trusted.`,
          '',
        ]
      : []),
    '| Target | Measured | Result |',
    '|---|---|---|',
    ...(bot && baseline && botVsBaseline ? [`| turns/s ≥ 2× baseline echo bot, one process (median of the paired rounds) | ${botVsBaseline.median.toFixed(2)}× (totals ${vsBaseline.toFixed(2)}×) | ${met(botVsBaseline.median >= 2)} |`] : []),
    ...(cost
      ? [
          `| telemetry on (OTLP, as shipped: every turn in the metrics, up to 5 traced a second) costs at most 10% more CPU per turn (side by side in fresh processes, median) | ${pct(median(cost.telemetry))} (control, the twin: ${pct(median(cost.twin))}; in the rounds above ${telemetryCost ? pct(telemetryCost.median - 1) : '–'}, totals ${telemetry && bot ? pct(totalsCost(telemetry)) : '–'}) | ${met(median(cost.telemetry) <= 0.1)} |`,
          `| the same with every turn traced (TELEMETRY_TRACES_PER_SECOND=0; no target, for the operator who turns it on) | ${pct(median(cost.traced))} (in the rounds above ${tracedCost ? pct(tracedCost.median - 1) : '–'}, totals ${traced && bot ? pct(totalsCost(traced)) : '–'}) | – |`,
        ]
      : []),
    ...(withModel && bot
      ? [
          `| NLU_LLM=unsure: messages the classifier is sure of never wait for the model (every bench message is one) | ${r.modelRequests ?? 0} requests reached the model; p99 ${ms(withModel.p99)} vs ${ms(bot.p99)} off, CPU per turn ${withModel.cpuMsPerTurn.toFixed(2)} vs ${bot.cpuMsPerTurn.toFixed(2)} ms (single runs move by ±15% here) | ${met(r.modelRequests === 0 && withModel.errors === 0)} |`,
        ]
      : []),
    ...(cluster && baseline ? [`| turns/s ≥ 2× baseline echo bot, one instance with WORKERS=${r.settings.workers} (both cores) | ${clusterVsBaseline.toFixed(2)}× | ${met(clusterVsBaseline >= 2)} |`] : []),
    ...r.paced.filter((p) => p.what === 'bot').map((p) => `| p99 < 50 ms at ${r.settings.concurrency} concurrent conversations, admins pausing ~${p.thinkMs} ms between turns (${p.turnsPerSecond.toFixed(0)} turns/s) | ${ms(p.p99)} | ${met(p.p99 < 50 && p.errors === 0)} |`),
    `| p99 < 50 ms at ${r.settings.concurrency} concurrent conversations with no pause at all (saturation: every admin clicks the instant the answer arrives) | ${bot ? ms(bot.p99) : '–'} | ${met(Boolean(bot && bot.p99 < 50 && r.settings.concurrency >= 50))} |`,
    `| no billing/directory call repeated within a turn | ${repeats.length ? repeats.join('; ') : 'no repeats'} | ${met(repeats.length === 0)} |`,
    `| every card < 28 KB | largest in the flow ${largestCard} B (40-subscription cards: \`test/cards\`) | ${met(largestCard < 28 * 1024)} |`,
    ...(r.startupMs.length ? [`| start-up to first answer < 2 s | slowest of ${r.startupMs.length}: ${ms(startup)} | ${met(startup < 2000)} |`] : []),
    `| errors | ${r.targets.map((t) => t.errors).join(' / ')} | ${met(r.targets.every((t) => t.errors === 0))} |`,
  ];
  return lines.join('\n');
}

export function stateMarkdown(r: StateReport): string {
  const n = r.conversations;
  const rssPer = (r.after.rss - r.before.rss) / n;
  const heapPer = (r.after.heapUsed - r.before.heapUsed) / n;
  const storagePer = (r.storageAfter.bytes - r.storageBefore.bytes) / n;
  const families = Object.keys({ ...r.storageBefore.byFamily, ...r.storageAfter.byFamily }).sort();
  const rows = families
    .map((f) => {
      const a = r.storageAfter.byFamily[f] ?? { rows: 0, bytes: 0 };
      const b = r.storageBefore.byFamily[f] ?? { rows: 0, bytes: 0 };
      return { f, rows: a.rows - b.rows, bytes: a.bytes - b.bytes };
    })
    .filter((x) => x.rows !== 0 || x.bytes !== 0);
  return [
    `Command: \`npm run bench:state\` (bot run with \`${r.botFlags.join(' ') || 'V8 defaults'}\`; ${n} complete add-partner conversations, each its own admin, conversation and subscription; concurrency 50).`,
    `Machine: ${machineLine(r.machine)}.`,
    '',
    `- ${n} conversations in ${r.durationS.toFixed(1)} s, errors: ${r.errors}${r.errorSamples.length ? ` (${r.errorSamples.map((e) => `\`${e.slice(0, 160)}\``).join('; ')})` : ''}`,
    `- peak RSS of the bot process over the whole run (seeding ${n} admins included): **${mb(r.after.maxRss)}** — target < 250 MB: ${met(r.after.maxRss < 250 * 2 ** 20)}`,
    `- memory after GC: RSS ${mb(r.before.rss)} → ${mb(r.after.rss)}, heap ${mb(r.before.heapUsed)} → ${mb(r.after.heapUsed)}: **${rssPer.toFixed(0)} B RSS / ${heapPer.toFixed(0)} B heap per conversation** (conversation state lives in SQLite, not in memory)`,
    `- after the run: heap total ${mb(r.after.heapTotal)}, external ${mb(r.after.external)}; RSS not in the JS heap: ${mb(r.after.rss - r.after.heapTotal)}`,
    `- storage: ${mb(r.storageBefore.bytes)} → ${mb(r.storageAfter.bytes)} in use: **${storagePer.toFixed(0)} B per conversation**`,
    '',
    '| Record family | rows added | bytes added (key + value) | per conversation |',
    '|---|---:|---:|---:|',
    ...rows.map((x) => `| ${x.f} | ${x.rows} | ${x.bytes} | ${(x.bytes / n).toFixed(0)} B |`),
  ].join('\n');
}

/**
 * `a` against `b` round by round, `a`'s value over `b`'s in the same round (seconds apart, so both saw the
 * machine at the same speed), and the median of those ratios: this machine's speed drifts by ±25% over
 * minutes, which moves the ratio of two targets' totals by more than the 10% a target is about.
 */
export function paired(a: TargetResult | undefined, b: TargetResult | undefined, key: 'turnsPerSecond' | 'cpuMsPerTurn'): { byRound: number[]; median: number } | undefined {
  const x = a?.byRound;
  const y = b?.byRound;
  if (!x?.length || !y?.length) return undefined;
  const byRound = x.slice(0, y.length).map((r, i) => r[key] / y[i]![key]);
  return { byRound, median: median(byRound) };
}

/** Prints the results and, unless told not to, replaces the bench's section of docs/benchmark.md. */
export function writeReport(result: { kind: 'load'; report: LoadReport } | { kind: 'state'; report: StateReport }, writeDoc: boolean): void {
  const text = result.kind === 'load' ? loadMarkdown(result.report) : stateMarkdown(result.report);
  console.log(`\n${text}\n`);
  if (!writeDoc) return;
  const start = `<!-- bench:${result.kind}:start -->`;
  const end = `<!-- bench:${result.kind}:end -->`;
  const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  const block = `${start}\n${text}\n${end}`;
  const next = i >= 0 && j > i ? doc.slice(0, i) + block + doc.slice(j + end.length) : `${doc}\n${block}\n`;
  writeFileSync(DOC, next);
  console.log(`Updated ${DOC}`);
}
