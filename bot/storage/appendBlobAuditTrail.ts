import type { AppendBlobClient, ContainerClient } from '@azure/storage-blob';
import type { AuditEntry, AuditTrail } from '../audit/auditTrail';
import { containerClient, type BlobAccess } from './blobAccess';

/**
 * The audit trail on Azure append blobs: one blob per tenant and month (`audit/<tenant>/<yyyy-mm>.jsonl`),
 * one JSON line per entry. An append blob only grows (Append Block); nothing here rewrites or deletes,
 * and every instance appends to the same blob safely. A month keeps the blob under the service's
 * 50,000-blocks-per-append-blob limit for all but extreme tenants.
 */
export class AppendBlobAuditTrail implements AuditTrail {
  private readonly container: ContainerClient;
  private readonly created = new Map<string, Promise<unknown>>();
  private ready?: Promise<unknown>;

  /** A connection string, or the account URL and a token credential (the bot's managed identity). */
  constructor(access: BlobAccess | string, containerName: string) {
    this.container = containerClient(typeof access === 'string' ? { connectionString: access } : access, containerName);
  }

  async append(entry: AuditEntry): Promise<void> {
    const blob = this.container.getAppendBlobClient(`${tenantFolder(entry.tenantId)}${entry.at.slice(0, 7)}.jsonl`);
    await this.ensureBlob(blob);
    const line = JSON.stringify(entry) + '\n';
    await blob.appendBlock(line, Buffer.byteLength(line));
  }

  async recent(tenantId: string, limit = 100): Promise<AuditEntry[]> {
    await this.ensureContainer();
    const names: string[] = [];
    for await (const b of this.container.listBlobsFlat({ prefix: tenantFolder(tenantId) })) names.push(b.name);
    const out: AuditEntry[] = [];
    // Newest month first, newest line first.
    for (const name of names.sort().reverse()) {
      const text = (await this.container.getBlobClient(name).downloadToBuffer()).toString('utf8');
      const lines = text.split('\n').filter(Boolean).reverse();
      for (const line of lines) {
        out.push(JSON.parse(line) as AuditEntry);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  private async ensureBlob(blob: AppendBlobClient): Promise<void> {
    let p = this.created.get(blob.name);
    if (!p) {
      p = this.ensureContainer().then(() => blob.createIfNotExists({ blobHTTPHeaders: { blobContentType: 'application/x-ndjson' } }));
      this.created.set(blob.name, p);
      p.catch(() => this.created.delete(blob.name));
    }
    await p;
  }

  private ensureContainer(): Promise<unknown> {
    this.ready ??= this.container.createIfNotExists().catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }
}

function tenantFolder(tenantId: string): string {
  return `audit/${encodeURIComponent(tenantId)}/`;
}
