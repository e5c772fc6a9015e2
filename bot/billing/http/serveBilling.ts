import { isAbsolute, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { z } from 'zod';
import { demoData } from '../../demo/demoData';
import { ROOT } from '../../paths';
import { SqliteStore } from '../../storage/sqliteStore';
import { EmbeddedBillingService } from '../embeddedBillingService';
import { createBillingServer } from './billingServer';

/** `npm run billing:serve`: the embedded billing service, seeded with demo data, on the HTTP contract. */
const serveConfigSchema = z.object({
  BILLING_SERVE_HOST: z.string().min(1).default('127.0.0.1'),
  BILLING_SERVE_PORT: z.coerce.number().int().min(0).max(65535).default(3980),
  BILLING_SERVE_DB: z.string().min(1).default('data/billing.sqlite'),
  BILLING_API_KEY: z.string().min(16, 'BILLING_API_KEY must be at least 16 characters').optional(),
});

async function main(): Promise<void> {
  const log = pino({ name: 'billing-serve' });
  const parsed = serveConfigSchema.safeParse(emptyToUndefined(process.env));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) log.fatal({ key: issue.path.join('.') }, issue.message);
    process.exit(1);
  }
  const cfg = parsed.data;
  const file = isAbsolute(cfg.BILLING_SERVE_DB) ? cfg.BILLING_SERVE_DB : join(ROOT, cfg.BILLING_SERVE_DB);
  // The one process writing this file: group commits (bot/storage/transactions.ts).
  const store = new SqliteStore(file, { groupCommit: true });
  const service = new EmbeddedBillingService(store);
  await service.seed(demoData());

  const server = createBillingServer(service, {
    apiKey: cfg.BILLING_API_KEY,
    onError: (err, req) => log.error({ err, method: req.method, url: req.url }, 'billing request failed'),
  });
  server.listen(cfg.BILLING_SERVE_PORT, cfg.BILLING_SERVE_HOST, () => {
    const { port } = server.address() as AddressInfo;
    log.info({ url: `http://${cfg.BILLING_SERVE_HOST}:${port}/v1`, db: file, apiKey: cfg.BILLING_API_KEY ? 'required' : 'off' }, 'billing service listening');
  });

  const stop = () => {
    log.info('stopping');
    server.close(() => void store.close().then(() => process.exit(0)));
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function emptyToUndefined(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
