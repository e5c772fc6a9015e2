import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigOrExit } from './config/config';
import { createBotIdentity } from './identity/botIdentity';
import { createLogger } from './logging/logger';
import { ROOT } from './paths';
import { isSupervisor, superviseWorkers } from './server/cluster';
import { createTelemetry } from './telemetry/createTelemetry';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // The supervisor only forks and watches workers: it never loads the bot (botbuilder, the store, telemetry).
  if (isSupervisor(config.WORKERS)) return superviseWorkers(config.WORKERS, createLogger(config.LOG_LEVEL), config.SHUTDOWN_GRACE_MS);

  // Telemetry first, so the logger and every span after it are in place; it may sign in as the bot.
  const identity = createBotIdentity(config, { timeoutMs: config.GRAPH_TIMEOUT_MS });
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const telemetry = createTelemetry(config, { version, credential: identity?.credential });
  let log = createLogger(config.LOG_LEVEL, undefined, telemetry);
  const { createApp } = await import('./app');
  const { startServer } = await import('./server/server');
  // A worker's lines say which worker wrote them.
  if (cluster.isWorker) log = log.child({ worker: Number(process.env.WORKER_SLOT ?? cluster.worker?.id), pid: process.pid });
  if (telemetry.enabled) log.info({ to: config.APPLICATIONINSIGHTS_CONNECTION_STRING ? 'azure-monitor' : `otlp ${config.OTEL_EXPORTER_OTLP_PROTOCOL}`, service: config.OTEL_SERVICE_NAME }, 'telemetry on');
  const app = await createApp(config, log, { identity, telemetry });
  const server = await startServer(config, app, log);
  app.startRecovery();

  // A stop as App Service and Kubernetes make one (SIGTERM, then a kill after their delay): nothing in
  // flight is lost. New activities get 503 + Retry-After; turns in flight are answered; changes and
  // deliveries in flight finish or are handed to other instances; telemetry is flushed; the store closes.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const deadline = Date.now() + config.SHUTDOWN_GRACE_MS;
    log.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS, inFlight: server.inFlight }, 'stopping: new activities are refused with 503');
    try {
      if (!(await server.drain(deadline))) log.warn({ inFlight: server.inFlight }, 'stop: turns still running at the deadline');
      await app.close(deadline);
      await server.close();
      log.info({}, 'stopped');
      process.exit(0);
    } catch (e) {
      log.error({ err: e instanceof Error ? { name: e.name, message: e.message, stack: e.stack } : String(e) }, 'stop failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error('Start-up failed:', e instanceof Error ? e.message : e);
  process.exit(1);
});
