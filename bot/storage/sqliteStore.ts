import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditEntry, AuditTrail } from '../audit/auditTrail';
import { ConcurrencyError, type Page, type PutOptions, type Store, type StoredItem } from './store';
import { RecordCache } from './recordCache';
import { Autocommit, GroupCommit, type Transactions } from './transactions';
import { startWalCheckpointer, type Checkpointer, type WalCheckpointerOptions } from './walCheckpointer';

/** Stands for the audit table among the keys a batch wrote (no record key contains NUL). */
const AUDIT = '\u0000audit';

function anyUnder(keys: ReadonlySet<string>, prefix: string): boolean {
  for (const k of keys) if (k.startsWith(prefix)) return true;
  return false;
}

export interface SqliteStoreOptions {
  /**
   * This process is the only one writing the file (WORKERS=1): statements of one event-loop turn
   * share one transaction (GroupCommit). Otherwise each statement commits on its own.
   */
  groupCommit?: boolean;
  /**
   * Records kept parsed in memory (RecordCache) with group commit, where no other process changes the
   * file behind this one's back; 0 turns the cache off. Default 4,000 (a few MB).
   */
  cachedRecords?: number;
  /**
   * What copies the WAL into the file ahead of the writer's own checkpoint: a worker thread (the
   * default for a file; walCheckpointer.ts), or with `false` nothing (the writer does it all, in the
   * commit that crosses the threshold).
   */
  checkpointer?: false | ((file: string, options: WalCheckpointerOptions) => Checkpointer);
  /** The checkpoint thread stopped (the writer's checkpoints then do all the copying). Default: a process warning. */
  onCheckpointerStopped?: (error: Error) => void;
}

/** SQLite's own checkpoint threshold when it checkpoints on commit: every ~16 MB of WAL rather than 4 MB. */
const AUTOCHECKPOINT_PAGES = 4000;

/**
 * Durable local store on SQLite (WAL). Compare-and-swap runs in one statement, so the eTag guard
 * holds across processes sharing the file as well as within one.
 */
export class SqliteStore implements Store, AuditTrail {
  private readonly db: Database.Database;
  private readonly stmts;
  private readonly tx: Transactions;
  private readonly cache?: RecordCache;
  private readonly checkpointer?: Checkpointer;

  constructor(file: string, options: SqliteStoreOptions = {}) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit survives a process crash (kill -9) without an fsync per write.
    this.db.pragma('synchronous = NORMAL');
    // Every write appends whole pages to the WAL; checkpoint (and fsync) every ~16 MB rather than 4 MB.
    this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    this.db.pragma('journal_size_limit = 67108864');
    this.db.pragma('cache_size = -16000');
    this.db.pragma('temp_store = MEMORY');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, value TEXT NOT NULL, etag TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS audit (seq INTEGER PRIMARY KEY AUTOINCREMENT, tenant_id TEXT NOT NULL, at TEXT NOT NULL, entry TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS audit_tenant ON audit(tenant_id, seq);
      CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
      CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
    `);
    this.stmts = {
      get: this.db.prepare<[string], { value: string; etag: string }>('SELECT value, etag FROM records WHERE key = ?'),
      upsert: this.db.prepare('INSERT INTO records(key, value, etag) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, etag = excluded.etag'),
      insert: this.db.prepare('INSERT OR IGNORE INTO records(key, value, etag) VALUES (?, ?, ?)'),
      cas: this.db.prepare('UPDATE records SET value = ?, etag = ? WHERE key = ? AND etag = ?'),
      del: this.db.prepare('DELETE FROM records WHERE key = ?'),
      delIf: this.db.prepare('DELETE FROM records WHERE key = ? AND etag = ?'),
      list: this.db.prepare<[string, string], { key: string; value: string; etag: string }>(
        'SELECT key, value, etag FROM records WHERE key >= ? AND key < ? ORDER BY key',
      ),
      page: this.db.prepare<[string, string, number], { key: string; value: string; etag: string }>(
        'SELECT key, value, etag FROM records WHERE key >= ? AND key < ? ORDER BY key LIMIT ?',
      ),
      auditAppend: this.db.prepare('INSERT INTO audit(tenant_id, at, entry) VALUES (?, ?, ?)'),
      auditList: this.db.prepare<[string, number], { entry: string }>(
        'SELECT entry FROM audit WHERE tenant_id = ? ORDER BY seq DESC LIMIT ?',
      ),
    };
    const cachedRecords = options.groupCommit ? (options.cachedRecords ?? 4000) : 0;
    const cache = cachedRecords > 0 ? new RecordCache(cachedRecords) : undefined;
    this.cache = cache;
    // A rolled-back batch may have left values in the cache that never reached the file.
    this.tx = options.groupCommit ? new GroupCommit(this.db, () => cache?.clear()) : new Autocommit();
    const startCheckpointer = file === ':memory:' ? false : (options.checkpointer ?? startWalCheckpointer);
    if (startCheckpointer) {
      this.checkpointer = startCheckpointer(file, {
        autocheckpointFrames: AUTOCHECKPOINT_PAGES,
        onStopped: options.onCheckpointerStopped ?? ((e: Error) => process.emitWarning(e, 'SqliteStore')),
      });
    }
  }

  get<T>(key: string): Promise<StoredItem<T> | undefined> {
    const cache = this.cache;
    // Known here and committed: no statement. A key written in the open batch waits for its commit below.
    const sees = (written: ReadonlySet<string>) => written.has(key);
    const hit = cache && !this.tx.pending(sees) ? cache.get<T>(key) : undefined;
    if (hit !== undefined) return Promise.resolve(hit ?? undefined);
    return this.tx.read(
      () => {
        const row = this.stmts.get.get(key);
        const item = row ? { value: JSON.parse(row.value) as T, etag: row.etag } : undefined;
        if (cache) {
          const value = cache.read(key, item);
          return item ? { key, value: value as T, etag: item.etag } : undefined;
        }
        return item && { key, ...item };
      },
      sees,
    );
  }

  put<T>(key: string, value: T, options: PutOptions = {}): Promise<string> {
    return this.tx.write(() => {
      const etag = randomUUID();
      const json = JSON.stringify(value);
      if (options.ifAbsent) {
        if (this.stmts.insert.run(key, json, etag).changes === 0) this.refused(key);
      } else if (options.etag !== undefined && options.etag !== '*') {
        if (this.stmts.cas.run(json, etag, key, options.etag).changes === 0) this.refused(key);
      } else {
        this.stmts.upsert.run(key, json, etag);
      }
      this.cache?.wrote(key, json, etag);
      return etag;
    }, key);
  }

  delete(key: string, etag?: string): Promise<void> {
    return this.tx.write(() => {
      if (etag === undefined) this.stmts.del.run(key);
      else if (this.stmts.delIf.run(key, etag).changes === 0) this.refused(key);
      this.cache?.deleted(key);
    }, key);
  }

  /** A write guard failed: the writer's view was out of date, and so, should the file have been changed elsewhere, may the cache's be. */
  private refused(key: string): never {
    this.cache?.forget(key);
    throw new ConcurrencyError(key);
  }

  list<T>(prefix: string): Promise<StoredItem<T>[]> {
    const cache = this.cache;
    const sees = (written: ReadonlySet<string>) => anyUnder(written, prefix);
    const hit = cache && !this.tx.pending(sees) ? cache.getList<T>(prefix) : undefined;
    if (hit) return Promise.resolve(hit);
    // Range scan: every key that starts with prefix sorts in [prefix, prefix + U+FFFF).
    return this.tx.read(() => {
      const items = this.stmts.list.all(prefix, prefix + '\uffff').map((r) => ({ key: r.key, value: JSON.parse(r.value) as T, etag: r.etag }));
      return cache ? cache.readList(prefix, items) : items;
    }, sees);
  }

  listPage<T>(prefix: string, limit: number, cursor?: string): Promise<Page<T>> {
    // The cursor is the last key returned: the next page starts right after it.
    return this.tx.read(() => {
      const rows = this.stmts.page.all(cursor === undefined ? prefix : `${cursor}\u0000`, prefix + '\uffff', limit);
      const items = rows.map((r) => ({ key: r.key, value: JSON.parse(r.value) as T, etag: r.etag }));
      return rows.length === limit ? { items, next: rows[rows.length - 1]!.key } : { items };
    }, (written) => anyUnder(written, prefix));
  }

  append(entry: AuditEntry): Promise<void> {
    return this.tx.write(() => {
      this.stmts.auditAppend.run(entry.tenantId, entry.at, JSON.stringify(entry));
    }, AUDIT);
  }

  recent(tenantId: string, limit = 100): Promise<AuditEntry[]> {
    return this.tx.read(
      () => this.stmts.auditList.all(tenantId, limit).map((r) => JSON.parse(r.entry) as AuditEntry),
      (written) => written.has(AUDIT),
    );
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    if (!this.db.open) return;
    this.tx.flush();
    this.cache?.clear();
    this.db.close();
  }
}
