import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { alex } from '../test/support/demoUsers';
import { message } from '../test/support/teamsActivities';
import type { FastConnector } from './fastConnector';

// The built bot: dist/bot/main.js, seen from bench/ (tsx) or from dist/bench/ (compiled).
/**
 * The V8 flags `npm start` runs the bot with (keep in step with package.json). Without a cap V8 lets
 * the heap grow lazily under sustained load (peak RSS above 300 MB for a live set near 60 MB on a
 * 24 GB machine); 192 MB of old space keeps the peak near 220 MB with room for the live set. A heap
 * capped that low also makes V8 grow it by only 1.3× after each full collection, so under load it ran
 * one every ~0.5 s (2–3% of the time); growing it 2× halves that for ~25 MB of peak RSS.
 */
export const BOT_NODE_FLAGS = ['--max-old-space-size=192', '--heap-growing-percent=100'];

export const MAIN = __filename.endsWith('.js') ? resolve(__dirname, '..', 'bot', 'main.js') : resolve(__dirname, '..', 'dist', 'bot', 'main.js');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/**
 * Start-up to first answer: spawns the built bot (`node dist/bot/main.js`, first start on an empty
 * DATA_DIR, so the demo data is seeded too) and posts a message every 5 ms until the reply reaches
 * the connector. Returns milliseconds from spawn to that reply.
 */
export async function measureStartup(connector: FastConnector): Promise<number> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'por-startup-'));
  const port = await freePort();
  const user = { ...alex, conversationId: `a:startup-${port}` };
  connector.forget(user.conversationId);
  const t0 = performance.now();
  const child = spawn(process.execPath, [...BOT_NODE_FLAGS, MAIN], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`bot exited with ${child.exitCode} before answering`);
      if (performance.now() - t0 > 20_000) throw new Error('no answer within 20 s');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(message(user, connector.url, 'help')),
        });
        await res.text();
        if (res.status === 200 && connector.lastRaw(user.conversationId)) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}
