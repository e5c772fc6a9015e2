import { join, resolve } from 'node:path';
import type { AuditTrail } from '../audit/auditTrail';
import type { Logger } from '../logging/logger';
import { SqliteStore } from '../storage/sqliteStore';
import type { Store } from '../storage/store';

export interface StorageSettings {
  STORE_BACKEND: 'sqlite' | 'blob';
  DATA_DIR: string;
  BLOB_CONNECTION_STRING?: string;
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
export function createStorage(config: StorageSettings, log?: Logger): Storage {
  if (config.STORE_BACKEND === 'blob') {
    if (!config.BLOB_CONNECTION_STRING) throw new Error('BLOB_CONNECTION_STRING is required when STORE_BACKEND=blob');
    // Loaded only when selected: the Azure SDKs add ~0.3 s to every start-up otherwise.
    const { BlobStore } = require('../host/blobStore') as typeof import('../host/blobStore');
    const { AppendBlobAuditTrail } = require('../storage/appendBlobAuditTrail') as typeof import('../storage/appendBlobAuditTrail');
    const store = new BlobStore(config.BLOB_CONNECTION_STRING, config.BLOB_CONTAINER);
    return { store, audit: new AppendBlobAuditTrail(config.BLOB_CONNECTION_STRING, config.BLOB_CONTAINER), close: () => store.close() };
  }
  const sqlite = new SqliteStore(join(resolve(config.DATA_DIR), 'bot.sqlite'), {
    groupCommit: (config.WORKERS ?? 1) === 1,
    onCheckpointerStopped: log && ((err) => log.error({ err }, "WAL checkpoint thread stopped; the writer's own checkpoints do all the copying")),
  });
  return { store: sqlite, audit: sqlite, close: () => sqlite.close() };
}
