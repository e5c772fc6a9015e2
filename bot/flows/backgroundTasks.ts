import type { Logger } from '../logging/logger';

/**
 * Work that finishes after the turn answered (a slow billing call). Kept per app instance so shutdown
 * can wait for it; a failure is logged, never lost silently (the draft stays recoverable in the store).
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  run(name: string, work: () => Promise<void>): void {
    const task = work()
      .catch((e: unknown) => this.log.error({ task: name, err: e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : String(e) }, 'background task failed'))
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Resolves when every task started so far has ended, or at `deadline` (ms since epoch); says whether all ended. */
  async drain(deadline = Number.POSITIVE_INFINITY): Promise<boolean> {
    while (this.running.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      const all = Promise.allSettled([...this.running]);
      // No deadline: wait for the tasks alone (setTimeout(Infinity) would fire after 1 ms, with a warning).
      if (!Number.isFinite(left)) {
        await all;
        continue;
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, left)))]);
      clearTimeout(timer);
    }
    return true;
  }

  get size(): number {
    return this.running.size;
  }
}
