import type { Logger } from '../logging/logger';

/**
 * Background maintenance run on a timer: never two runs at once, a failure logged (the next run tries
 * again), and `stop` waits for a run in progress. Timers are unref'd: they never keep the process alive.
 */
export function startPeriodicSweep(
  log: Logger,
  name: string,
  run: () => Promise<void>,
  timing: { firstAfterMs: number; everyMs: number },
): { stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  let stopped = false;
  const sweep = () => {
    if (running || stopped) return;
    running = run()
      .catch((e: unknown) => log.error({ sweep: name, err: e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : String(e) }, `${name} sweep failed`))
      .finally(() => {
        running = undefined;
      });
  };
  const first = timing.firstAfterMs > 0 ? setTimeout(sweep, timing.firstAfterMs) : undefined;
  if (!first) sweep();
  const timer = timing.everyMs > 0 ? setInterval(sweep, timing.everyMs) : undefined;
  first?.unref();
  timer?.unref();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
