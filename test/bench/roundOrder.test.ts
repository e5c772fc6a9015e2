import { roundOrder } from '../../bench/roundOrder';

/** How often each target ran in each place over `rounds` rounds. */
function places(n: number, rounds: number): number[][] {
  const targets = Array.from({ length: n }, (_, i) => i);
  const counts = targets.map(() => targets.map(() => 0));
  for (let round = 0; round < rounds; round++) roundOrder(targets, round).forEach((target, place) => counts[target]![place]!++);
  return counts;
}

describe('the bench round order', () => {
  it.each([1, 2, 3, 4, 5, 6, 7])('runs each of %i targets in every place equally often over 2n rounds', (n) => {
    for (const row of places(n, 2 * n)) expect(row).toEqual(row.map(() => 2));
  });

  it('runs every target in every round', () => {
    for (let round = 0; round < 12; round++) expect([...roundOrder(['a', 'b', 'c', 'd', 'e', 'f'], round)].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('puts each target after a different neighbour going backwards than going forwards', () => {
    const before = (order: string[], t: string) => order[order.indexOf(t) - 1];
    const targets = ['a', 'b', 'c', 'd'];
    const forwards = new Set([0, 1, 2, 3].map((r) => before(roundOrder(targets, r), 'b')));
    const backwards = new Set([4, 5, 6, 7].map((r) => before(roundOrder(targets, r), 'b')));
    expect(forwards).toEqual(new Set(['a', undefined]));
    expect(backwards).toEqual(new Set(['c', undefined]));
  });
});
