/**
 * Counting wrappers around the bot's ports, installed by the bench in the bot process. They count
 * every call per method and, while probing, remember the (method, arguments) pairs seen since the
 * last reset, so a read repeated within one probed turn shows up as a repeat. Under load only the
 * counts are kept: the pairs would grow by thousands per second and tax the bot being measured.
 */
export class CallCounter {
  readonly counts: Record<string, number> = {};
  /** Set by the probe: remember (method, arguments) pairs. */
  probing = false;
  private seen = new Map<string, number>();

  record(port: string, method: string, args: unknown[]): void {
    const name = `${port}.${method}`;
    this.counts[name] = (this.counts[name] ?? 0) + 1;
    if (!this.probing) return;
    const key = `${name}(${JSON.stringify(args)})`;
    this.seen.set(key, (this.seen.get(key) ?? 0) + 1);
  }

  /** Calls made more than once with the same arguments since the last reset. */
  repeats(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, n] of this.seen) if (n > 1) out[key] = n;
    return out;
  }

  snapshot(): { counts: Record<string, number>; repeats: Record<string, number> } {
    return { counts: { ...this.counts }, repeats: this.repeats() };
  }

  reset(): void {
    for (const k of Object.keys(this.counts)) delete this.counts[k];
    this.seen = new Map();
  }
}

/** A proxy that records every method call on `target` and forwards it unchanged. */
export function counting<T extends object>(port: string, target: T, counter: CallCounter): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) => {
        counter.record(port, prop, args);
        return (value as (...a: unknown[]) => unknown).apply(obj, args);
      };
    },
  });
}
