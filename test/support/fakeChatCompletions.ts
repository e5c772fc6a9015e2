import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake model answers to one request: a status, headers, a body (JSON or raw text), after a delay. */
export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** The assistant message's content (JSON text, or anything a broken model says). */
  content?: string;
  /** The whole response body instead (a malformed response). */
  rawBody?: string;
  delayMs?: number;
  promptTokens?: number;
  completionTokens?: number;
}

export interface ReceivedChat {
  headers: IncomingMessage['headers'];
  body: {
    model: string;
    messages: { role: string; content: string }[];
    response_format?: { type: string; json_schema?: { name: string; strict: boolean; schema: Record<string, unknown> } };
    temperature?: number;
  };
  raw: string;
}

/**
 * An OpenAI-compatible chat-completions endpoint on loopback (POST /v1/chat/completions), answering as a
 * test scripts it: the request's last user message decides the answer. It checks what a real endpoint
 * checks first: the bearer token, JSON, a model, messages.
 */
export class FakeChatCompletions {
  readonly received: ReceivedChat[] = [];
  /** The answer to a request; the default says "unknown" with low confidence. */
  answer: (request: ReceivedChat) => ScriptedAnswer = () => ({ content: JSON.stringify(reading({ intent: 'unknown', confidence: 0.2 })) });
  /** The Authorization header value the endpoint accepts; undefined accepts any (a local server). */
  acceptAuthorization: ((value: string | undefined) => boolean) | undefined;
  private server?: Server;
  private readonly sockets = new Set<import('node:net').Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  get baseUrl(): string {
    const port = (this.server!.address() as AddressInfo).port;
    return `http://127.0.0.1:${port}/v1`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The message text the bot sent (the user message's last quoted block). */
  static messageOf(request: ReceivedChat): string {
    const user = request.body.messages.filter((m) => m.role === 'user').pop()?.content ?? '';
    return /"""\n([\s\S]*)\n"""/.exec(user)?.[1] ?? '';
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return send(res, 404, { error: { message: 'not found' } });
    if (this.acceptAuthorization && !this.acceptAuthorization(req.headers.authorization)) return send(res, 401, { error: { code: 'invalid_api_key', message: 'Incorrect API key provided' } });
    let body: ReceivedChat['body'];
    try {
      body = JSON.parse(raw);
    } catch {
      return send(res, 400, { error: { message: 'invalid JSON' } });
    }
    if (!body.model || !Array.isArray(body.messages)) return send(res, 400, { error: { message: 'model and messages are required' } });
    const request: ReceivedChat = { headers: req.headers, body, raw };
    this.received.push(request);
    const a = this.answer(request);
    if (a.delayMs) {
      // Cleared at stop: a test's slow answer must not outlive it.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, a.delayMs);
        this.timers.add(timer);
      });
    }
    if (res.destroyed) return;
    res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers });
    if (a.rawBody !== undefined) return void res.end(a.rawBody);
    if ((a.status ?? 200) !== 200) return void res.end(JSON.stringify({ error: { code: String(a.status), message: 'scripted failure' } }));
    res.end(
      JSON.stringify({
        id: `chatcmpl-${this.received.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: a.content ?? '', refusal: null }, finish_reason: 'stop' }],
        usage: { prompt_tokens: a.promptTokens ?? 900, completion_tokens: a.completionTokens ?? 40, total_tokens: (a.promptTokens ?? 900) + (a.completionTokens ?? 40) },
      }),
    );
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A complete answer in the bot's schema, with defaults for what a test does not care about. */
export function reading(fields: Partial<{ intent: string; confidence: number; partners: { name: string; role: string }[]; newPartnerId: string | null; subscriptions: string[]; replyLanguage: string | null }>) {
  return { intent: 'unknown', confidence: 0.9, partners: [], newPartnerId: null, subscriptions: [], replyLanguage: null, ...fields };
}
