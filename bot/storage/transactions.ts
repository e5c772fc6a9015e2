import type Database from 'better-sqlite3';

/**
 * How SqliteStore runs its statements. Either way a returned promise settles only once what the
 * statement did is committed: whoever awaits a write may act on it (answer, send, call billing).
 */
export interface Transactions {
  /** `sees`: whether the read could return any of these keys (written in the open batch). */
  read<R>(run: () => R, sees: (written: ReadonlySet<string>) => boolean): Promise<R>;
  /** `key`: what the write changes (a record key, or a name for the audit table). */
  write<R>(run: () => R, key: string): Promise<R>;
  /** Commits whatever is pending now (before closing the database). */
  flush(): void;
  /** Whether a read that `sees` these keys would see a write not committed yet (whose commit it must wait for). */
  pending(sees: (written: ReadonlySet<string>) => boolean): boolean;
}

/** One transaction per statement (SQLite's autocommit): for a file several processes write (WORKERS > 1). */
export class Autocommit implements Transactions {
  read<R>(run: () => R): Promise<R> {
    return settle(run);
  }

  write<R>(run: () => R): Promise<R> {
    return settle(run);
  }

  flush(): void {}

  pending(): boolean {
    return false;
  }
}

interface Batch {
  /** Took the write lock (BEGIN IMMEDIATE); until the first write the batch only reads. */
  writing: boolean;
  /** Keys written in this batch: not committed yet. */
  written: Set<string>;
  waiters: Array<(failure: unknown) => void>;
  failure?: unknown;
}

/**
 * Group commit for the one process that writes the file: every statement of one event-loop turn runs
 * in one transaction, committed when the turn ends (setImmediate). Each SQLite commit costs several
 * system calls (locks, WAL frames, the WAL index) whatever it holds, and a turn of the bot reads ~14
 * and writes ~7 records, interleaved with the other conversations' turns; committing them together
 * made the bot ~1.5× faster under load (docs/benchmark.md).
 *
 * Guarantees kept: a write's promise settles after the commit of its batch, and so does a read that
 * could see a key written in the open batch, so nothing is answered, sent or called on the strength
 * of a write that is not durable yet, nor of a read of another turn's uncommitted write (a read of
 * anything else returns committed data and settles at once: a turn waits for the end of the
 * event-loop turn only at its writes). If the batch fails (commit error, or an error that rolled
 * the transaction back), every statement that waited on it rejects with that error. A
 * compare-and-swap still decides at once (ConcurrencyError), inside the batch. Batches begin deferred
 * and take the write lock only at their first write (committing the reads so far first, so another
 * process's commit in between cannot fail the upgrade): readers such as `npm run audit:print` are
 * never blocked.
 */
export class GroupCommit implements Transactions {
  private batch?: Batch;
  private readonly stmts;

  /** `onRollback`: a batch's statements were undone (whatever was derived from them is void). */
  constructor(
    private readonly db: Database.Database,
    private readonly onRollback: () => void = () => {},
  ) {
    this.stmts = {
      begin: db.prepare('BEGIN'),
      beginWrite: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
    };
  }

  read<R>(run: () => R, sees: (written: ReadonlySet<string>) => boolean): Promise<R> {
    // A read that cannot see the open batch's uncommitted writes returns committed data: it need not wait.
    return this.run(run, false, this.batch !== undefined && sees(this.batch.written));
  }

  write<R>(run: () => R, key: string): Promise<R> {
    return this.run(run, true, true, key);
  }

  flush(): void {
    if (this.batch) this.end(this.batch);
  }

  pending(sees: (written: ReadonlySet<string>) => boolean): boolean {
    return this.batch !== undefined && sees(this.batch.written);
  }

  private run<R>(run: () => R, writes: boolean, waits: boolean, key?: string): Promise<R> {
    let batch: Batch;
    try {
      batch = this.open(writes);
    } catch (e) {
      return Promise.reject(e); // could not begin (e.g. the file is locked past busy_timeout): nothing ran
    }
    if (key !== undefined) batch.written.add(key);
    let outcome: { ok: true; value: R } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: run() };
    } catch (error) {
      outcome = { ok: false, error };
      // Most errors end just the statement; some (disk full, I/O) roll the whole transaction back.
      if (!this.db.inTransaction) this.fail(batch, error);
    }
    const settleWith = (failure: unknown, resolve: (v: R) => void, reject: (e: unknown) => void) =>
      failure !== undefined ? reject(failure) : outcome.ok ? resolve(outcome.value) : reject(outcome.error);
    return new Promise<R>((resolve, reject) => {
      if (waits) batch.waiters.push((failure) => settleWith(failure, resolve, reject));
      else settleWith(undefined, resolve, reject);
    });
  }

  private open(writes: boolean): Batch {
    let batch = this.batch;
    if (!batch) {
      this.stmts.begin.run();
      batch = this.batch = { writing: false, written: new Set(), waiters: [] };
      setImmediate(() => this.end(batch!));
    }
    if (writes && !batch.writing) {
      try {
        this.stmts.commit.run(); // the reads so far: consistent, and nothing to lose
        this.stmts.beginWrite.run();
        batch.writing = true;
      } catch (e) {
        this.fail(batch, e);
        throw e;
      }
    }
    return batch;
  }

  /** The batch's transaction is gone: its statements reject, and the next statement opens a new batch. */
  private fail(batch: Batch, e: unknown): void {
    batch.failure ??= e;
    if (this.batch === batch) this.batch = undefined;
    if (this.db.inTransaction) this.stmts.rollback.run();
    this.onRollback();
  }

  private end(batch: Batch): void {
    if (this.batch === batch) {
      this.batch = undefined;
      try {
        this.stmts.commit.run();
      } catch (e) {
        this.fail(batch, e);
      }
    }
    const waiters = batch.waiters;
    batch.waiters = [];
    for (const settleOne of waiters) settleOne(batch.failure);
  }
}

function settle<R>(run: () => R): Promise<R> {
  try {
    return Promise.resolve(run());
  } catch (e) {
    return Promise.reject(e);
  }
}
