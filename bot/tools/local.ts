/**
 * `npm run local`: the bot on embedded defaults plus the Microsoft 365 Agents Playground pointed at it,
 * so a person can chat at once. Ctrl-C stops both. Production hosts run `npm start` (the bot alone).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../paths';

const BOT_PORT = process.env.PORT ?? '3978';
const PLAYGROUND_PORT = process.env.PLAYGROUND_PORT ?? '56150';
const children: ChildProcess[] = [];

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  // Own process group: Ctrl-C is forwarded once, to the whole tree of each child.
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  child.on('exit', (code, signal) => {
    console.log(`[local] ${name} stopped (${signal ?? code})`);
    if (!stopping) void stop(code ?? 1);
  });
  children.push(child);
  return child;
}

async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

let stopping = false;
async function stop(code: number): Promise<void> {
  stopping = true;
  for (const child of children) {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
  await Promise.all(children.map((c) => (c.exitCode !== null ? undefined : new Promise((r) => c.once('exit', r)))));
  process.exit(code);
}

async function main(): Promise<void> {
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // Run the bot the way this launcher runs: compiled (npm run local) or from source under tsx (tests).
  const fromSource = __filename.endsWith('.ts');
  start('bot', process.execPath, fromSource ? ['--import', 'tsx', join(ROOT, 'bot', 'main.ts')] : [join(ROOT, 'dist', 'bot', 'main.js')], { PORT: BOT_PORT });
  await waitForHealth(`http://127.0.0.1:${BOT_PORT}/healthz`, 15_000);
  start('playground', join(ROOT, 'node_modules', '.bin', 'agentsplayground'), ['-e', `http://127.0.0.1:${BOT_PORT}/api/messages`, '-c', 'msteams', '-p', PLAYGROUND_PORT, '--disable-telemetry'], {
    TEAMSAPPTESTER_BROWSER: 'none',
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: join(ROOT, '.m365agentsplayground.yml'),
  });
  await waitForHealth(`http://127.0.0.1:${PLAYGROUND_PORT}/`, 30_000);
  console.log(`\n  Chat with the bot: open http://localhost:${PLAYGROUND_PORT} (you are Alex Wilber, Global admin of Contoso).`);
  console.log('  Try "who are our partners?" or "add partner 1234567 to Business Premium". Ctrl-C stops both.\n');
}

main().catch((e: unknown) => {
  console.error('[local]', e instanceof Error ? e.message : e);
  void stop(1);
});
