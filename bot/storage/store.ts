/**
 * Storage port for every domain record. Writes are guarded by eTags so that two processes
 * (or two clicks) cannot both win: botbuilder's own state writes are last-writer-wins.
 */
export interface StoredItem<T> {
  key: string;
  value: T;
  etag: string;
}

export interface PutOptions {
  /** Write only if the stored eTag still matches. */
  etag?: string;
  /** Write only if the key does not exist yet. */
  ifAbsent?: boolean;
}

/** One page of a listing; `next` goes back into `listPage` for the following page, absent after the last. */
export interface Page<T> {
  items: StoredItem<T>[];
  next?: string;
}

export interface Store {
  get<T>(key: string): Promise<StoredItem<T> | undefined>;
  /** Returns the new eTag; rejects with ConcurrencyError when a guard fails. */
  put<T>(key: string, value: T, options?: PutOptions): Promise<string>;
  delete(key: string, etag?: string): Promise<void>;
  list<T>(prefix: string): Promise<StoredItem<T>[]>;
  /**
   * At most `limit` records under `prefix`, in key order, from where `cursor` left off: for sweeps over
   * families that grow with traffic, which must not load every record at once.
   */
  listPage<T>(prefix: string, limit: number, cursor?: string): Promise<Page<T>>;
  close(): Promise<void>;
}

export class ConcurrencyError extends Error {
  constructor(readonly key: string) {
    super(`Concurrent update of ${key}`);
    this.name = 'ConcurrencyError';
  }
}

/** Read-modify-write with retry on concurrent updates. `update` returns undefined to leave the record. */
export async function updateRecord<T>(
  store: Store,
  key: string,
  update: (current: T | undefined) => T | undefined,
  attempts = 5,
): Promise<T | undefined> {
  for (let i = 0; i < attempts; i++) {
    const current = await store.get<T>(key);
    const next = update(current?.value);
    if (next === undefined) return current?.value;
    try {
      await store.put(key, next, current ? { etag: current.etag } : { ifAbsent: true });
      return next;
    } catch (e) {
      if (!(e instanceof ConcurrencyError) || i === attempts - 1) throw e;
    }
  }
  return undefined;
}

/**
 * Conditional read-modify-write: `change` returns undefined to leave the record as it is. `won` tells
 * whether this call wrote, so that of two racing callers exactly one proceeds.
 */
export async function conditionalUpdate<T>(
  store: Store,
  key: string,
  change: (current: T) => T | undefined,
): Promise<{ value: T | undefined; won: boolean }> {
  let won = false;
  const value = await updateRecord<T>(store, key, (current) => {
    const next = current === undefined ? undefined : change(current);
    won = next !== undefined;
    return next;
  });
  return { value, won };
}

/** One step of a record's status machine: only from one of `from`, stamped with `updatedAt`. */
export function transitionRecord<T extends { status: string; updatedAt: string }>(
  store: Store,
  key: string,
  from: readonly T['status'][],
  change: (current: T) => T,
  now: Date,
): Promise<{ value: T | undefined; won: boolean }> {
  return conditionalUpdate<T>(store, key, (current) => (from.includes(current.status) ? { ...change(current), updatedAt: now.toISOString() } : undefined));
}

/**
 * Deletes the records under `prefix` that `expired` picks, page by page (`listPage`), letting other
 * work run between pages: for families that grow with traffic. A record changed since it was read
 * (its eTag moved) stays. Returns how many were deleted.
 */
export async function deleteWhere<T>(store: Store, prefix: string, expired: (value: T) => boolean, pageSize = 200): Promise<number> {
  let removed = 0;
  let cursor: string | undefined;
  do {
    const page = await store.listPage<T>(prefix, pageSize, cursor);
    for (const item of page.items) {
      if (!expired(item.value)) continue;
      try {
        await store.delete(item.key, item.etag);
        removed++;
      } catch (e) {
        if (!(e instanceof ConcurrencyError)) throw e;
      }
    }
    cursor = page.next;
    await new Promise((resolve) => setImmediate(resolve));
  } while (cursor !== undefined);
  return removed;
}
