import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../bot/paths';
import { freePort } from '../support/playground';

/** `npm run local`: the bot and the Agents Playground start together, and Ctrl-C stops both. */
jest.setTimeout(120_000);

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

async function until(what: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('starts the bot and the playground, prints where to chat, and Ctrl-C stops both', async () => {
  const [botPort, playgroundPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'local-run-'));
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bot', 'tools', 'local.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(botPort), PLAYGROUND_PORT: String(playgroundPort), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += String(d)));
  child.stderr.on('data', (d) => (output += String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    await until(async () => output.includes(`http://localhost:${playgroundPort}`), 90_000);
    expect(await answers(`http://127.0.0.1:${botPort}/healthz`)).toBe(true);
    expect(await answers(`http://127.0.0.1:${playgroundPort}/`)).toBe(true);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    // Both children are gone: neither port answers any more.
    await until(async () => !(await answers(`http://127.0.0.1:${botPort}/healthz`)) && !(await answers(`http://127.0.0.1:${playgroundPort}/`)), 10_000);
    expect(output).toContain('bot stopped');
    expect(output).toContain('playground stopped');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
