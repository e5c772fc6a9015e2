import { isAbsolute, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { z } from 'zod';
import { demoData } from '../../demo/demoData';
import { ROOT } from '../../paths';
import { SqliteStore } from '../../storage/sqliteStore';
import { EmbeddedBillingService } from '../embeddedBillingService';
import { bearerVerifier } from './bearerAuth';
import { createBillingServer } from './billingServer';
import { createTelemetry } from '../../telemetry/createTelemetry';
import { telemetryConfigShape } from '../../telemetry/telemetryConfig';

/** `npm run billing:serve`: the embedded billing service, seeded with demo data, on the HTTP contract. */
const serveConfigSchema = z.object({
  // The same telemetry settings as the bot (docs/operations.md): the service continues the bot's traces.
  ...telemetryConfigShape,
  OTEL_SERVICE_NAME: z.string().min(1).default('partner-of-record-billing'),
  BILLING_SERVE_HOST: z.string().min(1).default('127.0.0.1'),
  BILLING_SERVE_PORT: z.coerce.number().int().min(0).max(65535).default(3980),
  BILLING_SERVE_DB: z.string().min(1).default('data/billing.sqlite'),
  BILLING_API_KEY: z.string().min(16, 'BILLING_API_KEY must be at least 16 characters').optional(),
  /** apiKey: X-Api-Key when BILLING_API_KEY is set. entra: a bearer token checked against the JWKS, issuer and audience below. */
  BILLING_SERVE_AUTH: z.enum(['apiKey', 'entra']).default('apiKey'),
  BILLING_SERVE_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Comma-separated accepted issuers, e.g. https://sts.windows.net/{tenant}/,https://login.microsoftonline.com/{tenant}/v2.0 */
  BILLING_SERVE_ISSUER: z.string().optional(),
  BILLING_SERVE_AUDIENCE: z.string().optional(),
  /** Comma-separated client ids (the bot's identity) allowed to call; empty = any client the issuer vouches for. */
  BILLING_SERVE_ALLOWED_CLIENTS: z.string().optional(),
}).superRefine((c, ctx) => {
  if (c.BILLING_SERVE_AUTH !== 'entra') return;
  for (const key of ['BILLING_SERVE_JWKS_URL', 'BILLING_SERVE_ISSUER', 'BILLING_SERVE_AUDIENCE'] as const) {
    if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required when BILLING_SERVE_AUTH=entra` });
  }
});

async function main(): Promise<void> {
  const log = pino({ name: 'billing-serve' });
  const parsed = serveConfigSchema.safeParse(emptyToUndefined(process.env));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) log.fatal({ key: issue.path.join('.') }, issue.message);
    process.exit(1);
  }
  const cfg = parsed.data;
  const telemetry = createTelemetry(cfg, { version: '1' });
  const file = isAbsolute(cfg.BILLING_SERVE_DB) ? cfg.BILLING_SERVE_DB : join(ROOT, cfg.BILLING_SERVE_DB);
  // The one process writing this file: group commits (bot/storage/transactions.ts).
  const store = new SqliteStore(file, { groupCommit: true });
  const service = new EmbeddedBillingService(store);
  await service.seed(demoData());

  const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const entra = cfg.BILLING_SERVE_AUTH === 'entra';
  const server = createBillingServer(service, {
    apiKey: entra ? undefined : cfg.BILLING_API_KEY,
    bearer: entra
      ? bearerVerifier({ jwksUrl: cfg.BILLING_SERVE_JWKS_URL!, issuers: list(cfg.BILLING_SERVE_ISSUER), audience: cfg.BILLING_SERVE_AUDIENCE!, allowedClients: list(cfg.BILLING_SERVE_ALLOWED_CLIENTS) })
      : undefined,
    telemetry,
    onRefused: (reason, req) => log.warn({ reason, method: req.method, url: req.url }, 'caller refused'),
    onError: (err, req) => log.error({ err, method: req.method, url: req.url }, 'billing request failed'),
  });
  server.listen(cfg.BILLING_SERVE_PORT, cfg.BILLING_SERVE_HOST, () => {
    const { port } = server.address() as AddressInfo;
    const auth = entra ? `entra (audience ${cfg.BILLING_SERVE_AUDIENCE})` : cfg.BILLING_API_KEY ? 'api key' : 'off';
    log.info({ url: `http://${cfg.BILLING_SERVE_HOST}:${port}/v1`, db: file, auth }, 'billing service listening');
  });

  const stop = () => {
    log.info('stopping');
    server.close(() => void telemetry.shutdown().finally(() => store.close().then(() => process.exit(0))));
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
