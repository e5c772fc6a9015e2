import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedBillingService } from '../../bot/billing/embeddedBillingService';
import { CONTOSO, demoData } from '../../bot/demo/demoData';
import { EmbeddedDirectoryService } from '../../bot/directory/embeddedDirectoryService';
import { SqliteStore } from '../../bot/storage/sqliteStore';
import { BotHarness } from '../support/botHarness';
import { actionByVerb, actionsOf, cardText, input } from '../support/cards';
import { alex } from '../support/demoUsers';
import { lastCard, updatedCard } from '../support/flowHelpers';

/**
 * A tenant with 130 subscriptions more than the demo's: every card must stay under Teams' 28 KB, the
 * partners card pages with "Show more", and a change on all of them still goes through.
 */
const EXTRA = 130;
let bot: BotHarness;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'por-large-'));
  const data = demoData();
  for (let i = 0; i < EXTRA; i++) {
    data.subscriptions.push({
      id: `d0a10001-0000-4000-8000-${String(i).padStart(12, '0')}`,
      tenantId: CONTOSO,
      name: `Microsoft 365 E3 – Region ${String(i + 1).padStart(3, '0')}`,
      skuPartNumber: 'SPE_E3',
      status: 'Enabled',
      isTrial: false,
      totalLicenses: 10,
      channel: 'direct',
      version: 1,
    });
  }
  // Seeded before the bot starts; the bot then finds the data and leaves it.
  const store = new SqliteStore(join(dir, 'bot.sqlite'));
  await new EmbeddedBillingService(store).seed(data);
  await new EmbeddedDirectoryService(store).seed(data);
  await store.close();
  bot = await new BotHarness({}, dir).start();
}, 30_000);
afterAll(async () => { await bot.stop(); });

const bytes = (card: unknown) => Buffer.byteLength(JSON.stringify(card));
const regions = (card: unknown) => [...cardText(card).matchAll(/Region (\d{3})/g)].map((m) => m[1]!);

test('the partners card shows one page at a time, under 28 KB, and "Show more" turns the page in place', async () => {
  const first = lastCard(await bot.say(alex, 'who are our partners?'));
  expect(bytes(first)).toBeLessThan(28 * 1024);
  expect(cardText(first)).toMatch(/Subscriptions 1–25 of 13\d/);
  const seen = [...regions(first)];
  let card = first;
  for (let page = 1; ; page++) {
    const more = actionsOf(card).find((a) => a.verb === 'partners.page');
    if (!more) break;
    const res = await bot.click(alex, 'partners.page', more.data);
    card = updatedCard(res);
    expect(bytes(card)).toBeLessThan(28 * 1024);
    seen.push(...regions(card));
  }
  expect(new Set(seen).size).toBe(EXTRA);
  expect(seen).toHaveLength(EXTRA);
});

test('a forged page number is answered, not trusted: out of range shows the last page, junk is refused', async () => {
  const last = updatedCard(await bot.click(alex, 'partners.page', { verb: 'partners.page', page: 9999 }));
  expect(actionsOf(last).some((a) => a.verb === 'partners.page')).toBe(false);
  expect(cardText(last)).toMatch(/Subscriptions 1\d\d–13\d of 13\d/);
  const junk = await bot.click(alex, 'partners.page', { verb: 'partners.page', page: 'all' });
  expect(cardText(updatedCard(junk))).toContain("I can't use that");
  expect(JSON.stringify(junk.response)).not.toContain('Region');
});

test('changing the partner on every subscription: form, confirmation and result all fit and say what they left out', async () => {
  const form = lastCard(await bot.say(alex, 'add a partner'));
  expect(bytes(form)).toBeLessThan(28 * 1024);
  expect(input(form, 'subscriptionIds').style).toBe('compact');
  expect(cardText(form)).toMatch(/Showing the first 100 of 13\d subscriptions/);
  const ids = input(form, 'subscriptionIds').choices.map((c: { value: string }) => c.value).filter((v: string) => v.startsWith('d0a1'));
  expect(ids.length).toBeGreaterThan(60);

  const check = actionByVerb(form, 'draft.check');
  const confirmRes = await bot.click(alex, 'draft.check', { ...check.data, subscriptionIds: ids.join(','), partnerId: '1234567' });
  const confirm = updatedCard(confirmRes);
  expect(bytes(confirm)).toBeLessThan(28 * 1024);
  expect(cardText(confirm)).toContain(`…and ${ids.length - 30} more subscriptions`);

  const result = updatedCard(await bot.click(alex, 'draft.confirm', actionByVerb(confirm, 'draft.confirm').data));
  expect(bytes(result)).toBeLessThan(28 * 1024);
  expect(cardText(result)).toContain(`…and ${ids.length - 30} more subscriptions not listed here: ${ids.length - 30} changed, 0 not changed.`);
  const view = lastCard(await bot.say(alex, 'who are our partners?'));
  expect(cardText(view)).toMatch(/Region 001[\s\S]*Litware Cloud Partners/);
});
