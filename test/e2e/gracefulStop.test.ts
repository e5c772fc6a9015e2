import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTOSO, SUBS } from '../../bot/demo/demoData';
import { startAzurite, type RunningAzurite } from '../support/azurite';
import { serveEmbeddedBilling, type ServedBilling } from '../support/billingHttpHarness';
import { BotProcess, waitFor } from '../support/botProcess';
import { actionByVerb, cardOf, cardText } from '../support/cards';
import { alex } from '../support/demoUsers';
import { LocalConnector } from '../support/localConnector';
import { cardAction, message } from '../support/teamsActivities';

/**
 * A stop as App Service and Kubernetes make one, during every deploy and scale-in: SIGTERM while an admin's
 * confirmation is being applied. Nothing is lost or done twice: the change in flight is applied once and
 * reported once, new activities are refused with 503 so Teams retries them, and a change the stopping
 * instance cannot finish in time is taken over by another instance at once.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'por-stop-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A billing service whose partner-of-record changes wait `delayMs` (the first `count` of them) before being applied. */
async function slowBilling(delayMs: number, count = Number.POSITIVE_INFINITY) {
  const puts: number[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let slowed = 0;
  const billing: ServedBilling = await serveEmbeddedBilling({}, (real) => (req, res) => {
    if (req.method !== 'PUT') return real(req, res);
    puts.push(Date.now());
    if (slowed++ >= count) return real(req, res);
    const timer = setTimeout(() => {
      timers.delete(timer);
      real(req, res);
    }, delayMs);
    timers.add(timer);
  });
  return {
    billing,
    puts,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      await billing.close();
    },
  };
}

/** Says the request and returns the confirm button's click, as it would arrive from that card. */
async function confirmClick(bot: BotProcess, connector: LocalConnector) {
  const ask = message(alex, connector.url, 'add partner 1234567 to Business Premium');
  expect((await bot.post(ask)).status).toBe(200);
  const posted = connector.received.filter((r) => r.conversationId === ask.conversation.id && r.method === 'POST');
  const last = posted[posted.length - 1]!;
  expect(cardText(cardOf(last.body))).toContain('Confirm: add the partner');
  return { click: cardAction(alex, connector.url, 'draft.confirm', actionByVerb(cardOf(last.body), 'draft.confirm').data, last.createdId), cardId: last.createdId! };
}

test('SIGTERM while a confirmation is applied: it is applied once and reported once, a new activity gets 503 with Retry-After, and the process exits 0', async () => {
  const slow = await slowBilling(1500);
  const connector = await new LocalConnector().start();
  const bot = await BotProcess.start(
    { DATA_DIR: join(dir, 'one'), BILLING_BACKEND: 'http', BILLING_BASE_URL: slow.billing.baseUrl, CONFIRM_ACK_MS: '10000', SHUTDOWN_GRACE_MS: '8000' },
    connector,
  );
  try {
    const { click } = await confirmClick(bot, connector);
    const before = connector.received.length;
    const confirming = bot.post(click);
    await waitFor(() => (slow.puts.length > 0 ? true : undefined), 5_000, 'the billing call in flight');
    bot.child.kill('SIGTERM');
    await waitFor(() => (bot.logs.some((l) => l.msg === 'stopping: new activities are refused with 503') ? true : undefined), 5_000, 'the stop to begin');

    const late = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message(alex, connector.url, 'who are our partners?')) });
    expect(late.status).toBe(503);
    expect(late.headers.get('retry-after')).toBe('5');
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(503);

    const answered = await confirming;
    expect(answered.status).toBe(200);
    expect(cardText(answered.body.value)).toMatch(/Done[\s\S]*Litware Cloud Partners was added on 1 of 1 subscriptions/);
    expect(await bot.exited()).toEqual({ code: 0, signal: null });

    expect(slow.puts).toHaveLength(1);
    expect((await slow.billing.embedded.getSubscription(CONTOSO, SUBS.businessPremium)).partnerOfRecord?.partnerId).toBe('1234567');
    // Reported once: in the answer to the click; nothing posted or updated after it.
    expect(connector.received.slice(before).filter((r) => r.conversationId === click.conversation.id)).toEqual([]);
    expect(bot.logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['stopped']));
  } finally {
    await bot.stop();
    await connector.stop();
    await slow.close();
  }
}, 60_000);

describe('two instances sharing Blob Storage (Azurite)', () => {
  let azurite: RunningAzurite;
  beforeAll(async () => {
    azurite = await startAzurite();
  }, 30_000);
  afterAll(async () => {
    await azurite?.stop();
  });

  test("a change the stopping instance still holds is finished by the other at once, not when the lease would lapse", async () => {
    // The stopping instance's billing call hangs past its grace; later calls go through.
    const slow = await slowBilling(60_000, 1);
    const connector = await new LocalConnector().start();
    const blob = { STORE_BACKEND: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: 'graceful-stop', BILLING_BACKEND: 'http', BILLING_BASE_URL: slow.billing.baseUrl, APPLY_LEASE_MS: '60000' };
    const a = await BotProcess.start({ ...blob, DATA_DIR: join(dir, 'a'), CONFIRM_ACK_MS: '500', SHUTDOWN_GRACE_MS: '1000', RECOVERY_INTERVAL_MS: '0' }, connector, 60_000);
    const b = await BotProcess.start({ ...blob, DATA_DIR: join(dir, 'b'), RECOVERY_INTERVAL_MS: '300' }, connector, 60_000);
    try {
      const { click, cardId } = await confirmClick(a, connector);
      const first = await a.post(click);
      expect(cardText(first.body.value)).toContain('Applying the change');

      a.child.kill('SIGTERM');
      expect(await a.exited()).toEqual({ code: 0, signal: null });
      const stoppedAt = Date.now();
      expect(a.logs.find((l) => l.msg === 'changes still applying handed over to other instances')?.released).toHaveLength(1);

      // The other instance updates the card the admin is looking at, well before APPLY_LEASE_MS (60 s).
      const update = await waitFor(
        () => connector.received.find((r) => r.method === 'PUT' && r.activityId === cardId && /Done/.test(cardText(cardOf(r.body)))),
        10_000,
        'the card updated by the other instance',
      );
      expect(update.at - stoppedAt).toBeLessThan(5_000);
      expect(b.logs.some((l) => l.msg === 'recovering a change interrupted while applying')).toBe(true);
      expect((await slow.billing.embedded.getSubscription(CONTOSO, SUBS.businessPremium)).partnerOfRecord?.partnerId).toBe('1234567');
      const audit = await slow.billing.embedded.getSubscription(CONTOSO, SUBS.businessPremium);
      expect(audit.version).toBe(2); // one change: seeded at version 1
    } finally {
      await a.stop();
      await b.stop();
      await connector.stop();
      await slow.close();
    }
  }, 90_000);
});

test('GET /readyz answers 200 while the store answers and the model is loaded, 503 once the instance stops; /healthz stays up', async () => {
  const { BotHarness } = require('../support/botHarness') as typeof import('../support/botHarness');
  const bot = await new BotHarness().start();
  try {
    const ready = await fetch(`${bot.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', store: true, model: true, stopping: false });
    await bot.app.close();
    const stopped = await fetch(`${bot.server.url}/readyz`);
    expect(stopped.status).toBe(503);
    expect(await stopped.json()).toEqual({ status: 'not ready', store: false, model: true, stopping: true });
    expect((await fetch(`${bot.server.url}/healthz`)).status).toBe(200);
  } finally {
    await bot.server.close();
    await bot.connector.stop();
  }
});
