import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { LocalConnector, ReceivedActivity } from './localConnector';
import { cardAction, message, type TeamsUser } from './teamsActivities';

const ROOT = join(__dirname, '..', '..');

/**
 * The real bot as its own OS process (`node --import tsx bot/main.ts`, measured faster here than a
 * build + node dist for a handful of starts), so a test can kill -9 it. Talks to a LocalConnector the
 * test owns, which outlives restarts of the bot.
 */
export class BotProcess {
  readonly logs: any[] = [];
  url = '';
  private exit!: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    readonly child: ChildProcess,
    private readonly connector: LocalConnector,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  /**
   * `ready`: the log line that means the bot serves (with WORKERS > 1: 'all workers listening').
   * `command`: how to start it elsewhere (the deploy package: `npm start` in the unpacked directory).
   */
  static async start(
    env: Record<string, string>,
    connector: LocalConnector,
    timeoutMs = 30_000,
    ready = 'bot listening',
    command: { file: string; args: string[]; cwd: string } = { file: process.execPath, args: ['--import', 'tsx', 'bot/main.ts'], cwd: ROOT },
  ): Promise<BotProcess> {
    const child = spawn(command.file, command.args, {
      cwd: command.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', NODE_ENV: 'test', LOG_LEVEL: 'info', NODE_NO_WARNINGS: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot = new BotProcess(child, connector);
    bot.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const stderr: string[] = [];
    child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
    const listening = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bot did not start in ${timeoutMs} ms: ${stderr.join('')}`)), timeoutMs);
      createInterface({ input: child.stdout! }).on('line', (line) => {
        let entry: any;
        try {
          entry = JSON.parse(line);
        } catch {
          return;
        }
        bot.logs.push(entry);
        if (entry.msg === 'bot listening' && !bot.url) bot.url = String(entry.url).replace(/\/api\/messages$/, '');
        if (entry.msg === ready) {
          clearTimeout(timer);
          resolve();
        }
      });
      void bot.exit.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`bot exited (${code ?? signal}) before listening: ${stderr.join('')}`));
      });
    });
    await listening;
    return bot;
  }

  async post(activity: object, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(activity) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** Sends a message; returns what the bot posted back, with the ids the connector gave those activities. */
  async say(user: TeamsUser, text: string): Promise<ReceivedActivity[]> {
    const before = this.connector.received.length;
    const res = await this.post(message(user, this.connector.url, text));
    if (res.status !== 200) throw new Error(`bot answered ${res.status}`);
    return this.connector.received.slice(before);
  }

  /** Clicks an Action.Execute button on the card Teams knows as `replyToId`; returns the invoke response. */
  async click(user: TeamsUser, verb: string, data: Record<string, unknown>, replyToId: string): Promise<{ status: number; response: any }> {
    const res = await this.post(cardAction(user, this.connector.url, verb, data, replyToId));
    return { status: res.status, response: res.body };
  }

  kill(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.kill('SIGKILL');
    return this.exit;
  }

  /** Ends the process as an orchestrator would (SIGTERM: the bot closes its server and store). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exit;
    clearTimeout(timer);
  }

  exited() {
    return this.exit;
  }
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
