import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../logging/logger';

/**
 * WORKERS > 1: this process becomes a small supervisor that runs the bot in that many worker
 * processes sharing the port (Node's cluster module hands connections out in turn). One process uses
 * one core; a bot that is CPU-bound under load gets the machine's other cores this way.
 * Nothing is shared in memory between workers and nothing needs to be: every record goes through the
 * store (SQLite file in WAL mode, or blob storage), whose eTag guards hold across processes, and
 * de-duplication, drafts, leases, the outbox and recovery are built on those guards.
 *
 * The first worker starts alone: it seeds the demo data (when DEMO_SEED) before the others open the
 * store, so no worker seeds over changes another one has already made. A worker that dies is
 * replaced (at most once per second); SIGTERM / SIGINT stop every worker, each the graceful way
 * (refuse new activities, finish or hand over what is in flight), and then the supervisor exits 0.
 */
/** `graceMs`: each worker's own stop (SHUTDOWN_GRACE_MS); a worker still running a little after it is killed. */
export function superviseWorkers(count: number, log: Logger, graceMs: number): void {
  const stopTimeoutMs = graceMs + 5000;
  let stopping = false;
  const lastStart = new Map<number, number>();
  const slotOf = new Map<number, number>();
  // Start-up waits for each slot to listen: a worker that dies first is replaced, and its replacement counts.
  const waiting = new Map<number, () => void>();
  cluster.on('listening', (worker) => {
    const slot = slotOf.get(worker.id);
    if (slot === undefined) return;
    waiting.get(slot)?.();
    waiting.delete(slot);
  });
  const listening = (slot: number) => new Promise<void>((resolve) => waiting.set(slot, resolve));

  const start = (slot: number): void => {
    lastStart.set(slot, Date.now());
    const worker = cluster.fork({ WORKER_SLOT: String(slot) });
    slotOf.set(worker.id, slot);
    worker.on('exit', (code, signal) => {
      slotOf.delete(worker.id);
      if (stopping) return;
      log.error({ slot, pid: worker.process.pid, code, signal }, 'worker exited: starting a new one');
      const wait = Math.max(0, 1000 - (Date.now() - (lastStart.get(slot) ?? 0)));
      setTimeout(() => {
        if (!stopping) start(slot);
      }, wait);
    });
  };

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping workers');
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
    let left = workers.length;
    if (left === 0) process.exit(0);
    for (const w of workers) {
      // A worker that does not finish its shutdown in time is killed: the store keeps what it wrote.
      const force = setTimeout(() => w.process.kill('SIGKILL'), stopTimeoutMs);
      w.once('exit', () => {
        clearTimeout(force);
        if (--left === 0) process.exit(0);
      });
      w.process.kill(signal);
    }
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  void (async () => {
    for (let slot = 0; slot < count && !stopping; slot++) {
      const ready = listening(slot);
      start(slot);
      await ready;
    }
    if (!stopping) log.info({ workers: count }, 'all workers listening');
  })();
}

export const isSupervisor = (workers: number): boolean => workers > 1 && cluster.isPrimary;
