import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTOSO, demoData, USERS } from '../../bot/demo/demoData';
import { ROOT } from '../../bot/paths';

/**
 * Starts the real Microsoft 365 Agents Playground with the committed .m365agentsplayground.yml and
 * reads its mock Teams connector: the tenant, users and "My Team" must be those of the demo data.
 * (The playground refuses to serve at all when the file breaks its config schema.)
 */
const TEAM_ID = '19:contoso-my-team-general@thread.tacv2';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForJson(url: string, child: ChildProcess, output: () => string): Promise<unknown> {
  const deadline = Date.now() + 25_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`playground exited (${child.exitCode}):\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return res.json();
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`playground did not answer ${url}:\n${output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('Agents Playground configuration', () => {
  let child: ChildProcess | undefined;
  let logDir: string;
  let base: string;
  let output = '';

  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), 'playground-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}/_connector/v3`;
    child = spawn(
      process.execPath,
      [
        join(ROOT, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js'),
        '-e', 'http://127.0.0.1:9/api/messages', // no bot needed to read the mock connector
        '-c', 'msteams',
        '-p', String(port),
        '--disable-telemetry',
      ],
      {
        cwd: logDir,
        env: {
          ...process.env,
          TEAMSAPPTESTER_BROWSER: 'none',
          M365_AGENTS_PLAYGROUND_CONFIG_PATH: join(ROOT, '.m365agentsplayground.yml'),
          M365_AGENTS_PLAYGROUND_LOGFILE: join(logDir, 'playground.log'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await waitForJson(`${base}/teams/${encodeURIComponent(TEAM_ID)}`, child, () => output);
  }, 30_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(logDir, { recursive: true, force: true });
  });

  it('puts "My Team" with General (the helpdesk channel) in the Contoso tenant', async () => {
    const team = (await (await fetch(`${base}/teams/${encodeURIComponent(TEAM_ID)}`)).json()) as Record<string, unknown>;
    expect(team).toMatchObject({ id: TEAM_ID, name: 'My Team', tenantId: CONTOSO });
    const channels = (await (await fetch(`${base}/teams/${encodeURIComponent(TEAM_ID)}/conversations`)).json()) as {
      conversations: { id: string; name?: string }[];
    };
    // General has no name in the API and the team's id as its conversation id.
    expect(channels.conversations.map((c) => c.id)).toContain(TEAM_ID);
  });

  it('has exactly the Contoso demo users, with the demo ids, Alex Wilber chatting', async () => {
    const contoso = demoData().users.filter((u) => u.tenantId === CONTOSO);
    const members = (await (await fetch(`${base}/conversations/${encodeURIComponent(TEAM_ID)}/members`)).json()) as {
      objectId: string;
      name: string;
      tenantId: string;
    }[];
    expect(members.map((m) => [m.objectId, m.name, m.tenantId]).sort()).toEqual(
      contoso.map((u) => [u.userId, u.displayName, CONTOSO]).sort(),
    );
    const personal = (await (await fetch(`${base}/conversations/${encodeURIComponent('a:contoso-personal-chat-alex')}/members`)).json()) as {
      objectId: string;
    }[];
    expect(personal.map((m) => m.objectId)).toEqual([USERS.alex]);
  });
});
