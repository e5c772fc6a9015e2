import { z } from 'zod';
import { backendsConfigShape, refineBackendsConfig } from '../backends/backendsConfig';
import { collaborationConfigShape } from '../collaboration/collaborationConfig';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting the bot reads, documented in .env.sample. Read once at start-up. */
export const configSchema = z
  .object({
    ...backendsConfigShape,
    ...collaborationConfigShape,
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    HOST: z.string().min(1).default('127.0.0.1'),
    MicrosoftAppId: z.string().default(''),
    MicrosoftAppPassword: z.string().default(''),
    MicrosoftAppType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
    MicrosoftAppTenantId: z.string().default(''),
    DATA_DIR: z.string().min(1).default('./data'),
    DEMO_SEED: bool.default(true),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DEFAULT_LANGUAGE: z.enum(['en', 'sv', 'fr', 'nl']).default('en'),
  })
  .superRefine(refineBackendsConfig);

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
