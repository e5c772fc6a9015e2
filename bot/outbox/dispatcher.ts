import type { Logger } from '../logging/logger';
import { DeliveryError } from '../messaging/messenger';
import type { Outbox, OutboxRecord } from './outbox';

/** What a handler reports back after delivering one record. */
export type Delivery = { status: 'sent'; activityIds: string[] } | { status: 'unreachable'; reason: string };

export interface DeliveryContext {
  /** True when delivered inside the user's turn (the caller shows the result itself). */
  inline: boolean;
}

/** Delivers one kind of record; rejects with DeliveryError when the channel refuses. */
export type DeliveryHandler = (record: OutboxRecord, context: DeliveryContext) => Promise<Delivery>;
/** Runs after a record settled (e.g. refresh the admin's result card). */
export type SettledHook = (record: OutboxRecord, context: DeliveryContext) => Promise<void>;

/** Told about each delivery (telemetry: a span around it, counts of settles, retries and give-ups). */
export interface DispatcherObserver {
  delivering<T>(record: OutboxRecord, work: () => Promise<T>): Promise<T>;
  settled(record: OutboxRecord, status: string): void;
  retried(record: OutboxRecord, reason: string): void;
  gaveUp(record: OutboxRecord, reason: string): void;
}

export interface DispatcherOptions {
  /** First retry delay; doubles per attempt, with full jitter. Retry-After wins when longer. */
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
  /** How often the dispatcher looks for due records when nothing woke it. */
  pollMs: number;
  /** A 'sending' claim older than this belongs to a process that stopped: the record is retried. */
  leaseMs: number;
  random?: () => number;
  observer?: DispatcherObserver;
}

/**
 * Drains the outbox: one record at a time (Teams limits are per conversation and per app; sending
 * in sequence keeps far below them), 429 honoured with Retry-After or backoff with jitter,
 * 403/404 settled as unreachable. Started with the app; on start it resumes whatever is due.
 */
export class Dispatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;
  /** Records this process has claimed and not settled yet: released at a stop that could not wait for them. */
  private readonly claimed = new Map<string, OutboxRecord>();

  constructor(
    private readonly outbox: Outbox,
    private readonly handlers: Record<string, DeliveryHandler>,
    private readonly options: DispatcherOptions,
    private readonly log: Logger,
    private readonly now: () => Date,
    private readonly onSettled: SettledHook[] = [],
  ) {}

  start(): void {
    this.stopped = false;
    this.kick();
  }

  /**
   * Stops the loop and waits for the delivery in flight, at most until `deadline` (ms since epoch). Claims it
   * could not wait for are put back to pending, so another instance sends them at once instead of after
   * OUTBOX_LEASE_MS. Returns how many were released.
   */
  async stop(deadline = Number.POSITIVE_INFINITY): Promise<number> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running) {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, deadline - Date.now()))));
      await Promise.race([this.running, late]);
      clearTimeout(timer);
    }
    let released = 0;
    for (const record of this.claimed.values()) {
      try {
        await this.outbox.retryAt(record, this.now(), 'released at stop');
        released++;
      } catch (e) {
        this.log.error({ id: record.id, kind: record.kind, err: errInfo(e) }, 'outbox claim could not be released');
      }
    }
    this.claimed.clear();
    if (released > 0) this.log.info({ released }, 'outbox claims released for other instances');
    return released;
  }

  /** Wake up soon (something was enqueued). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Tries these records now, inside the caller's turn; throttled ones stay for the background loop. */
  async deliverNow(ids: string[]): Promise<void> {
    for (const id of ids) await this.deliverOne(id, { inline: true });
    // The background loop may have claimed one first: wait a little for it, so the caller can
    // show the outcome (bounded: Teams expects an answer to an invoke within seconds).
    const until = Date.now() + 3000;
    for (const id of ids) {
      while ((await this.outbox.get(id))?.status === 'sending' && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.running) {
        this.again = true;
        return;
      }
      this.running = this.drain().finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.schedule(0);
        }
      });
    }, Math.max(0, delayMs));
    this.timer.unref?.();
  }

  private async drain(): Promise<void> {
    try {
      for (const id of await this.outbox.dueIds()) {
        if (this.stopped) return;
        await this.deliverOne(id, { inline: false });
      }
      const next = await this.outbox.nextDue();
      const wait = next ? Math.min(this.options.pollMs, next.getTime() - this.now().getTime()) : this.options.pollMs;
      this.schedule(wait);
    } catch (e) {
      // A storage failure: logged, and the loop keeps going (the records are still in the store).
      this.log.error({ err: errInfo(e) }, 'outbox drain failed');
      this.schedule(this.options.pollMs);
    }
  }

  private async deliverOne(id: string, context: DeliveryContext): Promise<void> {
    const record = await this.outbox.claim(id, this.options.leaseMs);
    if (!record) return;
    this.claimed.set(record.id, record);
    try {
      await (this.options.observer ? this.options.observer.delivering(record, () => this.deliverClaimed(record, context)) : this.deliverClaimed(record, context));
    } finally {
      this.claimed.delete(record.id);
    }
  }

  private async deliverClaimed(record: OutboxRecord, context: DeliveryContext): Promise<void> {
    const observer = this.options.observer;
    const handler = this.handlers[record.kind];
    if (!handler) {
      this.log.error({ id: record.id, kind: record.kind }, 'no handler for outbox record');
      await this.finish(await this.outbox.settle(record, { status: 'failed', reason: 'no_handler' }), context);
      return;
    }
    try {
      const delivery = await handler(record, context);
      await this.finish(await this.outbox.settle(record, delivery), context);
      observer?.settled(record, delivery.status);
      this.log.info({ id: record.id, kind: record.kind, status: delivery.status, attempts: record.attempts }, 'outbox record settled');
    } catch (e) {
      if (e instanceof DeliveryError && (e.reason === 'blocked' || e.reason === 'not_found')) {
        await this.finish(await this.outbox.settle(record, { status: 'unreachable', reason: e.reason }), context);
        observer?.settled(record, 'unreachable');
        this.log.warn({ id: record.id, kind: record.kind, reason: e.reason }, 'recipient unreachable');
        return;
      }
      const reason = e instanceof DeliveryError ? e.reason : 'error';
      if (record.attempts >= this.options.maxAttempts) {
        await this.finish(await this.outbox.settle(record, { status: 'failed', reason }), context);
        observer?.gaveUp(record, reason);
        this.log.error({ id: record.id, kind: record.kind, attempts: record.attempts, err: errInfo(e) }, 'outbox record given up');
        return;
      }
      const delay = this.delayFor(record.attempts, e instanceof DeliveryError ? e.retryAfterSeconds : undefined);
      await this.outbox.retryAt(record, new Date(this.now().getTime() + delay), reason);
      observer?.retried(record, reason);
      this.log.warn({ id: record.id, kind: record.kind, reason, attempts: record.attempts, delayMs: delay }, 'delivery retried later');
      // Inline callers leave it to the loop, which wakes when the record is due.
      if (context.inline) this.kick();
    }
  }

  /** Exponential backoff with full jitter; a longer Retry-After from the channel wins. */
  private delayFor(attempts: number, retryAfterSeconds?: number): number {
    const random = this.options.random ?? Math.random;
    const cap = Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** Math.max(0, attempts - 1));
    const backoff = Math.round(cap / 2 + random() * (cap / 2));
    return Math.max(backoff, (retryAfterSeconds ?? 0) * 1000);
  }

  private async finish(record: OutboxRecord, context: DeliveryContext): Promise<void> {
    for (const hook of this.onSettled) {
      try {
        await hook(record, context);
      } catch (e) {
        this.log.error({ id: record.id, kind: record.kind, err: errInfo(e) }, 'outbox settled hook failed');
      }
    }
  }
}

function errInfo(e: unknown) {
  return e instanceof Error ? { name: e.name, message: e.message } : { message: String(e) };
}
