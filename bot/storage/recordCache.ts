import type { StoredItem } from './store';

/** Longest listing kept (records): a tenant's subscriptions, not a sweep's worth. */
const MAX_LISTED = 100;
/** Listings kept: every write is checked against each of their prefixes. */
const MAX_LISTS = 64;

/** A record read or written; `value` parsed (and frozen) on first use, `json` until then. */
interface Entry {
  etag: string;
  json?: string;
  value?: unknown;
}

/**
 * The records this process read last, kept parsed, for a store whose file no other process writes
 * (SqliteStore with group commit): a turn reads ~13 records, most of them the same few per
 * conversation (its addresses, profile, transcript, draft, the tenant's account), and each read from
 * SQLite costs a statement and a JSON parse (~10–15 µs here). Only records that were read are kept
 * (a write updates an entry already here, but adds none: most writes, such as de-dup records, are
 * never read back), also that a key is absent. Least recently used entries leave first. Short
 * listings (a tenant's subscriptions) are kept too, until anything is written under their prefix.
 *
 * Values are frozen, deeply: one object is handed to every reader, so none may change it.
 */
export class RecordCache {
  /** Map order is the recency order: a hit moves its entry to the end. `null`: the key is absent. */
  private readonly entries = new Map<string, Entry | null>();
  /** Listings by prefix, in the same recency order, at most MAX_LISTS of them. */
  private readonly lists = new Map<string, readonly StoredItem<unknown>[]>();

  constructor(private readonly capacity: number) {}

  /** undefined: not known here; null: known to be absent. */
  get<T>(key: string): StoredItem<T> | null | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (entry === null) return null;
    if (entry.json !== undefined) {
      entry.value = deepFreeze(JSON.parse(entry.json));
      entry.json = undefined;
    }
    return { key, value: entry.value as T, etag: entry.etag };
  }

  /** A record just read from the file (or found absent); returns the value to hand out (frozen). */
  read<T>(key: string, item: { value: T; etag: string } | undefined): T | undefined {
    if (!item) {
      this.set(key, null);
      return undefined;
    }
    const value = deepFreeze(item.value);
    this.set(key, { etag: item.etag, value });
    return value;
  }

  /** A listing of `prefix` kept here: a new array (the caller may sort it) of the kept items. */
  getList<T>(prefix: string): StoredItem<T>[] | undefined {
    const items = this.lists.get(prefix);
    if (!items) return undefined;
    this.lists.delete(prefix);
    this.lists.set(prefix, items);
    return items.slice() as StoredItem<T>[];
  }

  /** A listing just read from the file; returns the items to hand out (values frozen when kept). */
  readList<T>(prefix: string, items: StoredItem<T>[]): StoredItem<T>[] {
    if (items.length > MAX_LISTED) return items;
    for (const item of items) deepFreeze(item);
    this.lists.delete(prefix);
    this.lists.set(prefix, items.slice());
    if (this.lists.size > MAX_LISTS) this.lists.delete(this.lists.keys().next().value!);
    return items;
  }

  /** The statement that wrote `key` succeeded: a kept entry takes the new value. */
  wrote(key: string, json: string, etag: string): void {
    this.changedUnder(key);
    if (this.entries.has(key)) this.entries.set(key, { etag, json });
  }

  /** `key` was deleted: a kept entry now says absent. */
  deleted(key: string): void {
    this.changedUnder(key);
    if (this.entries.has(key)) this.entries.set(key, null);
  }

  /** What is kept for `key` may be wrong (a write guard failed): read it from the file next time. */
  forget(key: string): void {
    this.entries.delete(key);
    this.changedUnder(key);
  }

  /** A transaction rolled back: entries may hold values that never reached the file. */
  clear(): void {
    this.entries.clear();
    this.lists.clear();
  }

  /** A listing that `key` belongs to is out of date. */
  private changedUnder(key: string): void {
    for (const prefix of this.lists.keys()) if (key.startsWith(prefix)) this.lists.delete(prefix);
  }

  private set(key: string, entry: Entry | null): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
