import { ActivityDedup } from '../../bot/host/dedup';
import { SqliteStore } from '../../bot/storage/sqliteStore';

let store: SqliteStore;
let clock: Date;
beforeEach(() => {
  store = new SqliteStore(':memory:');
  clock = new Date('2026-03-01T10:00:00Z');
});
afterEach(() => store.close());

const dedup = (opts = {}) => new ActivityDedup(store, { now: () => clock, waitMs: 200, pollMs: 10, ...opts });
const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
const key = ActivityDedup.keyOf('msteams', 'a:conv', 'act-1');

test('the first delivery runs; a retry after it finished gets the recorded answer', async () => {
  const d = dedup();
  const first = await d.claim(key);
  expect(first.kind).toBe('run');
  await d.finish(first as any, { status: 200, body: { card: 1 } });
  expect(await d.claim(key)).toEqual({ kind: 'answered', answer: { status: 200, body: { card: 1 } } });
});

test('of many concurrent deliveries exactly one runs, across two instances sharing the store', async () => {
  const [a, b] = [dedup(), dedup()];
  const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claim(key)));
  expect(claims.filter((c) => c.kind === 'run')).toHaveLength(1);
  expect(claims.filter((c) => c.kind === 'inflight')).toHaveLength(9);
});

test('a retry waiting on a running delivery gets its answer as soon as it is recorded', async () => {
  const d = dedup({ waitMs: 2000 });
  const first = await d.claim(key);
  const retry = d.claim(key);
  setTimeout(() => void d.finish(first as any, { status: 200, body: 'ok' }), 50);
  expect(await retry).toEqual({ kind: 'answered', answer: { status: 200, body: 'ok' } });
});

test('a failed turn is forgotten so the retry runs it', async () => {
  const d = dedup();
  await d.abandon((await d.claim(key)) as any);
  expect((await d.claim(key)).kind).toBe('run');
});

test('a retry still running when the wait ends is told so (the first delivery answers)', async () => {
  const d = dedup({ waitMs: 100 });
  expect((await d.claim(key)).kind).toBe('run');
  expect(await d.claim(key)).toEqual({ kind: 'inflight' });
});

test('a retry already waiting when the first delivery fails runs it', async () => {
  const d = dedup({ waitMs: 2000 });
  const first = await d.claim(key);
  const waiting = d.claim(key);
  setTimeout(() => void d.abandon(first as any), 50);
  expect((await waiting).kind).toBe('run');
});

test('an answer older than the TTL no longer answers: the delivery runs again and its new answer is kept', async () => {
  const d = dedup({ ttlMs: 60_000 });
  await d.finish((await d.claim(key)) as any, { status: 200, body: 'old' });
  advance(61_000);
  const again = await d.claim(key);
  expect(again.kind).toBe('run');
  await d.finish(again as any, { status: 200, body: 'new' });
  expect(await d.claim(key)).toEqual({ kind: 'answered', answer: { status: 200, body: 'new' } });
});

test('a running record left by a dead process is taken over after the stale time', async () => {
  const d = dedup({ staleMs: 60_000 });
  await d.claim(key);
  expect((await d.claim(key)).kind).toBe('inflight');
  advance(61_000);
  const taken = await d.claim(key);
  expect(taken.kind).toBe('run');
});

test('answers expire after the TTL and the sweep deletes expired records only', async () => {
  const d = dedup({ ttlMs: 3_600_000 });
  const old = await d.claim(key);
  await d.finish(old as any, { status: 200 });
  advance(3_000_000);
  const recent = await d.claim(ActivityDedup.keyOf('msteams', 'a:conv', 'act-2'));
  await d.finish(recent as any, { status: 200 });
  advance(700_000);
  expect(await d.sweep(0)).toBe(1);
  expect((await store.list('dedup:')).length).toBe(1);
  expect((await d.claim(key)).kind).toBe('run');
});

test('the sweep goes page by page: thousands of records, only the expired ones deleted, turns served in between', async () => {
  const d = dedup({ ttlMs: 3_600_000 });
  for (let i = 0; i < 1200; i++) {
    const c = await d.claim(ActivityDedup.keyOf('msteams', 'a:conv', `old-${i}`));
    await d.finish(c as any, { status: 200 });
  }
  advance(3_700_000);
  for (let i = 0; i < 300; i++) {
    const c = await d.claim(ActivityDedup.keyOf('msteams', 'a:conv', `new-${i}`));
    await d.finish(c as any, { status: 200 });
  }
  // Something else on the event loop gets its turn while the sweep works through the pages.
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  const removed = await d.sweep(0, 100);
  clearInterval(timer);
  expect(removed).toBe(1200);
  expect((await store.list('dedup:')).length).toBe(300);
  expect(ticks).toBeGreaterThan(3);
  // The sqlite store's pages: every record once, in key order, nothing outside the prefix.
  await store.put('dedupx:1', {});
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listPage('dedup:', 64, cursor);
    keys.push(...page.items.map((i) => i.key));
    cursor = page.next;
  } while (cursor);
  expect(keys).toEqual((await store.list('dedup:')).map((i) => i.key));
  expect(new Set(keys).size).toBe(300);
});
