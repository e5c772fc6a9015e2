import { z } from 'zod';
import { backendsConfigShape, refineBackendsConfig } from '../backends/backendsConfig';
import { refineStorageConfig, storageConfigShape } from '../storage/storageConfig';
import { collaborationConfigShape } from '../collaboration/collaborationConfig';
import { identityConfigShape, refineIdentityConfig } from '../identity/identityConfig';
import { refineTelemetryConfig, telemetryConfigShape } from '../telemetry/telemetryConfig';
import { languageModelConfigShape, refineLanguageModelConfig } from '../nlu/llm/languageModelConfig';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting the bot reads, documented in .env.sample. Read once at start-up. */
export const configSchema = z
  .object({
    ...backendsConfigShape,
    ...storageConfigShape,
    ...collaborationConfigShape,
    ...identityConfigShape,
    ...telemetryConfigShape,
    ...languageModelConfigShape,
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    /** Processes serving the port (node:cluster); more than 1 lets a busy bot use more cores. Needs a shared store (sqlite file or blob). */
    WORKERS: z.coerce.number().int().min(1).max(64).default(1),
    DEMO_SEED: bool.default(true),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DEFAULT_LANGUAGE: z.enum(['en', 'sv', 'fr', 'nl']).default('en'),
    /** Comma-separated Entra tenant ids allowed to use the bot; empty = every tenant. */
    ALLOWED_TENANTS: z
      .string()
      .default('')
      .transform((v) => v.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))
      // GUID-shaped; group lengths are not enforced (the Agents Playground's mock tenant has 13 digits at the end).
      .pipe(z.array(z.string().regex(/^[0-9a-f]+(-[0-9a-f]+){4}$/, 'each tenant must be an Entra tenant id (GUID)').max(64))),
    /** Test / sovereign-cloud only: where inbound Bot Framework token keys are published (OpenID metadata). */
    BOT_OPENID_METADATA_URL: z.url({ protocol: /^https?$/ }).optional(),
  })
  .superRefine(refineBackendsConfig)
  .superRefine(refineIdentityConfig)
  .superRefine(refineTelemetryConfig)
  .superRefine(refineLanguageModelConfig)
  .superRefine((c, ctx) => {
    const issue = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
    // Without an app id CloudAdapter accepts unauthenticated requests: never in production.
    if (c.NODE_ENV === 'production' && !c.MicrosoftAppId) issue('MicrosoftAppId', 'required when NODE_ENV=production (Bot Framework authentication must be on)');
    // Graph, billing and Blob Storage signing in with the bot's own identity need that identity.
    const managed = c.MicrosoftAppId !== '' && c.MicrosoftAppType === 'UserAssignedMSI';
    const certificate = c.CertificateThumbprint !== undefined && c.CertificatePrivateKeyFile !== undefined;
    if (c.GRAPH_AUTH === 'managedIdentity' && !managed) issue('GRAPH_AUTH', "GRAPH_AUTH=managedIdentity uses the bot's managed identity: set MicrosoftAppType=UserAssignedMSI and MicrosoftAppId");
    if (c.GRAPH_AUTH === 'certificate' && !certificate) issue('GRAPH_AUTH', "GRAPH_AUTH=certificate uses the bot's certificate: set CertificateThumbprint and CertificatePrivateKeyFile");
    if (c.GRAPH_AUTH === 'certificate' && !c.GRAPH_CLIENT_ID && !c.MicrosoftAppId) issue('GRAPH_CLIENT_ID', 'GRAPH_CLIENT_ID (or MicrosoftAppId) is required when GRAPH_AUTH=certificate');
    if (c.BILLING_AUTH === 'entra' && (!c.MicrosoftAppId || c.MicrosoftAppType === 'MultiTenant')) {
      issue('BILLING_AUTH', "BILLING_AUTH=entra uses the bot's own identity: set MicrosoftAppId with MicrosoftAppType=SingleTenant or UserAssignedMSI");
    }
    if (c.STORE_BACKEND === 'blob' && c.BLOB_AUTH === 'managedIdentity' && !managed) {
      issue('BLOB_AUTH', "BLOB_AUTH=managedIdentity uses the bot's managed identity: set MicrosoftAppType=UserAssignedMSI and MicrosoftAppId");
    }
  })
  .superRefine(refineStorageConfig);

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Validates the environment; the message names every bad key so start-up fails with a clear reason. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** For command-line entries: prints every configuration problem and exits with code 2. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
}
