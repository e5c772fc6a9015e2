import { TurnSampler } from '../../bot/telemetry/turnSampler';

/** A clock the test moves by hand (ms). */
function clock() {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

test('the first turns after a start are traced, up to the rate, and a burst beyond it is not', () => {
  const c = clock();
  const sampler = new TurnSampler(5, c.now);
  const burst = Array.from({ length: 20 }, () => sampler.take());
  expect(burst.filter(Boolean)).toHaveLength(5);
  expect(burst.slice(0, 5)).toEqual([true, true, true, true, true]);
});

test('at an admin pace (one turn every 2 s) every turn is traced', () => {
  const c = clock();
  const sampler = new TurnSampler(1, c.now);
  for (let i = 0; i < 50; i++) {
    expect(sampler.take()).toBe(true);
    c.advance(2_000);
  }
});

test('under sustained load the traced share follows the rate: 5 a second of 100 a second', () => {
  const c = clock();
  const sampler = new TurnSampler(5, c.now);
  let traced = 0;
  for (let i = 0; i < 10_000; i++) {
    if (sampler.take()) traced++;
    c.advance(10);
  }
  // 100 s at 5 a second, plus the full bucket at the start.
  expect(traced).toBeGreaterThanOrEqual(500);
  expect(traced).toBeLessThanOrEqual(506);
});

test('0 traces every turn', () => {
  const sampler = new TurnSampler(0, clock().now);
  expect(Array.from({ length: 1_000 }, () => sampler.take()).every(Boolean)).toBe(true);
});
