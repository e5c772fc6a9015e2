import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

/**
 * The one load driver for every target: N virtual users, each running its scenario in a loop over a
 * shared undici Pool (one keep-alive connection per user, no pipelining) until the deadline. Every
 * HTTP request is one turn; its latency is recorded. A scenario that cannot go on throws: that counts
 * one error and the user starts its next iteration.
 */
export interface DriverOptions {
  url: string;
  concurrency: number;
  durationMs: number;
  /** Stop after this many iterations in total (state mode); the deadline still applies. */
  maxIterations?: number;
  /**
   * Connections to reuse (from `connectionsTo`), kept open across warm-up and rounds as a keep-alive
   * client keeps them. Without it the run opens and closes its own.
   */
  pool?: Pool;
  /**
   * Mean think time after each answer (uniform between half and one and a half of it), as an admin
   * reads the card before the next click; 0 or absent = the next turn at once (saturation).
   */
  thinkMs?: number;
}

/** One keep-alive connection per virtual user, for `drive` to reuse run after run. */
export function connectionsTo(url: string, concurrency: number): Pool {
  return new Pool(new URL(url).origin, { connections: concurrency, pipelining: 1, keepAliveTimeout: 600_000, keepAliveMaxTimeout: 600_000 });
}

export interface Turn {
  status: number;
  body: string;
  json(): any;
}

export type Post = (body: object) => Promise<Turn>;
export type Scenario = (vu: number, iteration: number, post: Post) => Promise<void>;

export interface LoadResult {
  turns: number;
  iterations: number;
  errors: number;
  durationMs: number;
  latenciesMs: Float64Array;
  errorSamples: string[];
  /** The slowest turns of the run: what they were and when they started (ms after the run began). */
  slowest: SlowTurn[];
}

export interface SlowTurn {
  ms: number;
  atMs: number;
  what: string;
}

const SLOWEST_KEPT = 8;

/** "message" or the invoke's card verb ("draft.confirm"): enough to tell the turns of a flow apart. */
function turnName(body: any): string {
  return body?.type === 'invoke' ? String(body?.value?.action?.verb ?? body?.name ?? 'invoke') : String(body?.type ?? '?');
}

export class ScenarioError extends Error {}

export async function drive(options: DriverOptions, scenario: Scenario): Promise<LoadResult> {
  const url = new URL(options.url);
  const pool = options.pool ?? connectionsTo(options.url, options.concurrency);
  let latencies = new Float64Array(1 << 16);
  let turns = 0;
  let iterations = 0;
  let started = 0;
  let errors = 0;
  const errorSamples: string[] = [];
  const slowest: SlowTurn[] = [];
  const start = performance.now();
  const deadline = start + options.durationMs;

  const post: Post = async (body) => {
    const payload = JSON.stringify(body);
    const t0 = performance.now();
    const res = await pool.request({ path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
    const text = await res.body.text();
    const ms = performance.now() - t0;
    if (turns === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[turns++] = ms;
    if (slowest.length < SLOWEST_KEPT || ms > slowest[slowest.length - 1]!.ms) {
      slowest.push({ ms, atMs: t0 - start, what: turnName(body) });
      slowest.sort((a, b) => b.ms - a.ms);
      slowest.length = Math.min(slowest.length, SLOWEST_KEPT);
    }
    const turn: Turn = { status: res.statusCode, body: text, json: () => JSON.parse(text) };
    if (res.statusCode < 200 || res.statusCode >= 300) throw new ScenarioError(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
    if (options.thinkMs) await sleep(options.thinkMs * (0.5 + Math.random()));
    return turn;
  };

  const user = async (vu: number) => {
    // Paced users start spread over one think time, not all in the same millisecond.
    if (options.thinkMs) await sleep(Math.random() * options.thinkMs);
    while (performance.now() < deadline && (options.maxIterations === undefined || started < options.maxIterations)) {
      const iteration = started++;
      try {
        await scenario(vu, iteration, post);
        iterations++;
      } catch (e) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(e instanceof Error ? e.message : String(e));
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, vu) => user(vu)));
  const durationMs = performance.now() - start;
  if (!options.pool) await pool.close();
  return { turns, iterations, errors, durationMs, latenciesMs: latencies.slice(0, turns), errorSamples, slowest };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
