import { createApp } from './app';
import { loadConfigOrExit } from './config/config';
import { createLogger } from './logging/logger';
import { startServer } from './server/server';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config.LOG_LEVEL);
  const app = await createApp(config, log);
  const server = await startServer(config, app, log);
  app.startRecovery();
  const stop = async (signal: string) => {
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
