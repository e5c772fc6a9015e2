import { TemplateCardRenderer } from '../../bot/cards/cardRenderer';
import { LANGUAGES } from '../../bot/i18n/i18n';
import { allCards, turnWith } from './cardFixtures';

/** Teams refuses messages over about 28 KB (DOMAIN.md §7): the largest realistic tenant must fit. */
const BUDGET = 28 * 1024;
const renderer = new TemplateCardRenderer();

test.each(LANGUAGES)('every card stays under 28 KB with 40 subscriptions with long names (%s)', (language) => {
  const cards = allCards(turnWith(renderer, language), 40);
  const sizes = Object.entries(cards).map(([name, card]) => ({ name, bytes: Buffer.byteLength(JSON.stringify(card)) }));
  const over = sizes.filter((s) => s.bytes >= BUDGET);
  expect(over).toEqual([]);
  // The fixture really is large: the biggest card uses a good part of the budget (else the test proves nothing).
  expect(Math.max(...sizes.map((s) => s.bytes))).toBeGreaterThan(BUDGET / 4);
});
