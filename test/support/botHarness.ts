import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App } from '../../bot/app';
import { loadConfig } from '../../bot/config/config';
import { createLogger } from '../../bot/logging/logger';
import { startServer, type RunningServer } from '../../bot/server/server';
import { LocalConnector } from './localConnector';
import { botInstalled, cardAction, message, type TeamsUser } from './teamsActivities';

export interface PostResult {
  status: number;
  body: any;
}

/**
 * The real bot (restify + CloudAdapter + embedded backends on a temp SQLite file) and a local connector,
 * both on loopback. Tests talk to it over HTTP exactly as Teams does.
 */
export class BotHarness {
  readonly connector = new LocalConnector();
  app!: App;
  server!: RunningServer;
  readonly dataDir: string;

  /** Log lines the bot wrote, when started with `captureLogs` (LOG_LEVEL then defaults to debug). */
  readonly logs: string[] = [];

  constructor(
    private readonly env: Record<string, string> = {},
    dataDir?: string,
    private readonly options: { captureLogs?: boolean } = {},
  ) {
    this.dataDir = dataDir ?? mkdtempSync(join(tmpdir(), 'por-bot-'));
  }

  async start(): Promise<this> {
    await this.connector.start();
    const logLevel = this.options.captureLogs ? 'debug' : 'silent';
    const config = loadConfig({ PORT: '0', DATA_DIR: this.dataDir, LOG_LEVEL: logLevel, NODE_ENV: 'test', ...this.env });
    const log = createLogger(config.LOG_LEVEL, this.options.captureLogs ? { write: (line: string) => void this.logs.push(line) } : undefined);
    this.app = await createApp(config, log);
    this.server = await startServer(config, this.app, log);
    return this;
  }

  async stop(removeData = true): Promise<void> {
    await this.server?.close();
    await this.app?.close();
    await this.connector.stop();
    if (removeData) rmSync(this.dataDir, { recursive: true, force: true });
  }

  async post(activity: object, headers: Record<string, string> = {}): Promise<PostResult> {
    const res = await fetch(`${this.server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text ? safeJson(text) : undefined };
  }

  /** Sends a message and returns what the bot posted back to that conversation. */
  async say(user: TeamsUser, text: string): Promise<any[]> {
    const before = this.connector.received.length;
    const res = await this.post(message(user, this.connector.url, text));
    if (res.status !== 200) throw new Error(`bot answered ${res.status}: ${JSON.stringify(res.body)}`);
    return this.connector.received.slice(before).map((r) => r.body);
  }

  /** Clicks an Action.Execute button; returns the invoke response and any messages sent meanwhile. */
  async click(user: TeamsUser, verb: string, data: Record<string, unknown>): Promise<{ status: number; response: any; messages: any[] }> {
    const before = this.connector.received.length;
    const res = await this.post(cardAction(user, this.connector.url, verb, data));
    return { status: res.status, response: res.body, messages: this.connector.received.slice(before).map((r) => r.body) };
  }

  async install(user: TeamsUser): Promise<any[]> {
    const before = this.connector.received.length;
    await this.post(botInstalled(user, this.connector.url));
    return this.connector.received.slice(before).map((r) => r.body);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
