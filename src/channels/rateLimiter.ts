/** A sliding-window limit per key, remembering whether the key was already told it is over the limit. */
export class RateLimiter {
  private readonly hits = new Map<string, { times: number[]; notified: boolean }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(key: string, now = Date.now()): { allowed: boolean; firstRefusal: boolean } {
    const entry = this.hits.get(key) ?? { times: [], notified: false };
    entry.times = entry.times.filter((t) => now - t < this.windowMs);
    if (entry.times.length === 0) entry.notified = false;
    this.hits.set(key, entry);
    if (entry.times.length >= this.limit) {
      const firstRefusal = !entry.notified;
      entry.notified = true;
      return { allowed: false, firstRefusal };
    }
    entry.times.push(now);
    if (this.hits.size > 10_000) this.sweep(now);
    return { allowed: true, firstRefusal: false };
  }

  private sweep(now: number) {
    for (const [key, entry] of this.hits) if (entry.times.every((t) => now - t >= this.windowMs)) this.hits.delete(key);
  }
}
