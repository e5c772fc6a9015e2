import { z } from 'zod';

/** Empty strings in .env files mean "not set". */
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());
const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional());
const int = (def: number, min: number, max: number) => z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(min).max(max).default(def));

/**
 * Settings that choose and configure the directory and billing backends (see docs/backends.md).
 * A fragment of the bot's environment schema: merge `backendsConfigShape` into the main object and
 * apply `refineBackendsConfig`, or use `backendsConfigSchema` alone.
 */
export const backendsConfigShape = {
  DIRECTORY_BACKEND: z.enum(['embedded', 'graph']).default('embedded'),
  GRAPH_CLOUD: z.enum(['worldwide', 'china21vianet']).default('worldwide'),
  /**
   * How the bot signs in to Graph: `secret` (GRAPH_CLIENT_ID + GRAPH_CLIENT_SECRET, any consenting tenant),
   * `certificate` (the bot's certificate, CertificateThumbprint + CertificatePrivateKeyFile), or
   * `managedIdentity` (the bot's user-assigned managed identity, its own tenant only; no secret anywhere).
   */
  GRAPH_AUTH: z.enum(['secret', 'certificate', 'managedIdentity']).default('secret'),
  /** The Entra app (client) ID Graph tokens are issued to; with `certificate` it defaults to MicrosoftAppId. */
  GRAPH_CLIENT_ID: optionalString,
  GRAPH_CLIENT_SECRET: optionalString,
  /** Overrides of the cloud's hosts (tests, proxies). */
  GRAPH_BASE_URL: optionalUrl,
  GRAPH_LOGIN_URL: optionalUrl,
  /** PEM file of extra CAs trusted for sign-in (TLS-inspecting proxies, tests). */
  GRAPH_EXTRA_CA_FILE: optionalString,
  GRAPH_ROLE_CACHE_SECONDS: int(300, 0, 3600),
  GRAPH_ROLE_CACHE_SIZE: int(10_000, 1, 1_000_000),
  GRAPH_TIMEOUT_MS: int(5000, 100, 60_000),
  GRAPH_MAX_ATTEMPTS: int(3, 1, 6),

  BILLING_BACKEND: z.enum(['embedded', 'http']).default('embedded'),
  BILLING_BASE_URL: optionalUrl,
  BILLING_API_KEY: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'must be at least 16 characters').optional()),
  /**
   * How the bot proves itself to the billing service: `apiKey` (X-Api-Key: BILLING_API_KEY, when set) or
   * `entra` (a bearer token from the bot's own identity for BILLING_SCOPE, as Azure API Management or
   * App Service authentication expect).
   */
  BILLING_AUTH: z.enum(['apiKey', 'entra']).default('apiKey'),
  /** With BILLING_AUTH=entra: the billing API's app ID URI or scope, e.g. api://partner-billing/.default. */
  BILLING_SCOPE: optionalString,
  BILLING_TIMEOUT_MS: int(5000, 100, 60_000),
  BILLING_MAX_ATTEMPTS: int(3, 1, 6),
};

const baseObject = z.object(backendsConfigShape);
type Shape = z.infer<typeof baseObject>;

/** Cross-field rules, each failure naming the missing key. */
export function refineBackendsConfig(cfg: Shape, ctx: z.RefinementCtx): void {
  const need = (key: keyof Shape, why: string) => {
    if (cfg[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required ${why}` });
  };
  if (cfg.DIRECTORY_BACKEND === 'graph' && cfg.GRAPH_AUTH === 'secret') {
    need('GRAPH_CLIENT_ID', 'when DIRECTORY_BACKEND=graph and GRAPH_AUTH=secret');
    need('GRAPH_CLIENT_SECRET', 'when DIRECTORY_BACKEND=graph and GRAPH_AUTH=secret');
  }
  if (cfg.GRAPH_AUTH !== 'secret' && cfg.GRAPH_CLIENT_SECRET !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['GRAPH_CLIENT_SECRET'], message: `must be empty with GRAPH_AUTH=${cfg.GRAPH_AUTH} (no secret where the bot's identity signs in)` });
  }
  if (cfg.BILLING_BACKEND === 'http') need('BILLING_BASE_URL', 'when BILLING_BACKEND=http');
  if (cfg.BILLING_AUTH === 'entra') need('BILLING_SCOPE', 'when BILLING_AUTH=entra');
}

export const backendsConfigSchema = baseObject.superRefine(refineBackendsConfig);
export type BackendsConfig = z.infer<typeof backendsConfigSchema>;
