import { escapeMarkdown, TemplateCardRenderer } from '../../bot/cards/cardRenderer';
import { partnersCard } from '../../bot/cards/partnersCard';
import { ROW_BUDGET } from '../../bot/cards/rowBudget';
import { LANGUAGES } from '../../bot/i18n/i18n';
import { actionsOf, cardText } from '../support/cards';
import { account, allCards, subscriptions, turnWith } from './cardFixtures';

/** Teams refuses messages over about 28 KB (DOMAIN.md §7): the largest realistic tenant must fit. */
const BUDGET = 28 * 1024;
const renderer = new TemplateCardRenderer();
const sizes = (cards: Record<string, unknown>) => Object.entries(cards).map(([name, card]) => ({ name, bytes: Buffer.byteLength(JSON.stringify(card)) }));

test.each(LANGUAGES)('every card stays under 28 KB with 40 subscriptions with long names (%s)', (language) => {
  const all = sizes(allCards(turnWith(renderer, language), 40));
  expect(all.filter((s) => s.bytes >= BUDGET)).toEqual([]);
  // The fixture really is large: the biggest card uses a good part of the budget (else the test proves nothing).
  expect(Math.max(...all.map((s) => s.bytes))).toBeGreaterThan(BUDGET / 4);
});

test.each(LANGUAGES)('with 1,000 subscriptions every card still fits, and each list says what it left out (%s)', (language) => {
  const turn = turnWith(renderer, language);
  const cards = allCards(turn, 1000);
  expect(sizes(cards).filter((s) => s.bytes >= BUDGET)).toEqual([]);
  const t = turn.t;
  expect(cardText(cards.partners)).toContain(t('partners.range', { from: 1, to: ROW_BUDGET.partnersPage, total: 1000 }));
  expect(actionsOf(cards.partners).map((a) => a.verb)).toContain('partners.page');
  expect(cardText(cards.confirmAdd)).toContain(t('confirm.moreRows', { number: 1000 - ROW_BUDGET.confirmRows }));
  // Every fourth row of the fixture failed: 250 failures, 30 shown (failures first), 220 + 750 left out.
  expect(cardText(cards.result)).toContain(t('result.moreRows', { number: 970, applied: 750, failed: 220 }));
  const eligible = subscriptions(1000).filter((s) => s.channel === 'direct' && s.status === 'Enabled');
  expect(cardText(cards.formAdd)).toContain(t('form.moreChoices', { shown: ROW_BUDGET.formChoices, total: eligible.length, example: escapeMarkdown(eligible[ROW_BUDGET.formChoices]!.name) }));
  expect(JSON.stringify(cards.formAdd)).toContain('"style":"compact"');
});

test('the partners card pages through every subscription exactly once, and the last page has no "Show more"', () => {
  const turn = turnWith(renderer, 'en');
  const subs = subscriptions(60);
  const seen: string[] = [];
  let page = 0;
  for (;;) {
    const card = partnersCard(turn, account, subs, [], page);
    seen.push(...[...cardText(card).matchAll(/Department (\d+) /g)].map((m) => m[1]!));
    const more = actionsOf(card).find((a) => a.verb === 'partners.page');
    if (!more) break;
    expect(more.data).toEqual({ verb: 'partners.page', page: page + 1, lang: 'en' });
    page = more.data.page;
  }
  expect(page).toBe(2);
  expect(new Set(seen).size).toBe(60);
  expect(seen).toHaveLength(60);
});
