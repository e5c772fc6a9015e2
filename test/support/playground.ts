import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../bot/paths';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as import('node:net').AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * The Microsoft 365 Agents Playground (a Teams-like web client) pointed at a bot endpoint, as
 * `npm run local` starts it. `asUser` swaps the signed-in user in a copy of the repo's config.
 */
export class Playground {
  private child?: ChildProcess;
  url = '';
  private log = '';

  constructor(private readonly botEndpoint: string, private readonly asUser?: { name: string; aadObjectId: string }) {}

  async start(): Promise<this> {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'playground-'));
    let config = readFileSync(join(ROOT, '.m365agentsplayground.yml'), 'utf8');
    if (this.asUser) config = swapCurrentUser(config, this.asUser);
    const configPath = join(dir, 'playground.yml');
    writeFileSync(configPath, config);
    this.child = spawn(join(ROOT, 'node_modules', '.bin', 'agentsplayground'), ['-e', this.botEndpoint, '-c', 'msteams', '-p', String(port), '--disable-telemetry'], {
      cwd: dir,
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath, M365_AGENTS_PLAYGROUND_LOGFILE: join(dir, 'pg.log') },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d) => (this.log += String(d)));
    this.child.stderr?.on('data', (d) => (this.log += String(d)));
    this.url = `http://127.0.0.1:${port}/`;
    const until = Date.now() + 90_000;
    while (Date.now() < until) {
      try {
        if ((await fetch(this.url)).ok) return this;
      } catch {
        // not up yet
      }
      if (this.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`playground did not start:\n${this.log}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
}

/**
 * Makes another configured user the signed-in one by swapping their details with the current user's
 * (the playground requires unique ids, so the two entries trade places).
 */
export function swapCurrentUser(config: string, user: { aadObjectId: string }): string {
  const lines = config.split('\n');
  const block = (from: number, indent: string) => {
    let end = from + 1;
    while (end < lines.length && lines[end]!.startsWith(indent) && !lines[end]!.trimStart().startsWith('- ')) end++;
    return { from, end };
  };
  const cur = block(lines.indexOf('currentUser:'), '  ');
  const idLine = lines.findIndex((l) => l.trim() === `aadObjectId: ${user.aadObjectId}`);
  let start = idLine;
  while (start > 0 && !lines[start]!.trimStart().startsWith('- id:')) start--;
  const other = block(start, '    ');
  const fields = (b: { from: number; end: number }, skipFirst: boolean) =>
    lines.slice(skipFirst ? b.from + 1 : b.from, b.end).map((l) => l.replace(/^\s*-?\s*/, ''));
  const a = fields(cur, true);
  const b = fields(other, false);
  if (cur.from < 0 || idLine < 0 || a.length !== b.length) throw new Error(`cannot swap to ${user.aadObjectId}`);
  a.forEach((_, i) => {
    lines[cur.from + 1 + i] = `  ${b[i]}`;
    lines[other.from + i] = (i === 0 ? '  - ' : '    ') + a[i];
  });
  return lines.join('\n');
}
