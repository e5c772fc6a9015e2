import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedBillingService } from '../../bot/billing/embeddedBillingService';
import { CONTOSO, SUBS } from '../../bot/demo/demoData';
import { SqliteStore } from '../../bot/storage/sqliteStore';
import { BotProcess, waitFor } from '../support/botProcess';
import { actionByVerb, cardOf, cardText } from '../support/cards';
import { alex } from '../support/demoUsers';
import { updatedCard } from '../support/flowHelpers';
import { LocalConnector } from '../support/localConnector';
import { cardAction, message } from '../support/teamsActivities';

/**
 * `WORKERS=2`: the real bot as a supervisor and two worker processes sharing the port and the SQLite
 * file. Every request here goes over a new connection, and the supervisor hands connections to the
 * workers in turn, so consecutive turns of one conversation land on different workers.
 */
let connector: LocalConnector;
let bot: BotProcess;
let dir: string;

beforeAll(async () => {
  connector = await new LocalConnector().start();
  dir = mkdtempSync(join(tmpdir(), 'por-workers-'));
  bot = await BotProcess.start({ WORKERS: '2', DATA_DIR: dir }, connector, 60_000, 'all workers listening');
}, 90_000);

afterAll(async () => {
  await bot?.stop();
  await connector?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** POST over a connection of its own (no keep-alive), so the supervisor picks the next worker. */
function postFresh(activity: object): Promise<{ status: number; body: any }> {
  const payload = JSON.stringify(activity);
  return new Promise((resolve, reject) => {
    const req = request(`${bot.url}/api/messages`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const workersThatLogged = (msg: string) => new Set(bot.logs.filter((l) => l.msg === msg).map((l) => l.worker));
const store = () => new SqliteStore(join(dir, 'bot.sqlite'));

test('both workers serve the port', async () => {
  for (let i = 0; i < 8; i++) expect((await postFresh(message(alex, connector.url, 'who are our partners?'))).status).toBe(200);
  await waitFor(() => (workersThatLogged('activity received').size === 2 ? true : undefined), 5_000, 'turns on both workers');
  expect([...workersThatLogged('activity received')].sort()).toEqual([0, 1]);
});

test('a change asked for on one worker is confirmed on another, and four racing confirmations apply it once', async () => {
  const s = store();
  try {
    const billing = new EmbeddedBillingService(s);
    const before = await billing.getSubscription(CONTOSO, SUBS.e3);
    const sent = connector.received.length;
    expect((await postFresh(message(alex, connector.url, 'add partner 1234567 to E3'))).status).toBe(200);
    const reply = connector.received.slice(sent).find((r) => cardOf(r.body)?.actions?.some((a: any) => a.verb === 'draft.confirm'))!;
    const confirm = actionByVerb(cardOf(reply.body), 'draft.confirm');

    const answers = await Promise.all(Array.from({ length: 4 }, () => postFresh(cardAction(alex, connector.url, 'draft.confirm', confirm.data, reply.createdId!))));
    const texts = answers.map((a) => cardText(updatedCard({ status: a.status, response: a.body })));
    expect(texts.filter((t) => /^Done/.test(t) && !t.includes('This change was already confirmed'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('This change was already confirmed') || t.includes('Applying the change'))).toHaveLength(3);

    const after = await billing.getSubscription(CONTOSO, SUBS.e3);
    expect(after.version).toBe(before.version + 1);
    expect(after.partnerOfRecord?.partnerId).toBe('1234567');
    const applied = (await s.recent(CONTOSO, 1000)).filter((e) => e.changeId === confirm.data.draftId && e.outcome === 'applied');
    expect(applied).toHaveLength(1);
  } finally {
    await s.close();
  }
});

test('a worker that dies is replaced, and SIGTERM stops the supervisor and every worker', async () => {
  const listening = () => bot.logs.filter((l) => l.msg === 'bot listening');
  const victim = listening()[0]!.pid as number;
  process.kill(victim, 'SIGKILL');
  await waitFor(() => (listening().length === 3 ? true : undefined), 30_000, 'a replacement worker');
  expect(bot.logs.some((l) => l.msg === 'worker exited: starting a new one' && l.pid === victim)).toBe(true);
  expect((await postFresh(message(alex, connector.url, 'who are our partners?'))).status).toBe(200);

  const pids = listening().map((l) => l.pid as number).filter((p) => p !== victim);
  await bot.stop();
  expect(await bot.exited()).toEqual({ code: 0, signal: null });
  for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  // Each live worker made the graceful stop of its own (refuse new activities, finish, release, close).
  expect(bot.logs.filter((l) => l.msg === 'stopped').map((l) => l.pid).sort()).toEqual([...pids].sort());
});
