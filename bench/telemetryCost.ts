import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastConnector } from './fastConnector';
import { connectionsTo, drive, median } from './loadDriver';
import { botScenario } from './scenarios';
import type { Target } from './targets';

/**
 * What telemetry costs per turn, measured so that this machine's noise cannot pass for it:
 * - side by side: two processes loaded at the same moments see the machine at the same speed (it drifts by
 *   ±25% over minutes, and a run's rounds of one target alone read ±30% apart). Two at a time, every pair of
 *   the four in turn (PAIRS), so that each process is loaded half the time, always with one other; with all
 *   four loaded at once (--cost-mode=all) a turn costs twice the CPU it costs alone, so that measures
 *   something else;
 * - in fresh processes: a process keeps a bias of its own for its whole life (two processes of the same build
 *   read up to 8-10% apart over a whole run, the one started first the slower, not always); each set starts
 *   its own four processes, in a rotated order, and the median is over the sets' windows;
 * - with a control: a twin, a second bot with telemetry off, measured the same way against the bot. How far
 *   the twin reads from 0 is how far the measure can be trusted.
 */
export interface CostReport {
  mode: 'all' | 'pairs';
  sets: number;
  windows: number;
  /** Extra CPU per turn against the bot in the same window (0.05 = 5% more), window by window, set after set. */
  telemetry: number[];
  traced: number[];
  twin: number[];
  /** The per-set medians, to show how much a process's own bias moves them. */
  bySet: { telemetry: number; traced: number; twin: number }[];
}

/** An OTLP/HTTP collector that takes every export and keeps nothing (bytes counted), in the driver's process. */
export async function otlpSink(): Promise<{ url: string; bytes: () => number }> {
  let bytes = 0;
  const server = createServer((req, res) => {
    req.on('data', (c: Buffer) => (bytes += c.length));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bytes: () => bytes };
}

type Kind = 'bot' | 'twin' | 'telemetry' | 'traced';

/** Every pair of the four (the bot with each of the others, and the others among themselves, so that every process is loaded as often). */
const PAIRS: [Kind, Kind][] = [
  ['bot', 'telemetry'],
  ['twin', 'traced'],
  ['bot', 'twin'],
  ['telemetry', 'traced'],
  ['bot', 'traced'],
  ['telemetry', 'twin'],
];

interface Options {
  /** all: the four loaded at once; pairs: two at a time (PAIRS). */
  mode: 'all' | 'pairs';
  sets: number;
  windows: number;
  durationS: number;
  concurrency: number;
  botFlags: string[];
  start: (name: string, file: string, env: Record<string, string>, execArgv: string[]) => Promise<Target>;
}

export async function measureTelemetryCost(connector: FastConnector, o: Options): Promise<CostReport> {
  const sink = await otlpSink();
  const users = String(o.concurrency + 10);
  const env: Record<Kind, Record<string, string>> = {
    bot: { BENCH_USERS: users },
    twin: { BENCH_USERS: users },
    telemetry: { BENCH_USERS: users, BENCH_OTLP_ENDPOINT: sink.url },
    traced: { BENCH_USERS: users, BENCH_OTLP_ENDPOINT: sink.url, BENCH_TRACES_PER_SECOND: '0' },
  };
  const kinds: Kind[] = ['bot', 'twin', 'telemetry', 'traced'];
  const report: CostReport = { mode: o.mode, sets: o.sets, windows: o.windows, telemetry: [], traced: [], twin: [], bySet: [] };
  const scenario = botScenario(connector);
  for (let set = 0; set < o.sets; set++) {
    // Started in a rotated order: no kind is always the first process of a set.
    const order = [...kinds.slice(set % kinds.length), ...kinds.slice(0, set % kinds.length)];
    const targets = new Map<Kind, Target>();
    for (const kind of order) targets.set(kind, await o.start(`cost-${kind}-${set}`, 'botTarget.ts', env[kind], o.botFlags));
    const all = kinds.map((kind) => ({ kind, target: targets.get(kind)!, pool: connectionsTo(targets.get(kind)!.url, o.concurrency) }));
    const load = (ms: number) => Promise.all(all.map((t) => drive({ url: t.target.url, concurrency: o.concurrency, durationMs: ms, pool: t.pool }, scenario)));
    try {
      await load(3000); // warm-up: JIT, caches, the store's first pages
      const mine = { telemetry: [] as number[], traced: [] as number[], twin: [] as number[] };
      const measure = async (loaded: typeof all) => {
        const before = await Promise.all(loaded.map(async (t) => (await t.target.stats(true)).cpuMs));
        const runs = await Promise.all(loaded.map((t) => drive({ url: t.target.url, concurrency: o.concurrency, durationMs: o.durationS * 1000, pool: t.pool }, scenario)));
        const after = await Promise.all(loaded.map(async (t) => (await t.target.stats()).cpuMs));
        return new Map(loaded.map((t, i) => [t.kind, (after[i]! - before[i]!) / Math.max(1, runs[i]!.turns)]));
      };
      for (let w = 0; w < o.windows; w++) {
        if (o.mode === 'all') {
          const perTurn = await measure(all);
          for (const kind of ['telemetry', 'traced', 'twin'] as const) mine[kind].push(perTurn.get(kind)! / perTurn.get('bot')! - 1);
          continue;
        }
        // Two at a time, every pair of the four in turn: each process is loaded half the time, always with one other.
        for (const [a, b] of PAIRS) {
          const pair = all.filter((t) => t.kind === a || t.kind === b);
          await Promise.all(pair.map((t) => drive({ url: t.target.url, concurrency: o.concurrency, durationMs: 1000, pool: t.pool }, scenario))); // re-opens idle connections
          const perTurn = await measure(pair);
          if (a === 'bot') mine[b as 'twin' | 'telemetry' | 'traced'].push(perTurn.get(b)! / perTurn.get('bot')! - 1);
        }
      }
      report.telemetry.push(...mine.telemetry);
      report.traced.push(...mine.traced);
      report.twin.push(...mine.twin);
      report.bySet.push({ telemetry: median(mine.telemetry), traced: median(mine.traced), twin: median(mine.twin) });
    } finally {
      await Promise.all(all.map((t) => t.pool.close()));
      await Promise.all(all.map((t) => t.target.stop()));
    }
  }
  return report;
}
