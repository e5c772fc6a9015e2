import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedActivity {
  method: string;
  path: string;
  conversationId: string;
  activityId?: string;
  body: any;
  /** The id this connector gave a new activity (what Teams would put in a later invoke's replyToId). */
  createdId?: string;
  /** When it arrived (Date.now()), to check the order of an update and an invoke's answer. */
  at: number;
  /** The Authorization header the bot sent (its Bot Connector token). */
  authorization?: string;
}

/**
 * A Bot Framework connector on loopback: receives what the bot sends (replies, updates, proactive
 * messages) exactly as Teams' connector would, so tests assert on the real outbound HTTP.
 */
export class LocalConnector {
  readonly received: ReceivedActivity[] = [];
  /** The id answered for each received body (so tests can click or update a posted card). */
  private readonly ids = new WeakMap<object, string>();
  private server?: Server;
  private counter = 0;
  /**
   * When set, a request whose Authorization header this refuses gets 401, as the Bot Connector answers a
   * bot without a valid token; refused requests are counted, not received.
   */
  requireAuthorization?: (authorization: string | undefined) => boolean;
  readonly unauthorized: { path: string; authorization?: string }[] = [];
  /** Answers to force on the next requests (e.g. 429), consumed in order. */
  readonly faults: { status: number; headers?: Record<string, string>; body?: unknown; /** Only requests whose path contains this. */ match?: string }[] = [];
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Activities sent to a conversation (new messages and replies, not updates). */
  messagesTo(conversationId: string): any[] {
    return this.received.filter((r) => r.conversationId === conversationId && r.method === 'POST').map((r) => r.body);
  }

  idFor(body: object): string {
    const id = this.ids.get(body);
    if (!id) throw new Error('No id was answered for that activity');
    return id;
  }

  clear(): void {
    this.received.length = 0;
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (this.requireAuthorization && !this.requireAuthorization(req.headers.authorization)) {
      this.unauthorized.push({ path: req.url ?? '', authorization: req.headers.authorization });
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'Unauthorized', message: 'Authorization has been denied for this request.' } }));
      return;
    }
    const index = this.faults.findIndex((f) => !f.match || decodeURIComponent(req.url ?? '').includes(f.match));
    const fault = index >= 0 ? this.faults.splice(index, 1)[0] : undefined;
    if (fault) {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(JSON.stringify(fault.body ?? { error: { code: 'Fault', message: 'injected' } }));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    const m = url.pathname.match(/^\/v3\/conversations\/([^/]+)(?:\/activities(?:\/([^/]+))?)?/);
    const conversationId = m ? decodeURIComponent(m[1]!) : '';
    const body = text ? JSON.parse(text) : undefined;
    const received: ReceivedActivity = { method: req.method ?? 'GET', path: url.pathname, conversationId, activityId: m?.[2] ? decodeURIComponent(m[2]) : undefined, body, at: Date.now(), authorization: req.headers.authorization };
    this.received.push(received);
    res.writeHead(200, { 'content-type': 'application/json' });
    if (url.pathname === '/v3/conversations' && req.method === 'POST') {
      res.end(JSON.stringify({ id: `created-${++this.counter}`, serviceUrl: this.url }));
    } else {
      received.createdId = `activity-${++this.counter}`;
      if (body && typeof body === 'object') this.ids.set(body, received.createdId);
      res.end(JSON.stringify({ id: received.createdId }));
    }
  }
}
