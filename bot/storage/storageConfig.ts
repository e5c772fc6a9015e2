import { z } from 'zod';

const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());
const int = (def: number, min: number, max: number) => z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(min).max(max).default(def));

/**
 * Where domain records and the audit trail live, and the timings of exactly-once change handling.
 * A fragment of the bot's environment schema (merged in bot/config/config.ts).
 */
export const storageConfigShape = {
  /** sqlite: one file under DATA_DIR (one machine). blob: Azure Blob Storage shared by several bot instances. */
  STORE_BACKEND: z.enum(['sqlite', 'blob']).default('sqlite'),
  /**
   * How the bot reaches Blob Storage: `connectionString` (BLOB_CONNECTION_STRING, an account key or SAS) or
   * `managedIdentity` (BLOB_ACCOUNT_URL and the bot's user-assigned managed identity, which holds the
   * Storage Blob Data Contributor role on the account; no key anywhere).
   */
  BLOB_AUTH: z.enum(['connectionString', 'managedIdentity']).default('connectionString'),
  BLOB_CONNECTION_STRING: optionalString,
  /** With BLOB_AUTH=managedIdentity: the account's blob endpoint, e.g. https://contosopartnerbot.blob.core.windows.net */
  BLOB_ACCOUNT_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
  /** Container names: 3-63 lowercase letters, digits and single hyphens (Azure rules). */
  BLOB_CONTAINER: z
    .string()
    .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid Azure container name (3-63 lowercase letters, digits, hyphens)')
    .default('partner-bot'),
  /** A confirm that takes longer than this is answered with "applying…" and the card is updated later (Teams waits ~15 s). */
  CONFIRM_ACK_MS: int(3000, 100, 10_000),
  /** How long an instance holds a change it is applying; renewed per subscription. After it lapses, recovery may take over. */
  APPLY_LEASE_MS: int(60_000, 500, 3_600_000),
  /** How often each instance looks for changes left 'applying' by a crashed instance (0 = only at start-up). */
  RECOVERY_INTERVAL_MS: int(15_000, 0, 3_600_000),
  /** Finished changes (their drafts and partner-confirmation records) are deleted this many days after they ended; the audit trail stays. */
  RETENTION_DAYS: int(30, 1, 3650),
};

type Shape = z.infer<z.ZodObject<typeof storageConfigShape>>;

export function refineStorageConfig(cfg: Shape, ctx: z.RefinementCtx): void {
  const issue = (key: keyof Shape, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
  if (cfg.STORE_BACKEND !== 'blob') return;
  if (cfg.BLOB_AUTH === 'connectionString' && !cfg.BLOB_CONNECTION_STRING) issue('BLOB_CONNECTION_STRING', 'BLOB_CONNECTION_STRING is required when STORE_BACKEND=blob (or BLOB_AUTH=managedIdentity with BLOB_ACCOUNT_URL)');
  if (cfg.BLOB_AUTH === 'managedIdentity') {
    if (!cfg.BLOB_ACCOUNT_URL) issue('BLOB_ACCOUNT_URL', 'BLOB_ACCOUNT_URL is required when BLOB_AUTH=managedIdentity');
    else if (!cfg.BLOB_ACCOUNT_URL.startsWith('https:')) issue('BLOB_ACCOUNT_URL', 'must be https: Blob Storage takes bearer tokens over TLS only');
    if (cfg.BLOB_CONNECTION_STRING) issue('BLOB_CONNECTION_STRING', 'must be empty with BLOB_AUTH=managedIdentity (no account key where the managed identity signs in)');
  }
}
