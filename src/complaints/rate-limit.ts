/**
 * Token buckets in memory, keyed by an opaque string. Pure (the clock is passed in).
 *
 * A bucket holds up to `capacity` tokens and gains them back at `capacity` per `windowMs`; a request takes one (or
 * `cost`). Nothing is written anywhere: a restart empties every bucket. The number of buckets is bounded: when
 * `maxKeys` is reached, full buckets (the idle ones) are dropped first, then the oldest.
 */

export interface BucketOptions {
  readonly capacity: number;
  readonly windowMs: number;
  /** Most keys kept at once (default 100,000). */
  readonly maxKeys?: number;
}

export interface Taken {
  readonly ok: boolean;
  /** Seconds until a token is back (0 when ok). */
  readonly retryAfter: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;

  constructor(private readonly options: BucketOptions) {
    if (!(options.capacity >= 1) || !(options.windowMs > 0)) throw new RangeError('a bucket needs a capacity of at least 1 and a positive window');
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  private refilled(key: string, now: number): Bucket {
    const b = this.buckets.get(key);
    if (!b) return { tokens: this.options.capacity, at: now };
    const gained = ((now - b.at) / this.options.windowMs) * this.options.capacity;
    return { tokens: Math.min(this.options.capacity, b.tokens + Math.max(0, gained)), at: now };
  }

  /** Whether a request may go now, without taking anything. */
  check(key: string, now: number, cost = 1): Taken {
    const b = this.refilled(key, now);
    if (b.tokens >= cost) return { ok: true, retryAfter: 0 };
    return { ok: false, retryAfter: Math.max(1, Math.ceil((((cost - b.tokens) / this.options.capacity) * this.options.windowMs) / 1000)) };
  }

  /** Takes `cost` tokens when there are enough. */
  take(key: string, now: number, cost = 1): Taken {
    const result = this.check(key, now, cost);
    if (!result.ok) return result;
    const b = this.refilled(key, now);
    b.tokens -= cost;
    this.buckets.delete(key);
    this.buckets.set(key, b);
    this.prune(now);
    return result;
  }

  /** Gives back `cost` tokens taken at `now` (never above the capacity). */
  give(key: string, now: number, cost = 1): void {
    const b = this.refilled(key, Math.max(now, this.buckets.get(key)?.at ?? now));
    b.tokens = Math.min(this.options.capacity, b.tokens + cost);
    this.buckets.set(key, b);
  }

  /** Forgets every bucket. */
  clear(): void {
    this.buckets.clear();
  }

  get size(): number {
    return this.buckets.size;
  }

  /** The keys held (for tests: they must never be addresses). */
  keys(): string[] {
    return [...this.buckets.keys()];
  }

  private prune(now: number): void {
    if (this.buckets.size <= this.maxKeys) return;
    for (const [key] of this.buckets) {
      if (this.refilled(key, now).tokens >= this.options.capacity) this.buckets.delete(key);
      if (this.buckets.size <= this.maxKeys * 0.9) return;
    }
    // Map iteration is in insertion order: the least recently used first.
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys * 0.9) return;
      this.buckets.delete(key);
    }
  }
}
