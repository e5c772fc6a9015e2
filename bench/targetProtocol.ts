import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { constants, monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';

/** Messages between the bench and the target processes it forks (Node IPC). */
export type ToTarget =
  | { type: 'stats'; reset?: boolean }
  /** Store operations are counted only while probing: counting costs CPU the load should not pay. */
  | { type: 'probe'; on: boolean }
  | { type: 'gc' }
  | { type: 'storage' }
  | { type: 'profile'; action: 'start' | 'stop'; file?: string }
  | { type: 'stop' };

export interface TargetStats {
  /** Peak resident set size of the process so far (process.resourceUsage().maxRSS), bytes. */
  maxRss: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** Memory outside the JS heap that V8 knows of (Buffers and the like). */
  external: number;
  /** CPU time (user + system) the process (or process tree) has used so far, ms: steadier than turns/s on a shared machine. */
  cpuMs: number;
  calls?: { counts: Record<string, number>; repeats: Record<string, number> };
  /**
   * How late this process's event loop ran since the stats were last reset, ms: the longest stall
   * (a GC pause, a synchronous checkpoint) is how long a turn arriving at the worst moment waited
   * before any of its code ran. Absent for a target whose turns run in other processes.
   */
  eventLoop?: { p99Ms: number; maxMs: number };
  /**
   * Garbage-collection pauses since the stats were last reset, by kind: young-generation scavenges,
   * full (mark-compact) collections, and the incremental-marking steps between them. Absent, like
   * `eventLoop`, for a target whose turns run in other processes.
   */
  gc?: Record<GcKind, GcPauses>;
}

export type GcKind = 'minor' | 'major' | 'incremental';
export interface GcPauses {
  count: number;
  totalMs: number;
  maxMs: number;
}

export interface StorageStats {
  /** Database bytes in use after a WAL checkpoint (page_count - freelist_count) * page_size. */
  bytes: number;
  /** Bytes of key + value per key family (first two ':'-separated parts of the key), plus audit rows. */
  byFamily: Record<string, { rows: number; bytes: number }>;
}

export type FromTarget =
  | { type: 'ready'; url: string }
  | { type: 'stats'; stats: TargetStats }
  | { type: 'storage'; storage: StorageStats }
  | { type: 'gc' }
  | { type: 'profile' }
  | { type: 'probe' }
  | { type: 'stopped' };

let loopDelay: IntervalHistogram | undefined;

/** `reset`: start the event-loop measure afresh after reading it. */
export function processStats(reset = false): TargetStats {
  const m = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    maxRss: process.resourceUsage().maxRSS * 1024,
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    cpuMs: (cpu.user + cpu.system) / 1000,
    eventLoop: eventLoopStats(reset),
    gc: gcStats(reset),
  };
}

const noPauses = (): GcPauses => ({ count: 0, totalMs: 0, maxMs: 0 });
const GC_KINDS: Partial<Record<number, GcKind>> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
};
let gcPauses: Record<GcKind, GcPauses> | undefined;

function gcStats(reset: boolean): TargetStats['gc'] {
  if (!gcPauses) {
    const pauses = { minor: noPauses(), major: noPauses(), incremental: noPauses() };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const kind = GC_KINDS[(e as { detail?: { kind?: number } }).detail?.kind ?? -1];
        if (!kind) continue; // weak-callback processing
        const into = pauses[kind];
        into.count++;
        into.totalMs += e.duration;
        into.maxMs = Math.max(into.maxMs, e.duration);
      }
    }).observe({ entryTypes: ['gc'] });
    gcPauses = pauses;
  }
  const stats = { minor: { ...gcPauses.minor }, major: { ...gcPauses.major }, incremental: { ...gcPauses.incremental } };
  if (reset) for (const kind of Object.keys(gcPauses) as GcKind[]) Object.assign(gcPauses[kind], noPauses());
  return stats;
}

function eventLoopStats(reset: boolean): TargetStats['eventLoop'] {
  if (!loopDelay) {
    loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
  }
  const stats = { p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 };
  if (reset) loopDelay.reset();
  return stats;
}

/** Answers the common requests; `extra` handles target-specific ones. */
export function serveIpc(handlers: {
  stats?: (reset: boolean) => TargetStats;
  storage?: () => StorageStats;
  probe?: (on: boolean) => void;
  stop: () => Promise<void>;
}): void {
  const send = (m: FromTarget) => process.send?.(m);
  process.on('message', (msg: ToTarget) => {
    if (msg.type === 'stats') send({ type: 'stats', stats: handlers.stats ? handlers.stats(Boolean(msg.reset)) : processStats(Boolean(msg.reset)) });
    else if (msg.type === 'probe') {
      handlers.probe?.(msg.on);
      send({ type: 'probe' });
    } else if (msg.type === 'gc') {
      // Two passes: the first may only queue finalizers.
      (globalThis as { gc?: () => void }).gc?.();
      (globalThis as { gc?: () => void }).gc?.();
      send({ type: 'gc' });
    } else if (msg.type === 'profile') {
      void profile(msg.action, msg.file).then(() => send({ type: 'profile' }));
    } else if (msg.type === 'storage' && handlers.storage) send({ type: 'storage', storage: handlers.storage() });
    else if (msg.type === 'stop') {
      handlers.stop().then(
        () => {
          send({ type: 'stopped' });
          process.exit(0);
        },
        (e: unknown) => {
          console.error('stop failed', e);
          process.exit(1);
        },
      );
    }
  });
  // The bench going away must not leave a target (or its data) behind.
  process.on('disconnect', () => {
    handlers.stop().finally(() => process.exit(0));
  });
}

/** CPU profile of just the measured window (V8 inspector in-process), written as a .cpuprofile. */
let session: Session | undefined;
async function profile(action: 'start' | 'stop', file?: string): Promise<void> {
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => session!.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  if (action === 'start') {
    session = new Session();
    session.connect();
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 500 });
    await post('Profiler.start');
  } else if (session) {
    const { profile: data } = await post('Profiler.stop');
    if (file) writeFileSync(file, JSON.stringify(data));
    session.disconnect();
    session = undefined;
  }
}
