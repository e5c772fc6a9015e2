import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../bot/storage/sqliteStore';
import { ConcurrencyError, updateRecord } from '../../bot/storage/store';

let dir: string;
let file: string;
const opened: Array<{ close(): unknown }> = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
  file = join(dir, 'bot.sqlite');
});
afterEach(async () => {
  for (const c of opened.splice(0)) await c.close();
  rmSync(dir, { recursive: true, force: true });
});

const store = (groupCommit: boolean, cachedRecords?: number) => {
  const s = new SqliteStore(file, { groupCommit, cachedRecords });
  opened.push(s);
  return s;
};
/** Another connection to the same file, as another process (or `npm run audit:print`) would have. */
const other = () => {
  const db = new Database(file, { readonly: true });
  opened.push(db);
  const get = db.prepare<[string], { value: string }>('SELECT value FROM records WHERE key = ?');
  return (key: string) => {
    const row = get.get(key);
    return row ? JSON.parse(row.value) : undefined;
  };
};

describe.each([
  ['one transaction per statement', false],
  ['group commit', true],
])('SqliteStore (%s): the Store contract', (_name, groupCommit) => {
  test('get / put / eTag guard / ifAbsent / delete / list / listPage', async () => {
    const s = store(groupCommit);
    expect(await s.get('draft:a')).toBeUndefined();
    const e1 = await s.put('draft:a', { name: 'Fabrikam Sverige Ö – Zürich', n: 1 }, { ifAbsent: true });
    await expect(s.put('draft:a', { n: 9 }, { ifAbsent: true })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await s.get('draft:a')).toEqual({ key: 'draft:a', value: { name: 'Fabrikam Sverige Ö – Zürich', n: 1 }, etag: e1 });
    const e2 = await s.put('draft:a', { n: 2 }, { etag: e1 });
    await expect(s.put('draft:a', { n: 3 }, { etag: e1 })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(s.delete('draft:a', e1)).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await s.get('draft:a'))?.value).toEqual({ n: 2 });
    await s.delete('draft:a', e2);
    expect(await s.get('draft:a')).toBeUndefined();

    for (const k of ['dedup:1', 'dedup:2', 'dedup:3', 'dedupx:1']) await s.put(k, { k });
    expect((await s.list('dedup:')).map((i) => i.key)).toEqual(['dedup:1', 'dedup:2', 'dedup:3']);
    const first = await s.listPage('dedup:', 2);
    expect(first.items.map((i) => i.key)).toEqual(['dedup:1', 'dedup:2']);
    expect((await s.listPage('dedup:', 2, first.next)).items.map((i) => i.key)).toEqual(['dedup:3']);

    await s.append({ at: '2026-11-21T00:00:00.000Z', tenantId: 't1', actorId: 'u', actorName: 'U', action: 'set_partner', outcome: 'applied' } as never);
    expect((await s.recent('t1')).map((e) => e.action)).toEqual(['set_partner']);
  });

  test('racing read-modify-writes within one event-loop turn lose no update', async () => {
    const s = store(groupCommit);
    await s.put('counter', { n: 0 });
    const bump = () => updateRecord<{ n: number }>(s, 'counter', (c) => ({ n: (c?.n ?? 0) + 1 }), 50);
    await Promise.all(Array.from({ length: 20 }, bump));
    expect((await s.get<{ n: number }>('counter'))?.value.n).toBe(20);
    expect(other()('counter')).toEqual({ n: 20 });
  });

  test('when a write has resolved, another process reads it', async () => {
    const s = store(groupCommit);
    const read = other();
    for (let i = 0; i < 5; i++) {
      await s.put(`k:${i}`, { i });
      expect(read(`k:${i}`)).toEqual({ i }); // what the caller may now act on is on disk
    }
  });
});

describe('SqliteStore group commit', () => {
  test("the statements of one event-loop turn commit together: another process sees all of them or none", async () => {
    const s = store(true);
    const read = other();
    const writes = Array.from({ length: 10 }, (_, i) => s.put(`k:${i}`, { i }));
    // Still inside the turn that wrote them: not committed, and no promise has settled.
    expect(Array.from({ length: 10 }, (_, i) => read(`k:${i}`))).toEqual(Array(10).fill(undefined));
    let settled = false;
    void Promise.all(writes).then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await Promise.all(writes);
    expect(Array.from({ length: 10 }, (_, i) => read(`k:${i}`))).toEqual(Array.from({ length: 10 }, (_, i) => ({ i })));
  });

  test('a read waits for the commit only when it could see a write of the open batch', async () => {
    const s = store(true);
    await s.put('draft:1', { v: 0 });
    await s.put('profile:1', { v: 0 });
    const write = s.put('draft:1', { v: 1 });
    const settled: string[] = [];
    const track = (name: string, p: Promise<unknown>) => p.then(() => settled.push(name));
    const all = Promise.all([
      track('write', write),
      track('get of the written key', s.get('draft:1')),
      track('list over it', s.list('draft:')),
      track('get of another key', s.get('profile:1')),
      track('list of another family', s.list('profile:')),
    ]);
    await new Promise((r) => process.nextTick(r)); // microtasks ran; the event-loop turn has not ended
    expect(settled.sort()).toEqual(['get of another key', 'list of another family']);
    await all;
    expect((await s.get('draft:1'))?.value).toEqual({ v: 1 });
  });

  test('one statement per transaction without group commit (several processes write the file)', async () => {
    const s = store(false);
    const read = other();
    const write = s.put('k', { v: 1 });
    expect(read('k')).toEqual({ v: 1 }); // committed before the call returned
    await write;
  });

  test('a batch rolled back by SQLite rejects every statement in it, the ones that ran fine too; nothing of it is stored', async () => {
    const s = store(true);
    await s.put('setup', {}); // creates the schema
    const admin = new Database(file);
    opened.push(admin);
    // A stand-in for a failure that ends the whole transaction (disk full, I/O error).
    admin.exec(`CREATE TRIGGER fail_batch BEFORE INSERT ON records WHEN NEW.key = 'boom' BEGIN SELECT RAISE(ROLLBACK, 'simulated failure'); END`);

    const before = s.put('a', { v: 1 });
    const readOfTheWrite = s.get('a'); // sees the uncommitted write: waits, and fails with the batch
    const readOfCommitted = s.get('setup'); // committed data: fine whatever happens to the batch
    const boom = s.put('boom', { v: 2 });
    const after = s.put('c', { v: 3 }); // the failed batch is gone: this one opens the next
    const results = await Promise.allSettled([before, readOfTheWrite, readOfCommitted, boom, after]);

    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/simulated failure/);
    const read = other();
    expect(read('a')).toBeUndefined();
    expect(read('boom')).toBeUndefined();
    expect(read('c')).toEqual({ v: 3 });
    // The store goes on working.
    await s.put('a', { v: 4 });
    expect(read('a')).toEqual({ v: 4 });
  });

  test('a compare-and-swap loses at once inside the batch; the others in the batch still commit', async () => {
    const s = store(true);
    const etag = await s.put('draft:x', { n: 1 });
    const win = s.put('draft:x', { n: 2 }, { etag });
    const lose = s.put('draft:x', { n: 3 }, { etag });
    const other1 = s.put('draft:y', { n: 1 });
    await expect(lose).rejects.toBeInstanceOf(ConcurrencyError);
    await win;
    await other1;
    expect(other()('draft:x')).toEqual({ n: 2 });
    expect(other()('draft:y')).toEqual({ n: 1 });
  });

  test('a turn that reads, then writes after another process committed, still writes (the batch takes the write lock afresh)', async () => {
    // Another process writes the file here, which the record cache rules out (see below): without it.
    const s = store(true, 0);
    await s.put('x', { v: 0 });
    const writer = new Database(file);
    opened.push(writer);
    writer.pragma('busy_timeout = 1000');
    const read = s.get('x'); // opens a read-only batch: no write lock held
    writer.prepare("UPDATE records SET value = '{\"v\":1}' WHERE key = 'x'").run(); // another process commits meanwhile
    const write = s.put('y', { v: 2 }); // same event-loop turn: a stale read snapshot cannot be upgraded
    expect((await read)?.value).toEqual({ v: 0 });
    await write;
    expect((await s.get('x'))?.value).toEqual({ v: 1 });
    expect(other()('y')).toEqual({ v: 2 });
  });

  test('a reader in another process is never blocked by a batch, and close() commits what is pending', async () => {
    const s = store(true);
    await s.put('k', { v: 0 });
    const read = other();
    const pending = s.put('k', { v: 1 }); // the batch holds the write lock until the turn ends
    expect(read('k')).toEqual({ v: 0 }); // reads the last commit without waiting
    await s.close();
    await pending;
    expect(read('k')).toEqual({ v: 1 });
  });
});

/** Writes behind the store's back, as only another process could (which group commit rules out). */
const behindItsBack = (key: string, value: unknown) => {
  const db = new Database(file);
  db.pragma('busy_timeout = 1000');
  db.prepare('UPDATE records SET value = ? WHERE key = ?').run(JSON.stringify(value), key);
  db.close();
};

describe('SqliteStore group commit: records read are kept parsed in memory', () => {
  test('a record read once is answered from memory after that: the file is not read again', async () => {
    const s = store(true);
    await s.put('profile:1', { language: 'en' });
    expect((await s.get('profile:1'))?.value).toEqual({ language: 'en' }); // read from the file, kept
    behindItsBack('profile:1', { language: 'sv' });
    expect((await s.get('profile:1'))?.value).toEqual({ language: 'en' });
    expect(other()('profile:1')).toEqual({ language: 'sv' });
  });

  test('every write, delete and absence is followed: a read returns what was last written, with its eTag', async () => {
    const s = store(true);
    expect(await s.get('draft:1')).toBeUndefined(); // absence is kept too
    const e1 = await s.put('draft:1', { status: 'collecting' }, { ifAbsent: true });
    expect(await s.get('draft:1')).toEqual({ key: 'draft:1', value: { status: 'collecting' }, etag: e1 });
    const e2 = await s.put('draft:1', { status: 'confirming' }, { etag: e1 });
    expect(await s.get('draft:1')).toEqual({ key: 'draft:1', value: { status: 'confirming' }, etag: e2 });
    await expect(s.put('draft:1', { status: 'stale' }, { etag: e1 })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await s.get('draft:1')).toEqual({ key: 'draft:1', value: { status: 'confirming' }, etag: e2 });
    await s.delete('draft:1', e2);
    expect(await s.get('draft:1')).toBeUndefined();
    await s.put('draft:1', { status: 'collecting' });
    expect((await s.get('draft:1'))?.value).toEqual({ status: 'collecting' });
  });

  test('one object serves every reader, so it is frozen: a caller that changes it fails at once instead of changing it for the others', async () => {
    const s = store(true);
    await s.put('draft:1', { subscriptionIds: ['a'], partner: { name: 'Contoso' } });
    const first = (await s.get<{ subscriptionIds: string[]; partner: { name: string } }>('draft:1'))!.value;
    expect(() => first.subscriptionIds.push('b')).toThrow(TypeError);
    expect(() => {
      first.partner.name = 'Fabrikam';
    }).toThrow(TypeError);
    expect((await s.get('draft:1'))?.value).toEqual({ subscriptionIds: ['a'], partner: { name: 'Contoso' } });
  });

  test('a rolled-back batch leaves nothing in memory: the next read returns what is committed', async () => {
    const s = store(true);
    await s.put('a', { v: 1 });
    expect((await s.get('a'))?.value).toEqual({ v: 1 });
    const admin = new Database(file);
    opened.push(admin);
    admin.exec(`CREATE TRIGGER fail_batch BEFORE INSERT ON records WHEN NEW.key = 'boom' BEGIN SELECT RAISE(ROLLBACK, 'simulated failure'); END`);
    const results = await Promise.allSettled([s.put('a', { v: 2 }), s.put('boom', {})]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await s.get('a'))?.value).toEqual({ v: 1 });
  });

  test('a write guard that fails sends the next read to the file (should the file have changed elsewhere after all)', async () => {
    const s = store(true);
    const etag = await s.put('draft:1', { n: 1 });
    expect((await s.get('draft:1'))?.value).toEqual({ n: 1 });
    behindItsBack('draft:1', { n: 5 }); // the value, not the eTag: the guard below still holds
    const db = new Database(file);
    db.prepare("UPDATE records SET etag = 'moved' WHERE key = 'draft:1'").run();
    db.close();
    await expect(s.put('draft:1', { n: 2 }, { etag })).rejects.toBeInstanceOf(ConcurrencyError);
    expect(await s.get('draft:1')).toEqual({ key: 'draft:1', value: { n: 5 }, etag: 'moved' });
  });

  test('bounded: beyond its size the least recently read record is read from the file again', async () => {
    const s = store(true, 2);
    for (const k of ['a', 'b', 'c']) await s.put(k, { v: 0 });
    await s.get('a');
    await s.get('b');
    await s.get('a'); // now b is the least recently used
    await s.get('c'); // evicts b
    await new Promise((r) => setImmediate(r)); // the batch that read c ends (and its read snapshot with it)
    for (const k of ['a', 'b', 'c']) behindItsBack(k, { v: 1 });
    expect((await s.get('a'))?.value).toEqual({ v: 0 });
    expect((await s.get('c'))?.value).toEqual({ v: 0 });
    expect((await s.get('b'))?.value).toEqual({ v: 1 });
  });

  test('a short listing is kept until anything is written under its prefix: a new record, a change, a delete', async () => {
    const s = store(true);
    for (const id of ['1', '2']) await s.put(`billing:sub:t1:${id}`, { id, v: 0 });
    await s.put('billing:sub:t2:9', { id: '9', v: 0 });
    const values = async (prefix = 'billing:sub:t1:') => (await s.list<{ id: string; v: number }>(prefix)).map((i) => `${i.value.id}=${i.value.v}`);
    expect(await values()).toEqual(['1=0', '2=0']);
    behindItsBack('billing:sub:t1:1', { id: '1', v: 5 });
    expect(await values()).toEqual(['1=0', '2=0']); // kept
    await s.put('billing:sub:t2:9', { id: '9', v: 1 }); // another tenant's prefix: t1's listing stays
    expect(await values()).toEqual(['1=0', '2=0']);
    await s.put('billing:sub:t1:3', { id: '3', v: 0 });
    expect(await values()).toEqual(['1=5', '2=0', '3=0']);
    await s.put('billing:sub:t1:2', { id: '2', v: 1 });
    expect(await values()).toEqual(['1=5', '2=1', '3=0']);
    await s.delete('billing:sub:t1:3');
    expect(await values()).toEqual(['1=5', '2=1']);
    const mine = await s.list('billing:sub:t1:');
    mine.reverse(); // the caller's own array
    expect(await values()).toEqual(['1=5', '2=1']);
  });

  test('a long listing (more than 100 records) is read from the file every time', async () => {
    const s = store(true);
    for (let i = 0; i < 101; i++) await s.put(`k:${String(i).padStart(3, '0')}`, { v: 0 });
    expect((await s.list<{ v: number }>('k:'))[0]?.value.v).toBe(0);
    await new Promise((r) => setImmediate(r));
    behindItsBack('k:000', { v: 1 });
    expect((await s.list<{ v: number }>('k:'))[0]?.value.v).toBe(1);
  });

  test('without group commit (several processes write the file) nothing is kept', async () => {
    const s = store(false);
    await s.put('profile:1', { language: 'en' });
    expect((await s.get('profile:1'))?.value).toEqual({ language: 'en' });
    behindItsBack('profile:1', { language: 'sv' });
    expect((await s.get('profile:1'))?.value).toEqual({ language: 'sv' });
  });
});
