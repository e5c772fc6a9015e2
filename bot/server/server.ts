import * as restify from 'restify';
import type { App } from '../app';
import type { Config } from '../config/config';
import type { Logger } from '../logging/logger';
import { bodyGuard, genericErrors, jsonBody, MAX_BODY_BYTES } from './bodyGuard';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** restify: POST /api/messages through the app's inbound handler (auth, tenants, de-dup, bot), GET /healthz. */
export async function startServer(config: Config, app: App, log: Logger): Promise<RunningServer> {
  const server = restify.createServer({ name: 'partner-of-record-bot' });
  server.use(bodyGuard(MAX_BODY_BYTES));
  server.use(jsonBody(MAX_BODY_BYTES));
  genericErrors(server, log);
  server.get('/healthz', async (_req, res) => {
    res.json({ status: 'ok' });
  });
  server.post('/api/messages', async (req, res) => {
    const header = req.headers.authorization;
    let written!: () => void;
    const answered = new Promise<void>((resolve) => (written = resolve));
    try {
      const answer = await app.inbound(req.body, typeof header === 'string' ? header : undefined, answered);
      if (answer.body === undefined) res.send(answer.status);
      else res.send(answer.status, answer.body);
    } finally {
      written();
    }
  });

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const url = `http://${config.HOST}:${server.address().port}`;
  log.info({ url: `${url}/api/messages`, node: process.version }, 'bot listening');
  return {
    url,
    port: server.address().port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
