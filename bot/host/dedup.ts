import { createHash } from 'node:crypto';
import { ConcurrencyError, deleteWhere, type Store } from '../storage/store';

/** What the HTTP caller got for the first delivery of an activity. */
export interface FirstAnswer {
  status: number;
  body?: unknown;
}

interface DedupRecord {
  state: 'running' | 'done';
  /** ISO time the record was written. */
  at: string;
  answer?: FirstAnswer;
}

export type Claim =
  /** First delivery: run the turn, then call `finish` or `abandon`. */
  | { kind: 'run'; key: string; etag: string }
  /** A retry of a finished activity: answer with the first answer, run nothing. */
  | { kind: 'answered'; answer: FirstAnswer }
  /** A retry while the first delivery still runs (it will answer); run nothing. */
  | { kind: 'inflight' };

export interface DedupOptions {
  now: () => Date;
  /** How long a finished activity is remembered (Teams retries within seconds to minutes). */
  ttlMs?: number;
  /** A "running" record older than this belongs to a process that died: a new delivery may run. */
  staleMs?: number;
  /** A retry waits this long for the first delivery to finish before giving up. */
  waitMs?: number;
  pollMs?: number;
}

const PREFIX = 'dedup:';
/** Records read per step of a sweep. */
const SWEEP_PAGE = 500;

/**
 * Durable de-duplication of inbound activities by id, through the Store port so it works across
 * processes (SQLite file or blob storage). The eTag guard (ifAbsent) makes two concurrent deliveries
 * of the same activity run it once.
 */
export class ActivityDedup {
  private readonly ttlMs: number;
  private readonly staleMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;
  private lastSweep = 0;

  constructor(
    private readonly store: Store,
    private readonly options: DedupOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.staleMs = options.staleMs ?? 2 * 60 * 1000;
    this.waitMs = options.waitMs ?? 10_000;
    this.pollMs = options.pollMs ?? 100;
  }

  /** Store key: a hash, so hostile ids cannot make odd keys, and ids are scoped to their conversation. */
  static keyOf(channelId: string, conversationId: string, activityId: string): string {
    return PREFIX + createHash('sha256').update(`${channelId}\n${conversationId}\n${activityId}`).digest('hex');
  }

  async claim(key: string): Promise<Claim> {
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const now = this.options.now();
      try {
        const etag = await this.store.put<DedupRecord>(key, { state: 'running', at: now.toISOString() }, { ifAbsent: true });
        return { kind: 'run', key, etag };
      } catch (e) {
        if (!(e instanceof ConcurrencyError)) throw e;
      }
      const existing = await this.store.get<DedupRecord>(key);
      if (!existing) continue; // removed meanwhile (a failed first run): try to claim again
      const age = now.getTime() - Date.parse(existing.value.at);
      const expired = existing.value.state === 'done' ? age > this.ttlMs : age > this.staleMs;
      if (expired) {
        try {
          const etag = await this.store.put<DedupRecord>(key, { state: 'running', at: now.toISOString() }, { etag: existing.etag });
          return { kind: 'run', key, etag };
        } catch (e) {
          if (!(e instanceof ConcurrencyError)) throw e;
          continue; // another delivery took it over first
        }
      }
      if (existing.value.state === 'done' && existing.value.answer) return { kind: 'answered', answer: existing.value.answer };
      if (Date.now() >= deadline) return { kind: 'inflight' };
      await new Promise((r) => setTimeout(r, this.pollMs));
    }
  }

  /** Records the answer so retries get it; false when the claim was taken over meanwhile (ran too long). */
  async finish(claim: Extract<Claim, { kind: 'run' }>, answer: FirstAnswer): Promise<boolean> {
    try {
      await this.store.put<DedupRecord>(claim.key, { state: 'done', at: this.options.now().toISOString(), answer }, { etag: claim.etag });
      return true;
    } catch (e) {
      if (e instanceof ConcurrencyError) return false;
      throw e;
    }
  }

  /** The turn failed: forget it so Teams' retry runs it again. */
  async abandon(claim: Extract<Claim, { kind: 'run' }>): Promise<void> {
    await this.store.delete(claim.key, claim.etag).catch((e: unknown) => {
      if (!(e instanceof ConcurrencyError)) throw e;
    });
  }

  /**
   * Deletes expired records; runs at most every `intervalMs`, started from the turn path. There is one
   * record per turn of the last hour (hundreds of thousands on a busy bot), so it goes page by page
   * and lets the turns waiting in between run, instead of loading them all at once.
   */
  async sweep(intervalMs = 10 * 60 * 1000, pageSize = SWEEP_PAGE): Promise<number> {
    const now = this.options.now().getTime();
    if (now - this.lastSweep < intervalMs) return 0;
    this.lastSweep = now;
    return deleteWhere<DedupRecord>(this.store, PREFIX, (r) => now - Date.parse(r.at) > (r.state === 'done' ? this.ttlMs : this.staleMs), pageSize);
  }
}
