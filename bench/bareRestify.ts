import * as restify from 'restify';
import { serveIpc } from './targetProtocol';

/** The floor: a bare restify route with restify's bodyParser (as the baseline uses it), answering a small JSON object. */
async function main(): Promise<void> {
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (_req, res) => {
    res.json({ id: 'ok' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serveIpc({ stop: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${server.address().port}/api/messages` });
}

main().catch((e: unknown) => {
  console.error('bare restify failed:', e);
  process.exit(1);
});
