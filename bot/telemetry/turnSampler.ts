/**
 * Which new traces (turns, outbox deliveries) are recorded: up to `perSecond` a second, as the Azure
 * Monitor distro's rate-limited sampler does by default (5 a second). At an admin's pace every turn is
 * traced; a burst is capped, so its cost per turn stays small, while metrics still count every turn and
 * warnings and errors are exported whatever the decision. A token bucket that starts full: the first
 * turns after a start are traced (the distro's sampler, which learns the rate first, drops them).
 * `perSecond` 0: every trace is recorded.
 */
export class TurnSampler {
  private tokens: number;
  private last: number;
  private readonly capacity: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.capacity = Math.max(1, perSecond);
    this.tokens = this.capacity;
    this.last = now();
  }

  /** Whether the trace starting now is recorded (it takes one of the second's places if so). */
  take(): boolean {
    if (this.perSecond <= 0) return true;
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) * this.perSecond) / 1000);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
