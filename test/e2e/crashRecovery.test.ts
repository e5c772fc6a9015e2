import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTOSO, SUBS } from '../../bot/demo/demoData';
import type { ChangeDraft } from '../../bot/flows/draft';
import { SqliteStore } from '../../bot/storage/sqliteStore';
import { serveEmbeddedBilling, type ServedBilling } from '../support/billingHttpHarness';
import { BotProcess, waitFor } from '../support/botProcess';
import { actionByVerb, cardOf, cardText } from '../support/cards';
import { alex } from '../support/demoUsers';
import { LocalConnector } from '../support/localConnector';

/**
 * kill -9 of the real bot process between the billing call and the reply. The billing service runs over
 * HTTP in this test process; when the change request arrives it applies it and, just before answering,
 * kills the bot. No hook in the bot itself.
 */
let connector: LocalConnector;
let billing: ServedBilling;
let dataDir: string;
let killOnChange: number | undefined;
const running: BotProcess[] = [];

beforeAll(async () => {
  connector = await new LocalConnector().start();
  billing = await serveEmbeddedBilling({}, (real) => (req, res) => {
    const pid = killOnChange;
    if (pid !== undefined && req.method === 'PUT' && req.url?.endsWith('/partner-of-record')) {
      killOnChange = undefined;
      const end = res.end.bind(res) as (...a: unknown[]) => typeof res;
      // The change is applied (the real handler ran); the bot dies before it can read the answer.
      res.end = ((...args: unknown[]) => {
        process.kill(pid, 'SIGKILL');
        return end(...args);
      }) as typeof res.end;
    }
    real(req, res);
  });
  dataDir = mkdtempSync(join(tmpdir(), 'por-crash-'));
});

afterAll(async () => {
  for (const bot of running) await bot.stop();
  await billing.close();
  await connector.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function startBot(): Promise<BotProcess> {
  const bot = await BotProcess.start(
    {
      DATA_DIR: dataDir,
      BILLING_BACKEND: 'http',
      BILLING_BASE_URL: billing.baseUrl,
      // Short so the restarted bot may take the dead one's change over quickly (default 60 s).
      APPLY_LEASE_MS: '1000',
      RECOVERY_INTERVAL_MS: '250',
    },
    connector,
  );
  running.push(bot);
  return bot;
}

async function readStore<T>(read: (store: SqliteStore) => Promise<T>): Promise<T> {
  const store = new SqliteStore(join(dataDir, 'bot.sqlite'));
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

test('a change cut off by kill -9 after the billing call is finished after restart, reported on its card, applied once', async () => {
  const first = await startBot();
  const before = await billing.embedded.getSubscription(CONTOSO, SUBS.e3);
  const replies = await first.say(alex, 'change partner on E3 to 1234567');
  const confirmActivity = replies.find((r) => cardOf(r.body) && cardText(cardOf(r.body)).includes('Confirm'))!;
  const confirm = actionByVerb(cardOf(confirmActivity.body), 'draft.confirm');

  killOnChange = first.pid;
  await expect(first.click(alex, 'draft.confirm', confirm.data, confirmActivity.createdId!)).rejects.toThrow();
  expect((await first.exited()).signal).toBe('SIGKILL');

  // The crash window really was hit: billing changed, the bot's record of the change did not finish.
  const afterCrash = await billing.embedded.getSubscription(CONTOSO, SUBS.e3);
  expect(afterCrash.version).toBe(before.version + 1);
  expect(afterCrash.partnerOfRecord?.partnerId).toBe('1234567');
  const stuck = await readStore((s) => s.get<ChangeDraft>(`draft:${confirm.data.draftId}`));
  expect(stuck?.value.status).toBe('applying');

  connector.clear();
  const second = await startBot();
  const update = await waitFor(() => connector.received.find((r) => r.method === 'PUT' && r.activityId === confirmActivity.createdId), 15_000, 'the confirm card to be updated');
  const text = cardText(cardOf(update.body));
  expect(text).toContain('Done');
  expect(text).toContain('Litware Cloud Partners');
  expect(text).toContain('finished afterwards and applied once');

  expect((await billing.embedded.getSubscription(CONTOSO, SUBS.e3)).version).toBe(before.version + 1);
  await second.stop();
  const audit = await readStore((s) => s.recent(CONTOSO, 1000));
  const ofChange = audit.filter((a) => a.changeId === confirm.data.draftId);
  expect(ofChange.filter((a) => a.outcome === 'applied')).toHaveLength(1);
  expect(ofChange.filter((a) => a.outcome === 'requested')).toHaveLength(2); // before the crash, and the idempotent re-apply
  expect((await readStore((s) => s.get<ChangeDraft>(`draft:${confirm.data.draftId}`)))?.value.status).toBe('done');

  // A further restart finds nothing left to do: no message, no billing call.
  connector.clear();
  const third = await startBot();
  await new Promise((r) => setTimeout(r, 1500));
  expect(connector.received).toEqual([]);
  expect((await billing.embedded.getSubscription(CONTOSO, SUBS.e3)).version).toBe(before.version + 1);
  await third.stop();
});

test('npm run audit:print prints the tenant audit trail, oldest first, from the configured storage', async () => {
  const { execFile } = await import('node:child_process');
  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'bot/tools/print-audit.ts', ...args], { cwd: join(__dirname, '..', '..'), env: { PATH: process.env.PATH, DATA_DIR: dataDir, NODE_NO_WARNINGS: '1' } }, (err, stdout, stderr) =>
        resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
      );
    });
  const printed = await run([CONTOSO]);
  expect(printed.code).toBe(0);
  const lines = printed.stdout.trim().split('\n');
  expect(lines.length).toBeGreaterThanOrEqual(3);
  expect(lines.filter((l) => /applied\s+set_partner "Office 365 E3".*-> 1234567 by Alex Wilber/.test(l))).toHaveLength(1);
  expect(lines[0]).toMatch(/requested/); // oldest first
  const usage = await run([]);
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain('Usage: npm run audit:print -- <tenantId>');
});
