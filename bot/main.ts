import cluster from 'node:cluster';
import { loadConfigOrExit } from './config/config';
import { createLogger } from './logging/logger';
import { isSupervisor, superviseWorkers } from './server/cluster';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  let log = createLogger(config.LOG_LEVEL);
  // The supervisor only forks and watches workers: it never loads the bot (botbuilder, the store).
  if (isSupervisor(config.WORKERS)) return superviseWorkers(config.WORKERS, log);

  const { createApp } = await import('./app');
  const { startServer } = await import('./server/server');
  // A worker's lines say which worker wrote them.
  if (cluster.isWorker) log = log.child({ worker: Number(process.env.WORKER_SLOT ?? cluster.worker?.id), pid: process.pid });
  const app = await createApp(config, log);
  const server = await startServer(config, app, log);
  app.startRecovery();
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    await server.close();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error('Start-up failed:', e instanceof Error ? e.message : e);
  process.exit(1);
});
