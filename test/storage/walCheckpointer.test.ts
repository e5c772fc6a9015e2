import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore, type SqliteStoreOptions } from '../../bot/storage/sqliteStore';
import { startWalCheckpointer } from '../../bot/storage/walCheckpointer';
import { waitFor } from '../support/botProcess';

let dir: string;
let file: string;
const opened: SqliteStore[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wal-checkpointer-'));
  file = join(dir, 'bot.sqlite');
});
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

const open = (options: SqliteStoreOptions) => {
  const s = new SqliteStore(file, { groupCommit: true, ...options });
  opened.push(s);
  return s;
};
/** The thread as the store starts it, started at once and ticking faster so that the tests need not wait. */
const quickThread: SqliteStoreOptions['checkpointer'] = (f, o) => startWalCheckpointer(f, { ...o, startAfterMs: 0, intervalMs: 20 });

/** Records in the database file itself, read from a copy taken without its WAL. */
function recordsInFileAlone(): number | undefined {
  const copy = join(dir, `copy-${Date.now()}.sqlite`);
  copyFileSync(file, copy);
  try {
    const db = new Database(copy, { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return undefined; // copied in the middle of a checkpoint's page writes: look again
  }
}

describe('WAL checkpoints in a worker thread', () => {
  test('committed records reach the database file without the writer checkpointing', async () => {
    const s = open({ checkpointer: quickThread });
    // ~200 pages of WAL: far below the writer's own threshold (4,000 pages), so only the thread copies them.
    await Promise.all(Array.from({ length: 200 }, (_, i) => s.put(`draft:${i}`, { i, pad: 'x'.repeat(1000) })));
    expect(await waitFor(() => (recordsInFileAlone() === 200 ? true : undefined), 5000, 'records in the file')).toBe(true);
  });

  test('under sustained writes the WAL is still recycled: it stays near the writer threshold', async () => {
    const s = open({ checkpointer: quickThread });
    let largestWal = 0;
    let written = 0;
    for (let batch = 0; batch < 400; batch++) {
      // Keys scattered over 10,000 records: each write dirties its own page, as many conversations do.
      const puts = Array.from({ length: 40 }, () => s.put(`draft:${Math.floor(Math.random() * 10_000)}`, { pad: 'y'.repeat(2000) }));
      await Promise.all(puts);
      written += puts.length * 4096;
      largestWal = Math.max(largestWal, statSync(`${file}-wal`).size);
    }
    expect(written).toBeGreaterThan(60 * 1024 * 1024);
    // 4,000 pages of 4 KB plus what one batch adds past the threshold.
    expect(largestWal).toBeLessThan(4000 * 4096 + 4 * 1024 * 1024);
  });

  test('a thread that cannot start is reported, and the store goes on with the writer checkpointing', async () => {
    let reported: Error | undefined;
    const s = open({
      checkpointer: (_f, o) => startWalCheckpointer(join(dir, 'no-such-dir', 'bot.sqlite'), { ...o, startAfterMs: 0 }),
      onCheckpointerStopped: (e) => (reported = e),
    });
    const error = await waitFor(() => reported, 5000, 'the thread to report');
    expect(error.message).toMatch(/directory does not exist/);
    await s.put('draft:a', { n: 1 });
    expect((await s.get('draft:a'))?.value).toEqual({ n: 1 });
  });
});
