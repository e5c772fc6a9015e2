import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A minimal Bot Framework connector on loopback for the bench: accepts every reply, update and
 * proactive send with `{id}`, counts them, and keeps the last activity per conversation (raw JSON,
 * parsed only when the driver asks) so a virtual user can read the card the bot just sent.
 */
export class FastConnector {
  requests = 0;
  bytes = 0;
  private readonly last = new Map<string, string>();
  private server?: Server;
  private counter = 0;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests++;
        const body = Buffer.concat(chunks);
        this.bytes += body.length;
        const m = /^\/v3\/conversations\/([^/]+)/.exec(req.url ?? '');
        if (m && body.length) this.last.set(decodeURIComponent(m[1]!), body.toString('utf8'));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(`{"id":"activity-${++this.counter}"}`);
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** The last activity the bot posted to this conversation, parsed; undefined if none. */
  lastActivity(conversationId: string): any {
    const raw = this.last.get(conversationId);
    return raw === undefined ? undefined : JSON.parse(raw);
  }

  lastRaw(conversationId: string): string | undefined {
    return this.last.get(conversationId);
  }

  forget(conversationId: string): void {
    this.last.delete(conversationId);
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
