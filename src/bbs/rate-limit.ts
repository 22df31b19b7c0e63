// A per-client request rate limit: one token bucket per client key (the
// peer's address and port, i.e. one gRPC connection). A bucket holds up to
// `burst` tokens and refills at `ratePerSecond`; a request takes one token or
// is refused. Pure: the clock is passed in; the service around it
// (handlers/context.ts) turns a refusal into RESOURCE_EXHAUSTED, a metric and
// a log line.
//
// Idle clients cost nothing: a bucket that has refilled completely is the same
// as no bucket, so such buckets are dropped on a sweep every `sweepEveryMs`.

export interface RateLimitOptions {
  /** Tokens added per second; 0 turns the limit off. */
  ratePerSecond: number;
  /** Most tokens a bucket holds: the burst a quiet client may send at once. */
  burst: number;
  /** How often full (idle) buckets are dropped (default 10 s). */
  sweepEveryMs?: number;
}

export interface Admission {
  allowed: boolean;
  /** The first refusal after the client was last allowed (log it once, not per request). */
  startedRefusing: boolean;
  /** The first request allowed after refusals (the client slowed down). */
  stoppedRefusing: boolean;
}

interface Bucket {
  tokens: number;
  at: number;
  refusing: boolean;
  refused: number;
}

const ALLOWED: Admission = Object.freeze({ allowed: true, startedRefusing: false, stoppedRefusing: false });

export class ClientRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = -Infinity;
  private readonly sweepEveryMs: number;

  constructor(private readonly opts: RateLimitOptions) {
    if (!(opts.ratePerSecond >= 0)) throw new Error(`ratePerSecond must not be negative, got ${opts.ratePerSecond}`);
    if (opts.ratePerSecond > 0 && !(opts.burst >= 1)) throw new Error(`burst must be at least 1, got ${opts.burst}`);
    this.sweepEveryMs = opts.sweepEveryMs ?? 10_000;
  }

  get ratePerSecond(): number {
    return this.opts.ratePerSecond;
  }

  get burst(): number {
    return this.opts.burst;
  }

  get enabled(): boolean {
    return this.opts.ratePerSecond > 0;
  }

  /** Clients with a bucket (that are not idle). */
  get clients(): number {
    return this.buckets.size;
  }

  /** Requests refused from this client since it was last allowed one. */
  refusedOf(key: string): number {
    return this.buckets.get(key)?.refused ?? 0;
  }

  /** One request from `key` at `now` (ms): allowed, or refused because its bucket is empty. */
  admit(key: string, now: number): Admission {
    if (!this.enabled) return ALLOWED;
    if (now - this.lastSweep >= this.sweepEveryMs) this.sweep(now);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.opts.burst, at: now, refusing: false, refused: 0 };
      this.buckets.set(key, bucket);
    }
    const elapsed = Math.max(0, now - bucket.at) / 1000;
    bucket.tokens = Math.min(this.opts.burst, bucket.tokens + elapsed * this.opts.ratePerSecond);
    bucket.at = Math.max(bucket.at, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      if (!bucket.refusing) return ALLOWED;
      bucket.refusing = false;
      bucket.refused = 0;
      return { allowed: true, startedRefusing: false, stoppedRefusing: true };
    }
    bucket.refused++;
    const started = !bucket.refusing;
    bucket.refusing = true;
    return { allowed: false, startedRefusing: started, stoppedRefusing: false };
  }

  /** Drop the buckets that have refilled completely (their clients went quiet); returns how many. */
  sweep(now: number): number {
    this.lastSweep = now;
    const fullAfterMs = (this.opts.burst / this.opts.ratePerSecond) * 1000;
    let dropped = 0;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.at >= fullAfterMs) {
        this.buckets.delete(key);
        dropped++;
      }
    }
    return dropped;
  }
}
