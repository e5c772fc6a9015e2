import type { ChangeDraft, DraftStatus } from '../../bot/flows/draft';
import { purgeFinished } from '../../bot/flows/retention';
import { CONTOSO, SUBS } from '../../bot/demo/demoData';
import { SqliteStore } from '../../bot/storage/sqliteStore';
import { BotHarness } from '../support/botHarness';
import { actionByVerb, cardOf, cardText } from '../support/cards';
import { alex } from '../support/demoUsers';
import { updatedCard } from '../support/flowHelpers';

const DAY = 24 * 3_600_000;
const now = new Date('2026-11-21T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY).toISOString();

function draft(id: string, status: DraftStatus, updatedAt: string): ChangeDraft {
  return { id, tenantId: 't', ownerId: 'u', mode: 'add', language: 'en', status, subscriptionIds: [], createdAt: updatedAt, updatedAt };
}

test('finished drafts and partner-change records past retention go; unfinished, failed and recent ones stay', async () => {
  const store = new SqliteStore(':memory:');
  try {
    const kept = [draft('done-recent', 'done', daysAgo(29)), draft('collecting-old', 'collecting', daysAgo(90)), draft('confirming-old', 'confirming', daysAgo(90)), draft('applying-old', 'applying', daysAgo(90)), draft('failed-old', 'failed', daysAgo(90))];
    const purged = [draft('done-old', 'done', daysAgo(31)), draft('cancelled-old', 'cancelled', daysAgo(60)), draft('stale-old', 'stale', daysAgo(45))];
    for (const d of [...kept, ...purged]) await store.put(`draft:${d.id}`, d);
    // Many more than one page, so the sweep has to walk pages.
    for (let i = 0; i < 450; i++) await store.put(`draft:bulk-${i}`, draft(`bulk-${i}`, 'done', daysAgo(40)));
    await store.put('partnerchange:old', { changeId: 'old', at: daysAgo(31) });
    await store.put('partnerchange:recent', { changeId: 'recent', at: daysAgo(2) });
    await store.put('draftx:unrelated', draft('x', 'done', daysAgo(400)));

    expect(await purgeFinished(store, now, 30 * DAY)).toEqual({ drafts: 453, partnerChanges: 1 });
    expect((await store.list('draft:')).map((i) => i.key).sort()).toEqual(kept.map((d) => `draft:${d.id}`).sort());
    expect((await store.list('partnerchange:')).map((i) => i.key)).toEqual(['partnerchange:recent']);
    expect(await store.get('draftx:unrelated')).toBeDefined();
  } finally {
    await store.close();
  }
});

test('a card whose change was purged answers that it has expired, and changes nothing', async () => {
  const bot = await new BotHarness().start();
  try {
    const sent = (await bot.say(alex, 'add partner 1234567 to business premium')).map(cardOf).find((c) => c?.actions?.some((a: any) => a.verb === 'draft.confirm'));
    const cancel = await bot.click(alex, 'draft.cancel', actionByVerb(sent, 'draft.cancel').data);
    expect(cancel.status).toBe(200);
    const later = new Date(Date.now() + 31 * DAY);
    expect((await purgeFinished(bot.app.services.store, later, 30 * DAY)).drafts).toBeGreaterThanOrEqual(1);
    const res = await bot.click(alex, 'draft.confirm', actionByVerb(sent, 'draft.confirm').data);
    expect(cardText(updatedCard(res))).toContain(bot.app.services.localizer.t('en')('expired.title'));
    const premium = (await bot.app.services.billing.listSubscriptions(CONTOSO)).find((s) => s.id === SUBS.businessPremium);
    expect(premium?.partnerOfRecord).toBeUndefined();
  } finally {
    await bot.stop();
  }
});
