import * as restify from 'restify';
import type { App } from '../app';
import type { Config } from '../config/config';
import type { Logger } from '../logging/logger';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** restify: POST /api/messages through the app's CloudAdapter, GET /healthz. */
export async function startServer(config: Config, app: App, log: Logger): Promise<RunningServer> {
  const server = restify.createServer({ name: 'partner-of-record-bot' });
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
  server.get('/healthz', async (_req, res) => {
    res.json({ status: 'ok' });
  });
  server.post('/api/messages', async (req, res) => {
    await app.adapter.process(req, res, (context) => app.host.run(context));
  });

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  const url = `http://${config.HOST}:${server.address().port}`;
  log.info({ url: `${url}/api/messages` }, 'bot listening');
  return {
    url,
    port: server.address().port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
