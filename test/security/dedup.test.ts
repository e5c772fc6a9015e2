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

/** Claims as records (processes sharing the store) and held in memory (a process alone on its store): same answers. */
describe.each([
  ['claims as records', false],
  ['claims in memory', true],
])('%s', (_mode, claimsInMemory) => {
  const inMode = (opts = {}) => dedup({ claimsInMemory, ...opts });

  test('the first delivery runs; a retry after it finished gets the recorded answer', async () => {
    const d = inMode();
    const first = await d.claim(key);
    expect(first.kind).toBe('run');
    await d.finish(first as any, { status: 200, body: { card: 1 } });
    expect(await d.claim(key)).toEqual({ kind: 'answered', answer: { status: 200, body: { card: 1 } } });
  });

  test('of many concurrent deliveries exactly one runs; the others wait, then get its answer', async () => {
    const d = inMode({ waitMs: 2000 });
    const claims = Array.from({ length: 10 }, () => d.claim(key));
    const first = await Promise.race(claims);
    expect(first.kind).toBe('run');
    await d.finish(first as any, { status: 200, body: 'once' });
    const all = await Promise.all(claims);
    expect(all.filter((c) => c.kind === 'run')).toHaveLength(1);
    expect(all.filter((c) => c.kind === 'answered' && (c.answer.body as string) === 'once')).toHaveLength(9);
  });

  test('a retry still running when the wait ends is told so (the first delivery answers)', async () => {
    const d = inMode({ waitMs: 100 });
    expect((await d.claim(key)).kind).toBe('run');
    expect(await d.claim(key)).toEqual({ kind: 'inflight' });
  });

  test('a retry waiting on a running delivery gets its answer as soon as it is recorded', async () => {
    const d = inMode({ waitMs: 2000 });
    const first = await d.claim(key);
    const retry = d.claim(key);
    setTimeout(() => void d.finish(first as any, { status: 200, body: 'ok' }), 50);
    expect(await retry).toEqual({ kind: 'answered', answer: { status: 200, body: 'ok' } });
  });

  test('a failed turn is forgotten so the retry runs it, also a retry already waiting', async () => {
    const d = inMode({ waitMs: 2000 });
    await d.abandon((await d.claim(key)) as any);
    const again = await d.claim(key);
    expect(again.kind).toBe('run');
    const waiting = d.claim(key);
    setTimeout(() => void d.abandon(again as any), 50);
    expect((await waiting).kind).toBe('run');
  });

  test('an answer older than the TTL no longer answers: the delivery runs again', async () => {
    const d = inMode({ ttlMs: 60_000 });
    await d.finish((await d.claim(key)) as any, { status: 200, body: 'old' });
    advance(61_000);
    const again = await d.claim(key);
    expect(again.kind).toBe('run');
    await d.finish(again as any, { status: 200, body: 'new' });
    expect(await d.claim(key)).toEqual({ kind: 'answered', answer: { status: 200, body: 'new' } });
  });
});

test('claims as records: of many concurrent deliveries exactly one runs, across two instances sharing the store', async () => {
  const [a, b] = [dedup(), dedup()];
  const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claim(key)));
  expect(claims.filter((c) => c.kind === 'run')).toHaveLength(1);
  expect(claims.filter((c) => c.kind === 'inflight')).toHaveLength(9);
});

test('claims as records: a running record left by a dead process is taken over after the stale time', async () => {
  const d = dedup({ staleMs: 60_000 });
  await d.claim(key);
  expect((await d.claim(key)).kind).toBe('inflight');
  advance(61_000);
  const taken = await d.claim(key);
  expect(taken.kind).toBe('run');
});

test('claims in memory: nothing is written until the answer, and a running record left by a dead process does not hold the retry', async () => {
  // The process that wrote this record (claims as records) died mid-turn; a process alone on the store runs the retry at once.
  await dedup().claim(key);
  const d = dedup({ claimsInMemory: true, staleMs: 60_000 });
  const claim = await d.claim(key);
  expect(claim.kind).toBe('run');
  expect((await store.get<{ state: string }>(key))?.value.state).toBe('running');
  const other = ActivityDedup.keyOf('msteams', 'a:conv', 'act-2');
  const fresh = await d.claim(other);
  expect(await store.get(other)).toBeUndefined();
  await d.finish(fresh as any, { status: 200 });
  await d.finish(claim as any, { status: 200, body: 'rerun' });
  expect((await store.get<{ state: string }>(other))?.value.state).toBe('done');
  expect(await dedup({ claimsInMemory: true }).claim(key)).toEqual({ kind: 'answered', answer: { status: 200, body: 'rerun' } });
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
