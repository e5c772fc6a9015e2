import { ContainerClient } from '@azure/storage-blob';
import { BlobStore, blobName } from '../../bot/host/blobStore';
import { AppendBlobAuditTrail } from '../../bot/storage/appendBlobAuditTrail';
import { ConcurrencyError, updateRecord } from '../../bot/storage/store';
import { startAzurite, type RunningAzurite } from '../support/azurite';

let azurite: RunningAzurite;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

let n = 0;
const container = () => `store-test-${++n}`;

describe('BlobStore (domain Store on botbuilder BlobsStorage, against Azurite)', () => {
  test('get / put / eTag guard / ifAbsent / delete, non-ASCII intact', async () => {
    const store = new BlobStore(azurite.connectionString, container());
    expect(await store.get('draft:a')).toBeUndefined();
    const e1 = await store.put('draft:a', { name: 'Fabrikam Sverige Ö – Zürich', n: 1 }, { ifAbsent: true });
    await expect(store.put('draft:a', { n: 9 }, { ifAbsent: true })).rejects.toBeInstanceOf(ConcurrencyError);
    const read = await store.get<{ name: string; n: number }>('draft:a');
    expect(read).toEqual({ key: 'draft:a', value: { name: 'Fabrikam Sverige Ö – Zürich', n: 1 }, etag: e1 });

    const e2 = await store.put('draft:a', { n: 2 }, { etag: e1 });
    expect(e2).not.toBe(e1);
    await expect(store.put('draft:a', { n: 3 }, { etag: e1 })).rejects.toBeInstanceOf(ConcurrencyError); // stale
    expect((await store.get('draft:a'))?.value).toEqual({ n: 2 });
    await expect(store.put('draft:missing', { n: 1 }, { etag: e2 })).rejects.toBeInstanceOf(ConcurrencyError);

    await expect(store.delete('draft:a', e1)).rejects.toBeInstanceOf(ConcurrencyError);
    await store.delete('draft:a', e2);
    expect(await store.get('draft:a')).toBeUndefined();
    await store.put('plain', 'a string value');
    expect((await store.get('plain'))?.value).toBe('a string value');
  });

  test('list by prefix returns exactly the keys under it, with working eTags; names are what BlobsStorage uses', async () => {
    const name = container();
    const store = new BlobStore(azurite.connectionString, name);
    for (const k of ['draft:1', 'draft:2', 'draftx:3', 'inflight:1', 'address:user:t:u']) await store.put(k, { k });
    const drafts = await store.list<{ k: string }>('draft:');
    expect(drafts.map((d) => d.key)).toEqual(['draft:1', 'draft:2']);
    await store.put('draft:1', { k: 'new' }, { etag: drafts[0]!.etag });
    const names: string[] = [];
    for await (const b of new ContainerClient(azurite.connectionString, name).listBlobsFlat()) names.push(b.name);
    expect(names.sort()).toEqual(['address:user:t:u', 'draft:1', 'draft:2', 'draftx:3', 'inflight:1'].map(blobName).sort());
  });

  test('listPage walks a prefix page by page: every record once, nothing from next to it', async () => {
    const store = new BlobStore(azurite.connectionString, container());
    const keys = Array.from({ length: 23 }, (_, i) => `dedup:${String(i).padStart(3, '0')}`);
    for (const k of [...keys, 'dedupx:1', 'draft:1']) await store.put(k, { k });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listPage<{ k: string }>('dedup:', 10, cursor);
      expect(page.items.length).toBeLessThanOrEqual(10);
      for (const item of page.items) expect(item.value.k).toBe(item.key);
      seen.push(...page.items.map((i) => i.key));
      cursor = page.next;
      pages++;
    } while (cursor);
    expect(seen.sort()).toEqual(keys);
    expect(pages).toBe(3);
  });

  test('racing read-modify-writes from two store instances lose no update', async () => {
    const name = container();
    const a = new BlobStore(azurite.connectionString, name);
    const b = new BlobStore(azurite.connectionString, name);
    await a.put('counter', { n: 0 });
    const bump = (s: BlobStore) => updateRecord<{ n: number }>(s, 'counter', (c) => ({ n: (c?.n ?? 0) + 1 }), 50);
    await Promise.all(Array.from({ length: 10 }, (_, i) => bump(i % 2 ? a : b)));
    expect((await a.get<{ n: number }>('counter'))?.value.n).toBe(10);
  });
});

describe('AppendBlobAuditTrail', () => {
  test('appends per tenant, newest first, and the blob is an append blob', async () => {
    const name = container();
    const audit = new AppendBlobAuditTrail(azurite.connectionString, name);
    const entry = (i: number, tenantId = 'tenant-a') => ({ at: `2026-0${1 + (i % 2)}-0${1 + i}T00:00:00.000Z`, tenantId, actorId: 'u', actorName: 'Åsa', action: 'set_partner' as const, outcome: 'applied' as const, changeId: String(i) });
    for (const i of [0, 1, 2, 3]) await audit.append(entry(i));
    await audit.append(entry(4, 'tenant-b'));
    expect((await audit.recent('tenant-a')).map((e) => e.changeId)).toEqual(['3', '1', '2', '0']); // newest month first
    expect((await audit.recent('tenant-a', 2)).map((e) => e.changeId)).toEqual(['3', '1']);
    expect((await audit.recent('tenant-b')).map((e) => e.actorName)).toEqual(['Åsa']);
    const client = new ContainerClient(azurite.connectionString, name);
    for await (const b of client.listBlobsFlat()) expect(b.properties.blobType).toBe('AppendBlob');
  });
});
