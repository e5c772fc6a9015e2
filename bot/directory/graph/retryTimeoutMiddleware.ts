import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { parseRetryAfter, retryDelayMs, sleep, type RetryPolicy } from '../../backends/retry';

export interface RetryTimeoutOptions extends RetryPolicy {
  /** Per attempt, until the whole answer is read. */
  timeoutMs: number;
  onRetry?: (info: { attempt: number; reason: string; delayMs: number }) => void;
}

/** Graph answers that say "try again shortly" (throttling, service busy). */
const TRANSIENT = new Set([429, 503, 504]);

/**
 * Graph client middleware: a timeout per attempt and bounded retries for throttling and outages.
 * Replaces the SDK's RetryHandler, which may wait up to 180 s: a chat user is waiting, so a
 * Retry-After longer than the policy's cap ends the call instead (the caller reports it).
 * Only GETs pass through here (the directory is read-only), so every retry is safe.
 */
export class RetryTimeoutMiddleware implements Middleware {
  private next?: Middleware;

  constructor(private readonly options: RetryTimeoutOptions) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    if (!this.next) throw new Error('RetryTimeoutMiddleware needs a next middleware');
    const baseOptions = context.options ?? {};
    for (let attempt = 1; ; attempt++) {
      context.options = { ...baseOptions, signal: AbortSignal.timeout(this.options.timeoutMs) };
      let reason: string;
      let retryAfterMs: number | undefined;
      try {
        await this.next.execute(context);
        const status = context.response?.status ?? 0;
        if (!TRANSIENT.has(status) || attempt >= this.options.maxAttempts) return;
        retryAfterMs = parseRetryAfter(context.response?.headers.get('retry-after'));
        if (retryAfterMs !== undefined && retryAfterMs > this.options.maxDelayMs) return; // too long to wait here
        reason = `status ${status}`;
        await context.response?.body?.cancel();
      } catch (e) {
        reason = String((e as { name?: unknown } | null)?.name ?? 'error');
        if (attempt >= this.options.maxAttempts) throw transportError(reason, e);
      }
      const delayMs = retryDelayMs(this.options, attempt, retryAfterMs);
      this.options.onRetry?.({ attempt, reason, delayMs });
      await sleep(delayMs);
    }
  }
}

/**
 * A plain Error whose name says what happened. The abort reason is a DOMException, which the Graph
 * client does not always recognise as an Error, and then drops its name.
 */
function transportError(reason: string, cause: unknown): Error {
  const timedOut = reason === 'TimeoutError' || reason === 'AbortError';
  const err = new Error(timedOut ? 'Graph request timed out' : 'Graph request failed', { cause });
  err.name = timedOut ? 'TimeoutError' : 'NetworkError';
  return err;
}
