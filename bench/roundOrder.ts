/**
 * The order of the targets in a round: rotated by one more place each round, so that over n rounds each
 * of n targets runs once in each position, and then the same n rotations backwards, so that each also
 * runs after different neighbours. Over 2n rounds every target takes every position twice.
 *
 * Two earlier schedules were not balanced. Reversing alone left the middle of three always in the
 * middle, worth ~15%: the same build as `bot` and `--against` with the baseline gave 0.84-0.87x.
 * Rotating and reversing every other round fixed three targets but not an even number: a target's
 * place kept its parity, so of two the same one always ran first, and of the full run's six the bot
 * never did. (The same build as `bot` and `--against` read low with either order: that was the first
 * process started, see the throwaway in run.ts.)
 */
export function roundOrder<T>(targets: readonly T[], round: number): T[] {
  const n = Math.max(1, targets.length);
  const start = round % n;
  const rotated = [...targets.slice(start), ...targets.slice(0, start)];
  return Math.floor(round / n) % 2 ? rotated.reverse() : rotated;
}
