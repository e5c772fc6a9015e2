import { LITWARE_TENANT, USERS } from '../../bot/demo/demoData';
import { cardText } from '../support/cards';
import { alex } from '../support/demoUsers';
import type { TeamsUser } from '../support/teamsActivities';
import { TeamsWorld } from '../support/teamsWorld';

const litware: TeamsUser = { tenantId: LITWARE_TENANT, aadObjectId: USERS.litwareContact, name: 'Lee Gu', locale: 'sv-SE' };
const chat = (u: TeamsUser) => `a:personal-${u.aadObjectId}`;
const throttled = (retryAfter: string) => ({ status: 429, headers: { 'retry-after': retryAfter }, body: { error: { code: 'Throttled', message: 'slow down' } } });

let world: TeamsWorld;
beforeEach(async () => {
  world = await new TeamsWorld().start();
  await world.say(litware, 'hej');
});
afterEach(async () => { await world.stop(); });

/**
 * Confirms "add Litware to E5 trial" with the channel answering 429 to every try the Bot Framework
 * client makes on its own (it retries a 429 three times), so the outbox has to retry later.
 */
async function confirmWhileThrottled(lastRetryAfter: string) {
  const before = world.cardsIn(chat(alex)).length;
  await world.say(alex, 'add partner 1234567 to E5 trial');
  const posted = world.cardsIn(chat(alex))[before]!;
  world.connector.faults.push(throttled('0'), throttled('0'), throttled('0'), throttled(lastRetryAfter));
  const started = Date.now();
  const { card } = await world.click(alex, posted.card, 'draft.confirm', posted.id);
  return { text: cardText(card), cardId: posted.id, started };
}

const noticesToLitware = () => world.cardsIn(chat(litware)).filter((c) => cardText(c.card).includes('Ni är nu partner för posten'));

test('a 429 from the connector is retried after Retry-After and the confirmation is delivered once', async () => {
  const result = await confirmWhileThrottled('1');
  expect(result.text).toContain('Litware Cloud Partners: sending the confirmation…');
  expect(world.connector.faults).toHaveLength(0);

  const delivered = await world.until(() => noticesToLitware()[0], 'the retried confirmation');
  expect(Date.now() - result.started).toBeGreaterThanOrEqual(1000); // Retry-After: 1 honoured
  // The admin's card follows by itself once the partner was reached.
  const update = await world.until(() => world.updatesOf(chat(alex), result.cardId).at(-1), 'admin card update');
  expect(cardText(update)).toContain('Litware Cloud Partners: notified, waiting for acknowledgement.');
  await new Promise((r) => setTimeout(r, 300)); // a duplicate would have arrived by now
  expect(noticesToLitware()).toEqual([delivered]);
});

test('a restart while a confirmation waits to be retried delivers it once, from the new process', async () => {
  const result = await confirmWhileThrottled('1');
  expect(result.text).toContain('sending the confirmation…');
  await world.restart(); // the first process stops before the retry is due
  expect(noticesToLitware()).toHaveLength(0);

  await world.until(() => noticesToLitware()[0], 'the confirmation after the restart');
  await world.until(() => world.updatesOf(chat(alex), result.cardId).at(-1), 'admin card update');
  await new Promise((r) => setTimeout(r, 300));
  expect(noticesToLitware()).toHaveLength(1);
});

test('an outbox claim left by a stopped process is taken again once stale; a live claim is never taken twice', async () => {
  // A record left in 'sending' (the process stopped mid-send) is retried after the lease, not lost.
  const { outbox } = world.app.services.collaboration!;
  await outbox.enqueue('probe:lease', 'user.notice', { tenantId: LITWARE_TENANT, userId: USERS.litwareContact, key: 'handoff.backWithBot' });
  const claimed = await outbox.claim('probe:lease', 60_000);
  expect(claimed?.status).toBe('sending');
  expect(await outbox.claim('probe:lease', 60_000)).toBeUndefined(); // a live claim is not taken twice
  expect((await outbox.claim('probe:lease', 0))?.attempts).toBe(2); // a stale one is
});
