import { RestError, type ContainerClient } from '@azure/storage-blob';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { randomUUID } from 'node:crypto';
import { containerClient, containerUrl, type BlobAccess } from '../storage/blobAccess';
import { ConcurrencyError, type Page, type PutOptions, type Store, type StoredItem } from '../storage/store';

/**
 * The domain Store on Azure Blob Storage through botbuilder's BlobsStorage, shared by every bot instance.
 * It lives in the host layer because it depends on botbuilder (the domain never does): a move to the
 * Agents SDK swaps this file for one on its own blob storage.
 *
 * BlobsStorage covers read, eTag-guarded write (a stale eTag is refused with 412) and delete. It lacks
 * what the port needs besides, so the same container is used directly for those, with the same blob names:
 * - write-if-absent (If-None-Match: *), which BlobsStorage cannot express (an empty eTag means "overwrite");
 * - listing by prefix (not in botbuilder's Storage interface);
 * - delete-if-unchanged;
 * - the new eTag: BlobsStorage.write returns nothing, so the record carries a write token and is read
 *   back; if someone else wrote in between, the eTag returned is one that can never match (correct: the
 *   caller's view is already stale).
 */
export class BlobStore implements Store {
  private readonly storage: BlobsStorage;
  private readonly container: ContainerClient;
  private ready?: Promise<unknown>;

  /** A connection string, or the account URL and a token credential (the bot's managed identity). */
  constructor(access: BlobAccess | string, containerName: string) {
    const reach: BlobAccess = typeof access === 'string' ? { connectionString: access } : access;
    this.storage =
      'connectionString' in reach
        ? new BlobsStorage(reach.connectionString, containerName)
        : new BlobsStorage('', containerName, undefined, containerUrl(reach.accountUrl, containerName), reach.credential);
    this.container = containerClient(reach, containerName);
  }

  async get<T>(key: string): Promise<StoredItem<T> | undefined> {
    const item = (await this.storage.read([key]))[key] as (Envelope & { eTag: string }) | undefined;
    return item ? { key, value: unwrap<T>(item), etag: item.eTag } : undefined;
  }

  async put<T>(key: string, value: T, options: PutOptions = {}): Promise<string> {
    const token = randomUUID();
    const envelope = wrap(value, token);
    if (options.ifAbsent) {
      await this.ensureContainer();
      const json = JSON.stringify(envelope);
      try {
        const res = await this.container.getBlockBlobClient(blobName(key)).upload(json, Buffer.byteLength(json), {
          conditions: { ifNoneMatch: '*' },
          blobHTTPHeaders: { blobContentType: 'application/json' },
        });
        return res.etag ?? '';
      } catch (e) {
        if (statusOf(e) === 409 || statusOf(e) === 412) throw new ConcurrencyError(key);
        throw e;
      }
    }
    const eTag = options.etag !== undefined && options.etag !== '*' ? options.etag : '*';
    try {
      await this.storage.write({ [key]: { ...envelope, eTag } });
    } catch (e) {
      // BlobsStorage turns 412 into a plain Error naming the eTag conflict; If-Match on a missing blob is 404.
      if (/eTag conflict/.test((e as Error)?.message ?? '') || statusOf(e) === 404) throw new ConcurrencyError(key);
      throw e;
    }
    const after = (await this.storage.read([key]))[key] as (Envelope & { eTag: string }) | undefined;
    return after?.w === token ? after.eTag : `superseded-${token}`;
  }

  async delete(key: string, etag?: string): Promise<void> {
    if (etag === undefined) {
      await this.storage.delete([key]);
      return;
    }
    await this.ensureContainer();
    try {
      await this.container.deleteBlob(blobName(key), { conditions: { ifMatch: etag } });
    } catch (e) {
      if (statusOf(e) === 412 || statusOf(e) === 404) throw new ConcurrencyError(key);
      throw e;
    }
  }

  async list<T>(prefix: string): Promise<StoredItem<T>[]> {
    await this.ensureContainer();
    const keys: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: blobName(prefix) })) keys.push(decodeURIComponent(blob.name));
    if (keys.length === 0) return [];
    const items = await this.storage.read(keys);
    // A record deleted between listing and reading is simply not there.
    return keys
      .filter((k) => items[k])
      .sort()
      .map((k) => {
        const item = items[k] as Envelope & { eTag: string };
        return { key: k, value: unwrap<T>(item), etag: item.eTag };
      });
  }

  async listPage<T>(prefix: string, limit: number, cursor?: string): Promise<Page<T>> {
    await this.ensureContainer();
    const page = (await this.container.listBlobsFlat({ prefix: blobName(prefix) }).byPage({ maxPageSize: limit, continuationToken: cursor }).next()).value as
      | { segment: { blobItems: { name: string }[] }; continuationToken?: string }
      | undefined;
    const keys = (page?.segment.blobItems ?? []).map((b) => decodeURIComponent(b.name));
    const items = keys.length ? await this.storage.read(keys) : {};
    const next = page?.continuationToken || undefined;
    return {
      // A record deleted between listing and reading is simply not there.
      items: keys.filter((k) => items[k]).map((k) => ({ key: k, value: unwrap<T>(items[k] as Envelope), etag: (items[k] as { eTag: string }).eTag })),
      ...(next ? { next } : {}),
    };
  }

  async close(): Promise<void> {
    /* HTTP clients hold no open handles between calls */
  }

  private ensureContainer(): Promise<unknown> {
    this.ready ??= this.container.createIfNotExists().catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }
}

/**
 * What is stored: the value as ASCII-only JSON text plus the write token. BlobsStorage passes the string's
 * length (UTF-16 units) as the upload's content length, which is not the byte count for non-ASCII text
 * (names like "Fabrikam Sverige Ö"); Azurite accepted it in a probe, but escaping every character above
 * U+007F keeps the two equal whatever the HTTP layer or the real service does.
 */
interface Envelope {
  j: string;
  w: string;
}

function wrap(value: unknown, token: string): Envelope {
  return { j: JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), w: token };
}

function unwrap<T>(item: Envelope): T {
  return JSON.parse(item.j) as T;
}

/** The blob name BlobsStorage gives a key (sanitizeBlobKey: URI-encoded, at most 1024 characters). */
export function blobName(key: string): string {
  const collapsed = key.split('/').filter(Boolean).join('/');
  return encodeURIComponent(collapsed).slice(0, 1024);
}

function statusOf(e: unknown): number | undefined {
  return e instanceof RestError ? e.statusCode : (e as { statusCode?: number } | null)?.statusCode;
}
