import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Activity, ResourceResponse } from 'botbuilder';
import { parseRetryAfter, retryDelayMs, sleep, type RetryPolicy } from '../backends/retry';

/** What signs a request: botbuilder's connector credentials (AppCredentials and its kin) fit. */
export interface RequestSigner {
  signRequest(webResource: { headers: { set(name: string, value: string): void } }): Promise<unknown>;
}

/** An error answer from the connector, shaped as botbuilder's RestError so that callers read it the same way. */
export class ConnectorError extends Error {
  override readonly name = 'RestError';
  constructor(
    message: string,
    readonly statusCode: number,
    readonly code: string | undefined,
    readonly response: { status: number; headers: { get(name: string): string | undefined } },
  ) {
    super(message);
  }
}

export interface ConnectorSenderOptions {
  /**
   * As botbuilder's own client: three retries after the first try, a 429 or 503 with Retry-After
   * after that delay, 408 and other 5xx (not 501 or 505) and dropped connections with backoff.
   */
  retry?: Partial<RetryPolicy>;
  /**
   * One try gives up after this long without an answer (botbuilder's client waited forever). Default 20 s:
   * four tries and their waits then end within the outbox's default lease (OUTBOX_LEASE_MS, 120 s), so
   * another instance does not take over a delivery that is still trying.
   */
  timeoutMs?: number;
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 10_000 };
/** Network failures botbuilder's client retries (its exponential strategy's "system errors"). */
const TRANSIENT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'ENOTFOUND']);
const USER_AGENT = `partner-of-record-bot (Node.js ${process.version})`;

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * The Bot Connector calls every turn makes (reply, send, update an activity) as plain HTTPS requests
 * with a JSON body, signed by the turn's connector credentials. botbuilder's ConnectorClient makes the
 * same calls through a generic Azure SDK pipeline (a serializer that walks the whole activity against
 * its schema, a dozen policies): ~330 µs of CPU per send here against ~100 µs this way, and one send in
 * three turns of a flow was a tenth of the bot's CPU (docs/benchmark.md). The other connector
 * operations (members, conversations, teams) stay on botbuilder's client.
 */
export class ConnectorSender {
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly http = new HttpAgent({ keepAlive: true });
  private readonly https = new HttpsAgent({ keepAlive: true });

  constructor(options: ConnectorSenderOptions = {}) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 20_000;
  }

  /** POST …/activities/{replyToId} (a reply) or …/activities (a new message in the conversation). */
  send(serviceUrl: string, signer: RequestSigner, activity: Partial<Activity>): Promise<ResourceResponse> {
    const conversation = encodeURIComponent(activity.conversation!.id);
    const path = activity.replyToId ? `v3/conversations/${conversation}/activities/${encodeURIComponent(activity.replyToId)}` : `v3/conversations/${conversation}/activities`;
    return this.call('POST', serviceUrl, path, signer, activity);
  }

  /** PUT …/activities/{id}: replaces a message the bot sent (a card update). */
  update(serviceUrl: string, signer: RequestSigner, activity: Partial<Activity>): Promise<ResourceResponse> {
    const path = `v3/conversations/${encodeURIComponent(activity.conversation!.id)}/activities/${encodeURIComponent(activity.id!)}`;
    return this.call('PUT', serviceUrl, path, signer, activity);
  }

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }

  private async call(method: 'POST' | 'PUT', serviceUrl: string, path: string, signer: RequestSigner, activity: Partial<Activity>): Promise<ResourceResponse> {
    const url = new URL(path, serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`);
    const body = JSON.stringify(activity);
    for (let attempt = 1; ; attempt++) {
      // Signed on every try: a token that expired while waiting is renewed by the credentials.
      const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'user-agent': USER_AGENT };
      await signer.signRequest({ headers: { set: (name, value) => (headers[name.toLowerCase()] = value) } });
      let answer: Answer;
      try {
        answer = await this.request(method, url, headers, body);
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (attempt >= this.retry.maxAttempts || !code || !TRANSIENT_CODES.has(code)) throw e;
        await sleep(retryDelayMs(this.retry, attempt));
        continue;
      }
      if (answer.status >= 200 && answer.status < 300) return parseResource(answer.body);
      const wait = this.retryWait(answer, attempt);
      if (wait === undefined) throw toError(answer);
      await sleep(wait);
    }
  }

  /** How long to wait before trying again, or undefined when the answer is final. */
  private retryWait(answer: Answer, attempt: number): number | undefined {
    if (attempt >= this.retry.maxAttempts) return undefined;
    const { status } = answer;
    if (status === 429 || status === 503) {
      const ms = headerOf(answer, 'retry-after-ms') ?? headerOf(answer, 'x-ms-retry-after-ms');
      const retryAfter = ms !== undefined && /^\d+$/.test(ms) ? Number(ms) : parseRetryAfter(headerOf(answer, 'retry-after'));
      if (retryAfter !== undefined) return retryDelayMs(this.retry, attempt, retryAfter);
    }
    if (status === 408 || (status >= 500 && status !== 501 && status !== 505)) return retryDelayMs(this.retry, attempt);
    return undefined;
  }

  private request(method: string, url: URL, headers: Record<string, string>, body: string): Promise<Answer> {
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(
        url,
        { method, agent: secure ? this.https : this.http, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, timeout: this.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer from the Bot Connector in ${this.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** A response header by any case of its name (Node keeps them lower-cased), its first value if repeated. */
function headerOf(answer: Answer, name: string): string | undefined {
  return [answer.headers[name.toLowerCase()]].flat()[0];
}

/** A 2xx means the connector took the message: an answer without a readable id still counts as sent (a throw would send it again). */
function parseResource(body: string): ResourceResponse {
  if (!body) return { id: '' };
  try {
    const parsed = JSON.parse(body) as { id?: unknown };
    return { id: typeof parsed?.id === 'string' ? parsed.id : '' };
  } catch {
    return { id: '' };
  }
}

/** The connector's `{ error: { code, message } }` answer, as botbuilder would have thrown it. */
function toError(answer: Answer): ConnectorError {
  let error: { code?: unknown; message?: unknown } | undefined;
  try {
    error = (JSON.parse(answer.body) as { error?: { code?: unknown; message?: unknown } })?.error;
  } catch {
    error = undefined;
  }
  const code = typeof error?.code === 'string' ? error.code : undefined;
  const message = typeof error?.message === 'string' ? error.message : `Bot Connector answered ${answer.status}`;
  return new ConnectorError(message, answer.status, code, { status: answer.status, headers: { get: (name) => headerOf(answer, name) } });
}
