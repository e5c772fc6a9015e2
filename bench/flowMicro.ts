import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, performance, PerformanceObserver } from 'node:perf_hooks';
import { createApp } from '../bot/app';
import { loadConfig } from '../bot/config/config';
import { createLogger } from '../bot/logging/logger';
import { createTelemetry } from '../bot/telemetry/createTelemetry';
import { FastConnector } from './fastConnector';
import type { Post } from './loadDriver';
import { addPartnerFlow } from './scenarios';
import { seedBenchStore } from './seedBench';

/**
 * The bot without its HTTP server, in one process: the same complete add-partner flows as `npm run
 * bench`, from `concurrency` admins at once, handed straight to the inbound handler (authentication,
 * de-duplication, botbuilder's CloudAdapter and TeamsActivityHandler, the flows, SQLite with group
 * commit); the form card still goes to a local connector over loopback. No other process competes for
 * the CPU, so CPU time per turn moves less between runs than the full bench's turns per second: the
 * place to see where the bot's own time goes (with --cpu-prof). Whether a change is faster is decided
 * by the full bench's --against, run both ways round: a change this measured at 3.5% less CPU per turn
 * made the full bench no faster (docs/benchmark.md).
 *
 * `node dist/bench/flowMicro.js [seconds=20] [concurrency=50] [rounds=3] > /dev/null`
 */
async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 20);
  const concurrency = Number(process.argv[3] ?? 50);
  const rounds = Number(process.argv[4] ?? 3);
  const fixedFlows = process.env.BENCH_FLOWS_PER_ADMIN ? Number(process.env.BENCH_FLOWS_PER_ADMIN) : undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'por-micro-'));
  await seedBenchStore(join(dataDir, 'bot.sqlite'), concurrency + 10);
  // BENCH_OTLP_ENDPOINT: telemetry on, exporting there (what it costs per turn shows against a run without).
  const otlp = process.env.BENCH_OTLP_ENDPOINT ? { OTEL_EXPORTER_OTLP_ENDPOINT: process.env.BENCH_OTLP_ENDPOINT, ...(process.env.BENCH_TRACES_PER_SECOND ? { TELEMETRY_TRACES_PER_SECOND: process.env.BENCH_TRACES_PER_SECOND } : {}) } : {};
  // Under callgrind every turn runs ~40× slower: the confirm's acknowledgement limit is raised there so
  // that the same work is done whatever the speed (an acknowledged change would end the flow early).
  const slow = fixedFlows !== undefined ? { CONFIRM_ACK_MS: '10000' } : {};
  const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, DEMO_SEED: 'false', NODE_ENV: 'development', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', ...otlp, ...slow });
  const telemetry = createTelemetry(config, { version: 'bench' });
  const app = await createApp(config, createLogger(config.LOG_LEVEL, undefined, telemetry), { telemetry });
  const connector = await new FastConnector().start();
  // As over HTTP: the handler gets a freshly parsed body, and the answer is serialized once.
  const post: Post = async (activity) => {
    const answer = await app.inbound(JSON.parse(JSON.stringify(activity)), undefined, Promise.resolve());
    const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
    if (answer.status !== 200) throw new Error(`HTTP ${answer.status} ${body.slice(0, 300)}`);
    return { status: answer.status, body, json: () => JSON.parse(body) };
  };

  // BENCH_FLOWS_PER_ADMIN: a fixed number of flows per admin instead of a time (the warm-up too), so
  // that a run under callgrind does the same work whatever its speed.
  const run = async (ms: number) => {
    const deadline = performance.now() + ms;
    let flows = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async (_, vu) => {
        for (let n = 0; fixedFlows === undefined ? performance.now() < deadline : n < fixedFlows; n++) {
          await addPartnerFlow(vu, post, connector);
          flows++;
        }
      }),
    );
    return flows;
  };
  // Main-thread pause time of V8's collections, by kind: what the heap settings trade against RSS.
  const gcMs = { young: 0, full: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const kind = (e as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gcMs.young += e.duration;
      else gcMs.full += e.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  await run(3000); // warm-up: JIT, caches, the store's first pages
  for (let round = 1; round <= rounds; round++) {
    const cpu0 = process.cpuUsage();
    gcMs.young = gcMs.full = 0;
    const t0 = performance.now();
    const flows = await run(seconds * 1000);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const turns = flows * 3;
    // On stderr: the bot's own log lines (info, as the bench runs it) go to stdout.
    console.error(
      `round ${round}: ${turns} turns, ${(turns / (wall / 1000)).toFixed(0)} turns/s, CPU ${((cpu.user + cpu.system) / 1000 / turns).toFixed(3)} ms per turn (user ${(cpu.user / 1000 / turns).toFixed(3)}, system ${(cpu.system / 1000 / turns).toFixed(3)}), GC pauses ${((100 * gcMs.young) / wall).toFixed(1)}% young + ${((100 * gcMs.full) / wall).toFixed(1)}% full of the wall time, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    );
  }
  await connector.stop();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
