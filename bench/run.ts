import { mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT } from '../bot/paths';
import { FakeChatCompletions, reading } from '../test/support/fakeChatCompletions';
import { performance } from 'node:perf_hooks';
import { FastConnector } from './fastConnector';
import { connectionsTo, drive, percentile, type LoadResult, type Post, type Scenario, type SlowTurn } from './loadDriver';
import { summarize as summarizeProfile } from './profileSummary';
import { writeReport } from './report';
import { roundOrder } from './roundOrder';
import { addPartnerFlow, botScenario, echoScenario, stateScenario, type FlowCards } from './scenarios';
import { BOT_NODE_FLAGS, measureStartup } from './startup';
import { Target } from './targets';
import { measureTelemetryCost, otlpSink, type CostReport } from './telemetryCost';
import type { StorageStats, TargetStats } from './targetProtocol';

/**
 * `npm run bench`: the bot, the baseline echo bot and a bare restify route, one after the other, on
 * loopback, driven by the same driver at the same concurrency; then start-up to first answer.
 * `npm run bench -- --state`: 10,000 complete conversations held by the bot; memory and storage per
 * conversation. Options: --duration=s (per target per round) --rounds=n --warmup=s --concurrency=n --conversations=n --no-doc --profile --floor --workers=n --only=bot,telemetry,traced,llm,cluster,baseline,bare,startup --cost-sets=n --cost-windows=n --cost-mode=pairs|all
 */
const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k!, v ?? 'true'] as const;
  }),
);
const num = (k: string, d: number) => (args.has(k) ? Number(args.get(k)) : d);
export const settings = {
  /**
   * Seconds per target per round; rounds alternate the targets. Many short rounds, not a few long ones: this
   * machine's speed drifts by ±25% over minutes, and 12 rounds of 2 s put every target in every stretch of it
   * (the bot and the bot with NLU_LLM=unsure, the same code for these messages, came within 2-7% of each
   * other, against up to 31% with 3 rounds of 8 s).
   */
  durationS: num('duration', 2),
  rounds: num('rounds', 12),
  warmupS: num('warmup', 3),
  concurrency: num('concurrency', 50),
  conversations: num('conversations', 10_000),
  writeDoc: !args.has('no-doc'),
  /** --profile (the bot) or --profile=<target> (floor, telemetry, traced…): CPU profile of that target over the measured rounds. */
  profile: args.has('profile') ? args.get('profile') || 'bot' : undefined,
  /** Mean think times (ms) of the paced latency runs, and seconds measured per pace. */
  thinkMs: (args.get('think') ?? '1000,250,100').split(',').map(Number).filter((n) => n > 0),
  pacedS: num('paced', 10),
  /** Worker processes of the clustered bot target (WORKERS). */
  workers: num('workers', 2),
  /** Comma-separated subset of bot,telemetry,llm,cluster,baseline,bare,startup (for quick iterations). */
  only: args.get('only')?.split(','),
  /** Also run the host floor: the bot's HTTP + botbuilder path with the domain replayed (analysis aid). */
  floor: args.has('floor'),
  /**
   * Another checkout, built (`npm run bench` there once, or `npx tsc -p tsconfig.bench.json`): its bot
   * runs as one more contender, alternating rounds with this one, to compare a change against it on
   * the same machine at the same moment (single runs move by ±15% here).
   */
  against: args.get('against'),
  /**
   * Fresh sets of processes for what telemetry costs (telemetryCost.ts): each set starts its own bot, twin,
   * telemetry and every-turn-traced processes and measures them side by side: --cost-windows times through
   * the six pairs (--cost-mode=pairs), or that many windows of all four at once (--cost-mode=all).
   */
  costSets: num('cost-sets', 4),
  costMode: (args.get('cost-mode') === 'all' ? 'all' : 'pairs') as 'all' | 'pairs',
  costWindows: num('cost-windows', 3),
};

/**
 * A chat-completions endpoint in the driver's process for the NLU_LLM=unsure contender (the tests' fake),
 * answering after a model's typical 400 ms. The bench's messages are all ones the classifier is sure of,
 * so no request should reach it.
 */
async function modelSink(): Promise<FakeChatCompletions> {
  const model = await new FakeChatCompletions().start();
  model.answer = () => ({ delayMs: 400, content: JSON.stringify(reading({ intent: 'help' })) });
  return model;
}

export interface TargetResult {
  name: string;
  turnsPerSecond: number;
  flowsPerSecond?: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  turns: number;
  errors: number;
  errorSamples: string[];
  slowest: SlowTurn[];
  peakRss: number;
  /** CPU time of the target per measured turn (user + system, all its threads and processes), ms. */
  cpuMsPerTurn: number;
  /** Each measured round on its own: rounds alternate the targets, so a round of one is read against the same round of another (report.ts, paired). */
  byRound?: { turnsPerSecond: number; cpuMsPerTurn: number }[];
  /** Event-loop delay over the measured time (p99: the worst round's), ms; absent for a multi-process target. */
  eventLoop?: { p99Ms: number; maxMs: number };
}

/** One target at one pace (`name` is the target's). */
export type PacedResult = TargetResult & {
  /** Which contender: bot, against, baseline or bare. */
  what: string;
  thinkMs: number;
  gc?: TargetStats['gc'];
};

export interface ProbeStep {
  step: string;
  calls: Record<string, number>;
  repeats: Record<string, number>;
  connector: number;
}

export interface LoadReport {
  machine: Machine;
  botFlags: string[];
  settings: typeof settings;
  targets: TargetResult[];
  /** The single-process bot with admins pausing between turns (think time), one row per pace. */
  paced: PacedResult[];
  probe: ProbeStep[];
  cards: { name: string; bytes: number }[];
  callsPerFlowUnderLoad: Record<string, number>;
  connectorPerFlowUnderLoad: number;
  startupMs: number[];
  /** What telemetry costs, measured side by side in fresh processes (telemetryCost.ts); absent when it did not run. */
  telemetryCost?: CostReport;
  /** Requests that reached the model of the NLU_LLM=unsure contender (undefined when it did not run). */
  modelRequests?: number;
}

export interface StateReport {
  machine: Machine;
  botFlags: string[];
  conversations: number;
  durationS: number;
  errors: number;
  errorSamples: string[];
  before: TargetStats;
  after: TargetStats;
  storageBefore: StorageStats;
  storageAfter: StorageStats;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
  date: string;
  /** 1-minute load average when the run ended: other work on the machine skews absolute numbers. */
  load: number;
}

function machine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString().slice(0, 10),
    load: loadavg()[0] ?? 0,
  };
}

function summarize(name: string, r: LoadResult, stats: TargetStats, flowTurns?: number, cpuMs = NaN, eventLoop = stats.eventLoop): TargetResult {
  const sorted = r.latenciesMs.slice().sort();
  const seconds = r.durationMs / 1000;
  return {
    name,
    turnsPerSecond: r.turns / seconds,
    flowsPerSecond: flowTurns ? r.iterations / seconds : undefined,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    turns: r.turns,
    errors: r.errors,
    errorSamples: r.errorSamples,
    slowest: r.slowest,
    peakRss: stats.maxRss,
    cpuMsPerTurn: cpuMs / r.turns,
    eventLoop,
  };
}

function worse(a: TargetStats['eventLoop'], b: TargetStats['eventLoop']): TargetStats['eventLoop'] {
  return a && b ? { p99Ms: Math.max(a.p99Ms, b.p99Ms), maxMs: Math.max(a.maxMs, b.maxMs) } : (a ?? b);
}

/** Unmeasured load at the start of each round that re-opens the connections closed while idle. */
const REWARM_MS = 1000;

const PROFILE_DIR = join(ROOT, 'bench', 'profiles');

/**
 * Node flags for the bot process: by default the ones `npm start` uses (BOT_NODE_FLAGS); BENCH_BOT_FLAGS
 * overrides them to measure another setting ("" for V8's defaults).
 */
const BOT_FLAGS = (process.env.BENCH_BOT_FLAGS ?? BOT_NODE_FLAGS.join(' ')).split(' ').filter(Boolean);

const started: Target[] = [];
async function start(name: string, file: string, env: Record<string, string> = {}, execArgv: string[] = []): Promise<Target> {
  const t = await Target.start(name, file, env, execArgv);
  started.push(t);
  return t;
}

/** Merges the measured rounds of one target: totals, and percentiles over every turn of every round. */
function merge(results: LoadResult[]): LoadResult {
  const latencies = new Float64Array(results.reduce((n, r) => n + r.latenciesMs.length, 0));
  let offset = 0;
  for (const r of results) {
    latencies.set(r.latenciesMs, offset);
    offset += r.latenciesMs.length;
  }
  return {
    turns: results.reduce((n, r) => n + r.turns, 0),
    iterations: results.reduce((n, r) => n + r.iterations, 0),
    errors: results.reduce((n, r) => n + r.errors, 0),
    durationMs: results.reduce((n, r) => n + r.durationMs, 0),
    latenciesMs: latencies,
    errorSamples: results.flatMap((r) => r.errorSamples).slice(0, 5),
    slowest: results
      .flatMap((r, round) => r.slowest.map((t) => ({ ...t, what: `${t.what} (round ${round + 1}, at ${(t.atMs / 1000).toFixed(1)} s)` })))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 5),
  };
}

/**
 * The targets' order within a round (before roundOrder rotates it): the rows read against the bot round by
 * round (report.ts, paired), the telemetry row and the baseline, on either side of it, so that each pair runs
 * seconds apart.
 */
const SCHEDULE = ['telemetry', 'bot', 'against', 'baseline', 'llm', 'traced', 'floor', 'cluster', 'bare'];

interface Contender {
  what: string;
  name: string;
  target: Target;
  scenario: Scenario;
  rounds: LoadResult[];
  flowTurns?: number;
  /** CPU time the target used during the measured rounds, ms. */
  cpuMs?: number;
  /** CPU time of each measured round, ms. */
  cpuByRound: number[];
  /** The worst event-loop delay of the measured rounds. */
  eventLoop?: TargetStats['eventLoop'];
}

async function loadMode(connector: FastConnector): Promise<LoadReport> {
  const probe: ProbeStep[] = [];
  let cards: FlowCards | undefined;
  const callsPerFlowUnderLoad: Record<string, number> = {};
  let connectorPerFlowUnderLoad = 0;
  const wanted = (what: string) => !settings.only || settings.only.includes(what);

  // The contenders all start first and then take turns, round after round: a busy neighbour on the machine
  // slows every contender alike instead of whichever happened to run at that moment.
  const contenders: Contender[] = [];
  // The first process the bench starts reads slower for its whole life, whatever it is; so one is started
  // first, loaded for a few seconds and stopped. The same build as `bot` and `--against` (the bot started
  // first) read 0.87-0.97x in nine runs without it (mean 0.92x), 0.89-1.04x in nine with it (mean 0.98x).
  const throwaway = await start('throwaway', 'botTarget.ts', { BENCH_USERS: String(settings.concurrency + 10) }, BOT_FLAGS);
  const throwawayPool = connectionsTo(throwaway.url, settings.concurrency);
  await drive({ concurrency: settings.concurrency, url: throwaway.url, durationMs: 3000, pool: throwawayPool }, botScenario(connector));
  await throwawayPool.close();
  await throwaway.stop();
  if (wanted('bot')) {
    // Complete admin conversations, one user + conversation + subscription per virtual user.
    const target = await start('bot', 'botTarget.ts', { BENCH_USERS: String(settings.concurrency + 10) }, BOT_FLAGS);
    contenders.push({ what: 'bot', name: 'bot (complete add-partner flow)', target, scenario: botScenario(connector), rounds: [], cpuByRound: [], flowTurns: 3 });
  }
  if (wanted('cluster')) {
    // The same flows against `npm start` with WORKERS=2: both of the machine's cores.
    const target = await start('cluster', 'botClusterTarget.ts', { BENCH_USERS: String(settings.concurrency + 10), BENCH_WORKERS: String(settings.workers) });
    contenders.push({ what: 'cluster', name: `bot, ${settings.workers} worker processes (WORKERS=${settings.workers})`, target, scenario: botScenario(connector), rounds: [], cpuByRound: [], flowTurns: 3 });
  }
  if (wanted('telemetry')) {
    // The same bot with telemetry on as shipped: metrics for every turn, traces of up to 5 turns a second (and
    // those turns' logs), exported over OTLP to a sink on loopback.
    const target = await start('telemetry', 'botTarget.ts', { BENCH_USERS: String(settings.concurrency + 10), BENCH_OTLP_ENDPOINT: (await otlpSink()).url }, BOT_FLAGS);
    contenders.push({ what: 'telemetry', name: 'bot with telemetry on (OTLP to a loopback collector, 5 traces/s)', target, scenario: botScenario(connector), rounds: [], cpuByRound: [], flowTurns: 3 });
  }
  // Its CPU per turn is measured with telemetry's cost (telemetryCost.ts); in the rounds only when asked for.
  if (settings.only?.includes('traced')) {
    // Every turn traced (TELEMETRY_TRACES_PER_SECOND=0): every span, metric and log of every turn exported.
    const target = await start('traced', 'botTarget.ts', { BENCH_USERS: String(settings.concurrency + 10), BENCH_OTLP_ENDPOINT: (await otlpSink()).url, BENCH_TRACES_PER_SECOND: '0' }, BOT_FLAGS);
    contenders.push({ what: 'traced', name: 'bot with telemetry on, every turn traced (TELEMETRY_TRACES_PER_SECOND=0)', target, scenario: botScenario(connector), rounds: [], cpuByRound: [], flowTurns: 3 });
  }
  let model: FakeChatCompletions | undefined;
  if (wanted('llm')) {
    // The same bot with a language model for unsure messages: what a message the classifier is sure of pays for it.
    model = await modelSink();
    const target = await start('llm', 'botTarget.ts', { BENCH_USERS: String(settings.concurrency + 10), BENCH_LLM_BASE_URL: model.baseUrl }, BOT_FLAGS);
    contenders.push({ what: 'llm', name: 'bot with NLU_LLM=unsure (a model on loopback)', target, scenario: botScenario(connector), rounds: [], cpuByRound: [], flowTurns: 3 });
  }
  if (settings.against) {
    const file = join(resolve(settings.against), 'dist', 'bench', 'botTarget.js');
    const target = await start('against', file, { BENCH_USERS: String(settings.concurrency + 10) }, BOT_FLAGS);
    contenders.push({ what: 'against', name: `bot of ${settings.against} (--against)`, target, scenario: botScenario(connector), rounds: [], cpuByRound: [], flowTurns: 3 });
  }
  if (settings.floor) {
    // The same flow through the same server and host, with recorded domain outcomes replayed.
    const target = await start('floor', 'botTarget.ts', { BENCH_USERS: String(settings.concurrency + 10), BENCH_DOMAIN: 'replay' }, BOT_FLAGS);
    contenders.push({ what: 'floor', name: 'host floor (same flow, domain outcomes replayed)', target, scenario: botScenario(connector), rounds: [], cpuByRound: [], flowTurns: 3 });
  }
  if (wanted('baseline')) {
    const target = await start('baseline', 'baselineEchoBot.ts');
    contenders.push({ what: 'baseline', name: 'baseline echo bot (botbuilder + template per turn)', target, scenario: echoScenario(connector), rounds: [], cpuByRound: [] });
  }
  if (wanted('bare')) {
    const target = await start('bare', 'bareRestify.ts');
    contenders.push({ what: 'bare', name: 'bare restify route', target, scenario: echoScenario(connector), rounds: [], cpuByRound: [] });
  }

  const bot = contenders.find((c) => c.what === 'bot')?.target;
  if (bot && !args.has('no-probe')) {
    // Probe one flow alone (a user the load does not use), counting calls per turn.
    const postOnce: Post = async (body) => {
      const res = await fetch(bot.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`probe: HTTP ${res.status} ${text}`);
      return { status: res.status, body: text, json: () => JSON.parse(text) };
    };
    await addPartnerFlow(settings.concurrency, postOnce, connector); // the first flow warms caches
    await bot.probe(true);
    await bot.stats(true);
    let before = connector.requests;
    cards = await addPartnerFlow(settings.concurrency, postOnce, connector, async (step) => {
      const s = await bot.stats(true);
      probe.push({ step, calls: s.calls?.counts ?? {}, repeats: s.calls?.repeats ?? {}, connector: connector.requests - before });
      before = connector.requests;
    });
    await bot.probe(false);
  }

  const base = { concurrency: settings.concurrency };
  // Each target keeps its connections from warm-up to the last round, as a keep-alive client does, and
  // every round starts with one unmeasured second: Node closes connections idle for 5 s (while the other
  // targets ran), and 50 connections opened at once to a busy server wait to be accepted (one per event
  // loop turn), which made the first turns of every round seconds slow for every target alike.
  const pools = new Map(contenders.map((c) => [c, connectionsTo(c.target.url, settings.concurrency)]));
  for (const c of contenders) if (settings.warmupS > 0) await drive({ ...base, url: c.target.url, durationMs: settings.warmupS * 1000, pool: pools.get(c) }, c.scenario);
  // Calls and connector requests per flow count the measured rounds only, as the flows do.
  const callsOnBot: Record<string, number> = {};
  let connectorOnBot = 0;
  const profiled = contenders.find((c) => c.what === settings.profile)?.target;
  if (profiled) await profiled.profile('start');
  const schedule = [...contenders].sort((a, b) => SCHEDULE.indexOf(a.what) - SCHEDULE.indexOf(b.what));
  for (let round = 0; round < settings.rounds; round++) {
    for (const c of roundOrder(schedule, round)) {
      await drive({ ...base, url: c.target.url, durationMs: REWARM_MS, pool: pools.get(c) }, c.scenario);
      const before = connector.requests;
      // Resets the bot's call counts and every target's event-loop measure.
      const cpuBefore = (await c.target.stats(true)).cpuMs;
      const measured = await drive({ ...base, url: c.target.url, durationMs: settings.durationS * 1000, pool: pools.get(c) }, c.scenario);
      c.rounds.push(measured);
      const after = await c.target.stats();
      c.cpuMs = (c.cpuMs ?? 0) + after.cpuMs - cpuBefore;
      c.cpuByRound.push(after.cpuMs - cpuBefore);
      c.eventLoop = worse(c.eventLoop, after.eventLoop);
      if (c.target === bot) {
        connectorOnBot += connector.requests - before;
        for (const [k, v] of Object.entries(after.calls?.counts ?? {})) callsOnBot[k] = (callsOnBot[k] ?? 0) + v;
      }
    }
  }
  if (profiled) {
    mkdirSync(PROFILE_DIR, { recursive: true });
    const file = join(PROFILE_DIR, `${profiled.name}-${Date.now()}.cpuprofile`);
    await profiled.profile('stop', file);
    console.log(`CPU profile of ${profiled.name} over the measured rounds: ${file}\n${summarizeProfile(JSON.parse(readFileSync(file, 'utf8')), 30)}`);
  }

  // Latency at a human pace: the same 50 conversations, each admin pausing between turns. The baseline
  // and the bare route run at the same pace, so the bot's tail can be read against what plain
  // botbuilder, and the machine with its driver, give at that pace.
  const paced: PacedResult[] = [];
  const pacedContenders = contenders.filter((c) => ['bot', 'against', 'baseline', 'bare'].includes(c.what));
  for (const thinkMs of settings.thinkMs) {
    for (const c of pacedContenders) {
      const run = { ...base, url: c.target.url, pool: pools.get(c), thinkMs };
      await drive({ ...run, durationMs: REWARM_MS + thinkMs }, c.scenario);
      await c.target.stats(true);
      const r = await drive({ ...run, durationMs: settings.pacedS * 1000 }, c.scenario);
      const after = await c.target.stats();
      paced.push({ ...summarize(c.name, r, after), what: c.what, thinkMs, gc: after.gc });
    }
  }
  await Promise.all([...pools.values()].map((p) => p.close()));
  const against = contenders.find((c) => c.what === 'against');
  const mine = contenders.find((c) => c.what === 'bot');
  if (against && mine) {
    const perRound = mine.rounds.map((r, i) => (r.turns / r.durationMs / (against.rounds[i]!.turns / against.rounds[i]!.durationMs)).toFixed(2));
    console.log(`bot / --against, turns per second, round by round: ${perRound.join(', ')}`);
  }
  const results: TargetResult[] = [];
  for (const c of contenders) {
    const merged = merge(c.rounds);
    const stats = await c.target.stats();
    if (c.target === bot) {
      const flows = merged.iterations + merged.errors;
      for (const [k, v] of Object.entries(callsOnBot)) callsPerFlowUnderLoad[k] = v / Math.max(1, flows);
      connectorPerFlowUnderLoad = connectorOnBot / Math.max(1, flows);
    }
    const byRound = c.rounds.map((r, i) => ({ turnsPerSecond: r.turns / (r.durationMs / 1000), cpuMsPerTurn: c.cpuByRound[i]! / Math.max(1, r.turns) }));
    results.push({ ...summarize(c.name, merged, stats, c.flowTurns, c.cpuMs, c.eventLoop), byRound });
    await c.target.stop();
  }

  const telemetryCost = wanted('telemetry') && settings.costSets > 0 ? await measureTelemetryCost(connector, { mode: settings.costMode, sets: settings.costSets, windows: settings.costWindows, durationS: settings.durationS, concurrency: settings.concurrency, botFlags: BOT_FLAGS, start }) : undefined;

  const startupMs: number[] = [];
  for (let i = 0; wanted('startup') && i < 3; i++) startupMs.push(await measureStartup(connector));

  const cardSizes = cards
    ? [
        { name: 'partnerForm (add, 10 subscriptions)', bytes: Buffer.byteLength(JSON.stringify(cards.form)) },
        { name: 'confirmChange (1 subscription)', bytes: Buffer.byteLength(JSON.stringify(cards.confirm)) },
        { name: 'changeResult (1 subscription)', bytes: Buffer.byteLength(JSON.stringify(cards.result)) },
      ]
    : [];
  const modelRequests = model?.received.length;
  await model?.stop();
  return { machine: machine(), botFlags: BOT_FLAGS, settings, targets: results, paced, probe, cards: cardSizes, callsPerFlowUnderLoad, connectorPerFlowUnderLoad, startupMs, ...(telemetryCost ? { telemetryCost } : {}), ...(modelRequests !== undefined ? { modelRequests } : {}) };
}

async function stateMode(connector: FastConnector): Promise<StateReport> {
  const n = settings.conversations;
  const bot = await start('bot', 'botTarget.ts', { BENCH_USERS: String(n) }, ['--expose-gc', ...BOT_FLAGS]);
  await bot.gc();
  const before = await bot.stats(true);
  const storageBefore = await bot.storage();
  const t0 = performance.now();
  const r = await drive({ url: bot.url, concurrency: settings.concurrency, durationMs: 10 * 60_000, maxIterations: n }, stateScenario(connector));
  const durationS = (performance.now() - t0) / 1000;
  await bot.gc();
  const after = await bot.stats();
  const storageAfter = await bot.storage();
  await bot.stop();
  return { machine: machine(), botFlags: BOT_FLAGS, conversations: n, durationS, errors: r.errors, errorSamples: r.errorSamples, before, after, storageBefore, storageAfter };
}

async function main(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      // Closing the IPC channel makes each target stop its server and remove its data.
      for (const t of started) t.disconnect();
      setTimeout(() => process.exit(130), 2000).unref();
    });
  }
  const connector = await new FastConnector().start();
  try {
    if (args.has('state')) writeReport({ kind: 'state', report: await stateMode(connector) }, settings.writeDoc);
    else writeReport({ kind: 'load', report: await loadMode(connector) }, settings.writeDoc);
  } finally {
    for (const t of started) t.kill();
    await connector.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  for (const t of started) t.kill();
  process.exit(1);
});
