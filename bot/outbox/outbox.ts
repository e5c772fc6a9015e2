import { ConcurrencyError, type Store } from '../storage/store';

/**
 * A durable outbox for proactive messages. Every message the bot must deliver outside a turn
 * (partner confirmations, relayed helpdesk messages, offers, card refreshes) is written here first,
 * under an id that names the business event, so enqueuing twice stores it once. The dispatcher
 * claims a record (pending → sending, guarded by its eTag), delivers it and settles it.
 */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'unreachable' | 'failed';

export interface OutboxRecord<P = unknown> {
  /** Business idempotency key, e.g. "partner.notify:<changeId>:<partnerId>". */
  id: string;
  kind: string;
  payload: P;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  /** When the current 'sending' claim was taken: an old claim belongs to a process that stopped. */
  claimedAt?: string;
  /** Why it could not be delivered (blocked, not_found, not_registered, failed…). */
  reason?: string;
  /** Ids of the activities created (the first one is the card to update later). */
  activityIds?: string[];
  createdAt: string;
  updatedAt: string;
}

const itemKey = (id: string) => `outbox:item:${id}`;
/** Index of records still to deliver: the dispatcher scans only these. */
const dueKey = (id: string) => `outbox:due:${id}`;
export const DUE_PREFIX = 'outbox:due:';

export class Outbox {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  /**
   * Stores the message unless one with this id exists (then nothing changes and false is returned).
   * The due index is written first: a crash in between leaves an index entry that points at nothing
   * or at a settled record, which the dispatcher simply drops; never a record nobody will deliver.
   */
  async enqueue<P>(id: string, kind: string, payload: P, options: { notBefore?: Date } = {}): Promise<boolean> {
    const at = this.now().toISOString();
    await this.store.put(dueKey(id), { id });
    const record: OutboxRecord<P> = {
      id,
      kind,
      payload,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: (options.notBefore ?? this.now()).toISOString(),
      createdAt: at,
      updatedAt: at,
    };
    try {
      await this.store.put(itemKey(id), record, { ifAbsent: true });
      return true;
    } catch (e) {
      if (e instanceof ConcurrencyError) return false;
      throw e;
    }
  }

  /** Re-arms a settled record so it is delivered again (used for "refresh this card" records). */
  async rearm(id: string, kind: string, payload: unknown): Promise<void> {
    if (await this.enqueue(id, kind, payload)) return;
    for (let i = 0; i < 5; i++) {
      const item = await this.store.get<OutboxRecord>(itemKey(id));
      if (!item) return void (await this.enqueue(id, kind, payload));
      if (item.value.status === 'pending') return; // already waiting: it renders the latest state when sent
      const next: OutboxRecord = { ...item.value, payload, status: 'pending', attempts: 0, reason: undefined, claimedAt: undefined, nextAttemptAt: this.now().toISOString(), updatedAt: this.now().toISOString() };
      try {
        await this.store.put(dueKey(id), { id });
        await this.store.put(itemKey(id), next, { etag: item.etag });
        return;
      } catch (e) {
        if (!(e instanceof ConcurrencyError)) throw e;
      }
    }
  }

  async get<P = unknown>(id: string): Promise<OutboxRecord<P> | undefined> {
    return (await this.store.get<OutboxRecord<P>>(itemKey(id)))?.value;
  }

  /** Ids in the due index (pending or being sent). */
  async dueIds(): Promise<string[]> {
    return (await this.store.list<{ id: string }>(DUE_PREFIX)).map((i) => i.value.id);
  }

  /**
   * pending → sending when due (or a 'sending' claim older than `leaseMs`, left by a stopped process).
   * Exactly one caller wins a record; the others get undefined.
   */
  async claim(id: string, leaseMs: number): Promise<OutboxRecord | undefined> {
    const item = await this.store.get<OutboxRecord>(itemKey(id));
    if (!item) {
      await this.store.delete(dueKey(id));
      return undefined;
    }
    const r = item.value;
    const now = this.now();
    if (r.status === 'sent' || r.status === 'unreachable' || r.status === 'failed') {
      await this.store.delete(dueKey(id));
      return undefined;
    }
    if (r.status === 'pending' && new Date(r.nextAttemptAt) > now) return undefined;
    if (r.status === 'sending' && r.claimedAt && now.getTime() - new Date(r.claimedAt).getTime() < leaseMs) return undefined;
    const claimed: OutboxRecord = { ...r, status: 'sending', claimedAt: now.toISOString(), attempts: r.attempts + 1, updatedAt: now.toISOString() };
    try {
      await this.store.put(itemKey(id), claimed, { etag: item.etag });
      return claimed;
    } catch (e) {
      if (e instanceof ConcurrencyError) return undefined;
      throw e;
    }
  }

  /** Ends a claimed record: delivered, or given up on with a reason. */
  async settle(record: OutboxRecord, outcome: { status: 'sent'; activityIds: string[] } | { status: 'unreachable' | 'failed'; reason: string }): Promise<OutboxRecord> {
    const next: OutboxRecord = { ...record, ...outcome, claimedAt: undefined, updatedAt: this.now().toISOString() };
    for (let attempt = 0; attempt < 5; attempt++) {
      const item = await this.store.get<OutboxRecord>(itemKey(record.id));
      // Re-armed (or taken over) while this send ran: that newer request stands and is sent again.
      if (item && (item.value.status !== 'sending' || item.value.claimedAt !== record.claimedAt)) return next;
      try {
        await this.store.put(itemKey(record.id), next, item ? { etag: item.etag } : { ifAbsent: true });
        break;
      } catch (e) {
        if (!(e instanceof ConcurrencyError)) throw e;
      }
    }
    await this.store.delete(dueKey(record.id));
    return next;
  }

  /** Puts a claimed record back to wait until `at` (throttled or a transient failure). */
  async retryAt(record: OutboxRecord, at: Date, reason: string): Promise<void> {
    const next: OutboxRecord = { ...record, status: 'pending', claimedAt: undefined, reason, nextAttemptAt: at.toISOString(), updatedAt: this.now().toISOString() };
    await this.store.put(itemKey(record.id), next);
  }

  /** Earliest time any due record may be tried, for the dispatcher's timer. */
  async nextDue(): Promise<Date | undefined> {
    let earliest: Date | undefined;
    for (const id of await this.dueIds()) {
      const r = await this.get(id);
      if (!r || r.status !== 'pending') continue;
      const at = new Date(r.nextAttemptAt);
      if (!earliest || at < earliest) earliest = at;
    }
    return earliest;
  }
}
