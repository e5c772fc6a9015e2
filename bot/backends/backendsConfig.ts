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
  /** The bot's Entra app (client) ID; its secret below. Required with DIRECTORY_BACKEND=graph. */
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
  if (cfg.DIRECTORY_BACKEND === 'graph') {
    need('GRAPH_CLIENT_ID', 'when DIRECTORY_BACKEND=graph');
    need('GRAPH_CLIENT_SECRET', 'when DIRECTORY_BACKEND=graph');
  }
  if (cfg.BILLING_BACKEND === 'http') need('BILLING_BASE_URL', 'when BILLING_BACKEND=http');
}

export const backendsConfigSchema = baseObject.superRefine(refineBackendsConfig);
export type BackendsConfig = z.infer<typeof backendsConfigSchema>;
