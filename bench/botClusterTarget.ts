import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedBenchStore } from './seedBench';
import { BOT_NODE_FLAGS, freePort, MAIN } from './startup';
import { processStats, serveIpc, type TargetStats } from './targetProtocol';

/**
 * The bot as `npm start` runs it with WORKERS=n: the built `dist/bot/main.js` (supervisor + n worker
 * processes sharing the port) on the same seeded data as the single-process target. Started by
 * bench/run.ts with fork(); the stats it reports are for the whole process tree.
 */
async function main(): Promise<void> {
  const users = Number(process.env.BENCH_USERS ?? '100');
  const workers = Number(process.env.BENCH_WORKERS ?? '2');
  const dataDir = mkdtempSync(join(tmpdir(), 'por-bench-cluster-'));
  await seedBenchStore(join(dataDir, 'bot.sqlite'), users);
  const port = await freePort();
  // Logs go to a file (as under a process manager); it also tells when every worker listens.
  const logFile = join(dataDir, 'bot.log');
  const logFd = openSync(logFile, 'a');
  const child = spawn(process.execPath, [...BOT_NODE_FLAGS, MAIN], {
    env: { ...process.env, WORKERS: String(workers), PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_SEED: 'false', NODE_ENV: 'development', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info' },
    stdio: ['ignore', logFd, 'inherit'],
  });
  closeSync(logFd);
  await waitFor(() => readFileSync(logFile, 'utf8').includes('all workers listening'), child, 30_000);

  serveIpc({
    stats: () => treeStats(child.pid!),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}/api/messages` });
}

async function waitFor(ready: () => boolean, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (child.exitCode !== null) throw new Error(`bot exited during start-up (code ${child.exitCode})`);
    if (Date.now() > deadline) throw new Error('bot workers did not start in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Peak and current RSS and CPU time summed over the supervisor and its workers (Linux /proc). */
function treeStats(pid: number): TargetStats {
  const pids = [pid, ...readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)];
  const kb = (status: string, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0) * 1024;
  let maxRss = 0;
  let rss = 0;
  let cpuMs = 0;
  for (const p of pids) {
    const status = readFileSync(`/proc/${p}/status`, 'utf8');
    maxRss += kb(status, 'VmHWM');
    rss += kb(status, 'VmRSS');
    // utime and stime, in clock ticks (USER_HZ, 100 on Linux), after the command name in parentheses.
    const fields = readFileSync(`/proc/${p}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    cpuMs += (Number(fields[11]) + Number(fields[12])) * 10;
  }
  return { ...processStats(), maxRss, rss, cpuMs, eventLoop: undefined, gc: undefined };
}

main().catch((e: unknown) => {
  console.error('bench cluster target failed:', e);
  process.exit(1);
});
