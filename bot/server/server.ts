import * as restify from 'restify';
import type { App } from '../app';
import type { Config } from '../config/config';
import type { Logger } from '../logging/logger';
import { bodyGuard, genericErrors, jsonBody, MAX_BODY_BYTES } from './bodyGuard';

export interface RunningServer {
  url: string;
  port: number;
  /** Activities being handled now. */
  readonly inFlight: number;
  /**
   * A stop: from now on new activities get 503 with Retry-After (Teams retries them, on another instance
   * or after the restart); resolves when the activities in flight have been answered, or at `deadline`.
   */
  drain(deadline: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Seconds a refused activity's sender is asked to wait (Retry-After) while this instance stops. */
const RETRY_AFTER_SECONDS = 5;

/** restify: POST /api/messages through the app's inbound handler (auth, tenants, de-dup, bot), GET /healthz and /readyz. */
export async function startServer(config: Config, app: App, log: Logger): Promise<RunningServer> {
  const server = restify.createServer({ name: 'partner-of-record-bot' });
  server.use(bodyGuard(MAX_BODY_BYTES));
  server.use(jsonBody(MAX_BODY_BYTES));
  genericErrors(server, log);
  let inFlight = 0;
  let idle: (() => void) | undefined;
  // Liveness: the process answers.
  server.get('/healthz', async (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Readiness: the store answers, the model is loaded, the instance is not stopping (App Service's health check).
  server.get('/readyz', async (_req, res) => {
    const readiness = await app.readiness();
    res.send(readiness.ready ? 200 : 503, { status: readiness.ready ? 'ready' : 'not ready', ...readiness.checks });
  });
  server.post('/api/messages', async (req, res) => {
    if (app.stopping) {
      res.header('Retry-After', String(RETRY_AFTER_SECONDS));
      res.send(503, { error: { code: 'ServiceUnavailable', message: 'This instance is stopping. Try again later.' } });
      return;
    }
    inFlight++;
    const header = req.headers.authorization;
    let written!: () => void;
    const answered = new Promise<void>((resolve) => (written = resolve));
    try {
      const answer = await app.inbound(req.body, typeof header === 'string' ? header : undefined, answered, req.headers);
      if (answer.body === undefined) res.send(answer.status);
      else res.send(answer.status, answer.body);
    } finally {
      written();
      if (--inFlight === 0) idle?.();
    }
  });

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const url = `http://${config.HOST}:${server.address().port}`;
  log.info({ url: `${url}/api/messages`, node: process.version }, 'bot listening');
  return {
    url,
    port: server.address().port,
    get inFlight() {
      return inFlight;
    },
    drain: async (deadline) => {
      app.beginStop();
      if (inFlight === 0) return true;
      let timer: NodeJS.Timeout | undefined;
      const done = await Promise.race([
        new Promise<boolean>((resolve) => (idle = () => resolve(true))),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now())))),
      ]);
      clearTimeout(timer);
      return done;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold the close open until they time out.
        server.server.closeIdleConnections?.();
      }),
  };
}
