import { CONTOSO, SUBS } from '../../bot/demo/demoData';
import { serveEmbeddedBilling, type ServedBilling } from '../support/billingHttpHarness';
import { BotHarness } from '../support/botHarness';
import { waitFor } from '../support/botProcess';
import { actionByVerb, actionsOf, cardOf, cardText } from '../support/cards';
import { alex, coffeeOwner, megan } from '../support/demoUsers';
import { updatedCard } from '../support/flowHelpers';
import { cardAction } from '../support/teamsActivities';
import type { TeamsUser } from '../support/teamsActivities';

/** How the billing service over HTTP misbehaves on change requests (PUT …/partner-of-record). */
let mode: 'ok' | 'slow' | 'justSlow' | 'down' | 'appliesThenHangs' = 'ok';
const timers = new Set<NodeJS.Timeout>();
let billing: ServedBilling;
let bot: BotHarness;

beforeAll(async () => {
  billing = await serveEmbeddedBilling({}, (real) => (req, res) => {
    const change = req.method === 'PUT' && req.url?.endsWith('/partner-of-record');
    if (!change || mode === 'ok') return real(req, res);
    if (mode === 'down') {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'unavailable', message: 'maintenance' } }));
      return;
    }
    // slow: answers after 1.5 s; justSlow: just after the bot acknowledged (CONFIRM_ACK_MS 600);
    // appliesThenHangs: applies at once but answers after the client gave up.
    const delayMs = mode === 'slow' ? 1500 : mode === 'justSlow' ? 700 : 3000;
    const end = res.end.bind(res) as (...a: unknown[]) => typeof res;
    res.end = ((...args: unknown[]) => {
      const t = setTimeout(() => {
        timers.delete(t);
        end(...args);
      }, delayMs);
      timers.add(t);
      return res;
    }) as typeof res.end;
    real(req, res);
  });
  bot = await new BotHarness({
    BILLING_BACKEND: 'http',
    BILLING_BASE_URL: billing.baseUrl,
    BILLING_TIMEOUT_MS: '2000',
    BILLING_MAX_ATTEMPTS: '2',
    CONFIRM_ACK_MS: '600',
  }).start();
});

afterAll(async () => {
  await bot.stop();
  for (const t of timers) clearTimeout(t);
  await billing.close();
});

beforeEach(() => {
  mode = 'ok';
});

/** Asks for a change and returns the confirm card with the id Teams gave its activity. */
async function confirmCardFor(user: TeamsUser, text: string) {
  const replies = bot.connector.received.length;
  await bot.say(user, text);
  const sent = bot.connector.received.slice(replies).find((r) => cardOf(r.body)?.actions?.some((a: any) => a.verb === 'draft.confirm'))!;
  return { card: cardOf(sent.body), activityId: sent.createdId! };
}

async function clickOn(user: TeamsUser, card: any, activityId: string, verb: string) {
  const action = actionByVerb(card, verb);
  const started = Date.now();
  const res = await bot.post(cardAction(user, bot.connector.url, verb, action.data, activityId));
  return { card: updatedCard({ status: res.status, response: res.body }), ms: Date.now() - started };
}

const cardUpdate = (activityId: string, after: number) =>
  waitFor(() => bot.connector.received.slice(after).find((r) => r.method === 'PUT' && r.activityId === activityId), 10_000, 'the card update');

const version = async (id: string) => (await billing.embedded.getSubscription(CONTOSO, id)).version;
const applied = async (draftId: string) => (await bot.app.services.audit.recent(CONTOSO, 1000)).filter((a) => a.changeId === draftId && a.outcome === 'applied').length;

test('a slow billing service: the click is answered at once with "applying…", the card shows the result when billing answers', async () => {
  const { card, activityId } = await confirmCardFor(alex, 'add partner 1234567 to business premium');
  const v = await version(SUBS.businessPremium);
  mode = 'slow';
  const mark = bot.connector.received.length;
  const ack = await clickOn(alex, card, activityId, 'draft.confirm');
  expect(ack.ms).toBeLessThan(1400); // well inside Teams' ~15 s, and before billing answered (1.5 s)
  expect(cardText(ack.card)).toContain('Applying the change');

  const update = await cardUpdate(activityId, mark);
  expect(cardText(cardOf(update.body))).toMatch(/Done[\s\S]*Litware Cloud Partners was added on 1 of 1 subscriptions/);
  expect(await version(SUBS.businessPremium)).toBe(v + 1);
  expect(await applied(card.actions[0].data.draftId)).toBe(1);
});

test('billing answering just after "applying…" was handed over: the result card still reaches Teams after that answer, never before', async () => {
  const { card, activityId } = await confirmCardFor(coffeeOwner, 'add partner 1234567 to business basic');
  mode = 'justSlow';
  // Hold the invoke's HTTP answer back after the turn (as a slow store write of the retry record
  // would): billing answers in that gap, and the update must still wait for the answer to leave.
  const store = bot.app.services.store;
  const put = store.put.bind(store);
  store.put = (async (key: string, value: any, options?: any) => {
    if (key.startsWith('dedup:') && value?.state === 'done' && value?.answer?.body?.value) await new Promise((r) => setTimeout(r, 500));
    return put(key, value, options);
  }) as typeof store.put;
  try {
    const mark = bot.connector.received.length;
    const ack = await clickOn(coffeeOwner, card, activityId, 'draft.confirm');
    const answeredAt = Date.now();
    expect(cardText(ack.card)).toContain('Applying the change');
    const update = await cardUpdate(activityId, mark);
    expect(cardText(cardOf(update.body))).toMatch(/^Done/);
    expect(update.at).toBeGreaterThanOrEqual(answeredAt - 5);
  } finally {
    store.put = put;
  }
});

test('billing down: the admin is told clearly, can talk to a person, and Retry applies the kept change once', async () => {
  const { card, activityId } = await confirmCardFor(alex, 'add partner 1234567 to E5 trial');
  const draftId = actionByVerb(card, 'draft.confirm').data.draftId;
  const v = await version(SUBS.e5Trial);
  mode = 'down';
  const failed = await clickOn(alex, card, activityId, 'draft.confirm');
  const text = cardText(failed.card);
  expect(text).toContain('Not changed');
  expect(text).toContain("The billing service didn't answer. Nothing was changed");
  expect(text).toContain('press Retry when the billing service is back');
  expect(actionsOf(failed.card).map((a) => a.verb)).toEqual(['draft.retry', 'menu.handoff']);
  expect(await version(SUBS.e5Trial)).toBe(v);

  // The hand-off answers in the chat (a new message); the failed card stays as it is.
  const handoff = await bot.click(alex, 'menu.handoff', actionByVerb(failed.card, 'menu.handoff').data);
  expect(handoff.status).toBe(200);
  expect(handoff.messages.map((m) => cardText(cardOf(m))).join('\n')).toContain('Talk to a person');

  // Still down: Retry fails the same clear way, and the change stays retryable.
  const again = await clickOn(megan, failed.card, activityId, 'draft.retry');
  expect(actionsOf(again.card).map((a) => a.verb)).toContain('draft.retry');

  mode = 'ok';
  const retried = await clickOn(megan, again.card, activityId, 'draft.retry');
  expect(cardText(retried.card)).toMatch(/Done[\s\S]*By Megan Bowen/);
  expect(await version(SUBS.e5Trial)).toBe(v + 1);
  const late = await clickOn(alex, again.card, activityId, 'draft.retry');
  expect(cardText(late.card)).toContain('This change was already confirmed; it was applied once.');
  expect(await applied(draftId)).toBe(1);
});

test('billing applied the change but its answer never came: Retry (same idempotency key) does not apply it twice', async () => {
  const { card, activityId } = await confirmCardFor(alex, 'change partner on E3 to 1234567');
  const draftId = actionByVerb(card, 'draft.confirm').data.draftId;
  const v = await version(SUBS.e3);
  mode = 'appliesThenHangs';
  const mark = bot.connector.received.length;
  const ack = await clickOn(alex, card, activityId, 'draft.confirm');
  expect(cardText(ack.card)).toContain('Applying the change');
  const update = await cardUpdate(activityId, mark);
  const failedCard = cardOf(update.body);
  expect(cardText(failedCard)).toContain('press Retry');
  expect(await version(SUBS.e3)).toBe(v + 1); // billing did change it (the bot could not know)

  mode = 'ok';
  const retried = await clickOn(alex, failedCard, activityId, 'draft.retry');
  expect(cardText(retried.card)).toMatch(/Done[\s\S]*Litware Cloud Partners is now the partner on 1 of 1 subscriptions/);
  expect(await version(SUBS.e3)).toBe(v + 1);
  expect(await applied(draftId)).toBe(1);
});
