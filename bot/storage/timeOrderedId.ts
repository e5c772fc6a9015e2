import { randomUUID } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Ids made later sort
 * after ids made earlier, so the records keyed by them (drafts, and the in-flight, idempotency and
 * partner-change records named after a draft) are written next to each other at the end of the
 * store's key order instead of all over it: SQLite then writes a few pages per commit, not one page
 * per record (a random 1 KB insert costs ~4× an ordered one in its commit, docs/benchmark.md).
 *
 * The random part comes from randomUUID (a version 4 UUID, whose variant bits are already RFC 9562's):
 * it draws from a buffered pool, where asking the kernel for 10 bytes costs a system call per id.
 */
export function timeOrderedId(now = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}
