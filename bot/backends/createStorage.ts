import { join, resolve } from 'node:path';
import type { AuditTrail } from '../audit/auditTrail';
import type { BotIdentity } from '../identity/botIdentity';
import type { Logger } from '../logging/logger';
import type { BlobAccess } from '../storage/blobAccess';
import type { Store } from '../storage/store';

export interface StorageSettings {
  STORE_BACKEND: 'sqlite' | 'blob';
  DATA_DIR: string;
  BLOB_AUTH?: 'connectionString' | 'managedIdentity';
  BLOB_CONNECTION_STRING?: string;
  BLOB_ACCOUNT_URL?: string;
  BLOB_CONTAINER: string;
  /** Bot processes sharing the SQLite file; with one, that process commits in groups (GroupCommit). */
  WORKERS?: number;
}

export interface Storage {
  store: Store;
  audit: AuditTrail;
  close(): Promise<void>;
}

/** The domain store and audit trail the settings ask for: one SQLite file, or Azure Blob Storage shared by instances. */
export function createStorage(config: StorageSettings, log?: Logger, identity?: BotIdentity): Storage {
  if (config.STORE_BACKEND === 'blob') {
    // Loaded only when selected: the Azure SDKs add ~0.3 s to every start-up otherwise.
    const { BlobStore } = require('../host/blobStore') as typeof import('../host/blobStore');
    const { AppendBlobAuditTrail } = require('../storage/appendBlobAuditTrail') as typeof import('../storage/appendBlobAuditTrail');
    const access = blobAccess(config, identity);
    const store = new BlobStore(access, config.BLOB_CONTAINER);
    return { store, audit: new AppendBlobAuditTrail(access, config.BLOB_CONTAINER), close: () => store.close() };
  }
  // Loaded only when selected: better-sqlite3 is a native module built for one Node.js version, and a
  // deployment on Blob Storage (infra/azure.bicep) then never loads it, whichever Node.js built the package.
  const { SqliteStore } = require('../storage/sqliteStore') as typeof import('../storage/sqliteStore');
  const sqlite = new SqliteStore(join(resolve(config.DATA_DIR), 'bot.sqlite'), {
    groupCommit: (config.WORKERS ?? 1) === 1,
    onCheckpointerStopped: log && ((err) => log.error({ err }, "WAL checkpoint thread stopped; the writer's own checkpoints do all the copying")),
  });
  return { store: sqlite, audit: sqlite, close: () => sqlite.close() };
}

/** A connection string (account key or SAS), or the account URL and the bot's managed identity (Storage Blob Data Contributor). */
function blobAccess(config: StorageSettings, identity?: BotIdentity): BlobAccess {
  if (config.BLOB_AUTH === 'managedIdentity') {
    if (!config.BLOB_ACCOUNT_URL) throw new Error('BLOB_ACCOUNT_URL is required when BLOB_AUTH=managedIdentity');
    if (identity?.kind !== 'managedIdentity') throw new Error("BLOB_AUTH=managedIdentity needs the bot's managed identity (MicrosoftAppType=UserAssignedMSI)");
    return { accountUrl: config.BLOB_ACCOUNT_URL, credential: identity.credential };
  }
  if (!config.BLOB_CONNECTION_STRING) throw new Error('BLOB_CONNECTION_STRING is required when STORE_BACKEND=blob');
  return { connectionString: config.BLOB_CONNECTION_STRING };
}
