import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../bot/paths';
import { FakeChatCompletions, reading } from '../support/fakeChatCompletions';

/**
 * `npm run --silent parse` and `npm run nlu:eval -- --llm` with the language model settings, against an
 * OpenAI-compatible endpoint on loopback: anyone can score a set through their model from outside.
 */
function run(script: string, args: string[], env: Record<string, string>, input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, script), ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

let fake: FakeChatCompletions;
let dir: string;
beforeAll(async () => {
  fake = await new FakeChatCompletions().start();
  dir = mkdtempSync(join(tmpdir(), 'por-llm-cli-'));
});
afterAll(async () => {
  await fake.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.received.length = 0;
});

const modelEnv = () => ({ NLU_LLM: 'always', LLM_BASE_URL: fake.baseUrl, LLM_MODEL: 'local-model', LLM_AUTH: 'none' });

test('parse reads each line through the model as the bot would, and says what came of it', async () => {
  // The model reads everything as a question about partners.
  fake.answer = () => ({ content: JSON.stringify(reading({ intent: 'view_partners', confidence: 0.95 })) });
  const out = await run('bot/tools/parse.ts', [], modelEnv(), 'who are our partners?\nremove the partner from E3\n');
  expect(out.code).toBe(0);
  const [view, remove] = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
  expect(view).toMatchObject({ intent: 'view_partners', decision: 'act', llm: 'used' });
  // The classifier is sure of a removal, the model says otherwise: asked back, the model's reading first.
  expect(remove).toMatchObject({ decision: 'clarify', llm: 'disagreed' });
  expect(remove.choices.slice(0, 2)).toEqual(['view_partners', 'remove_partner']);
  expect(fake.received.map(FakeChatCompletions.messageOf)).toEqual(['who are our partners?', 'remove the partner from E3']);
});

test('parse without the model set up names the missing settings and exits 2', async () => {
  const out = await run('bot/tools/parse.ts', [], { NLU_LLM: 'unsure', LLM_BASE_URL: fake.baseUrl }, 'hello\n');
  expect(out.code).toBe(2);
  expect(out.stderr).toContain('LLM_MODEL');
  expect(out.stderr).toContain('LLM_API_KEY');
  expect(fake.received).toHaveLength(0);
});

test('nlu:eval --llm scores a labelled file through the model, with its tokens and latency', async () => {
  const file = join(dir, 'own.txt');
  writeFileSync(
    file,
    [
      'en | view_partners | - | - | - | - | who are our partners?',
      'en | help | - | - | - | - | what does a partner of record do',
      'en | unknown | - | - | - | - | reset my password',
      'en | add_partner | 1234567 | bp | - | - | add partner 1234567 to Business Premium',
    ].join('\n'),
  );
  const labels: Record<string, string> = { 'who are our partners?': 'view_partners', 'what does a partner of record do': 'help', 'reset my password': 'unknown', 'add partner 1234567 to Business Premium': 'add_partner' };
  fake.answer = (request) => {
    const text = FakeChatCompletions.messageOf(request);
    const intent = labels[text]!;
    return { content: JSON.stringify(reading({ intent, confidence: 0.9, ...(intent === 'add_partner' ? { newPartnerId: '1234567', subscriptions: ['Microsoft 365 Business Premium'] } : {}) })), promptTokens: 1000, completionTokens: 50 };
  };
  const out = await run('test/nlu/evalReport.ts', ['--llm', `--set=${file}`], modelEnv());
  expect(out.code).toBe(0);
  expect(out.stdout).toContain('language model: local-model at 127.0.0.1');
  expect(out.stdout).toMatch(/intent\s+100\.0% \(4\/4\)/);
  expect(out.stdout).toMatch(/messages read by the model\s+4 of 4 \(100\.0%\)/);
  expect(out.stdout).toMatch(/tokens per message read\s+1050/);
  expect(out.stdout).toMatch(/model latency\s+p50 \d+ ms, p99 \d+ ms/);
  expect(fake.received).toHaveLength(4);
}, 30_000);
