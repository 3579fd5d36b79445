/**
 * Per-client limits: a token bucket per client key that refills `requests` tokens every `windowMs` (requests per
 * client in handler.ts, upstream calls per client in price-service.ts).
 * Memory stays bounded: full (idle) buckets are dropped when the table grows.
 */
export interface RateLimiter {
  /** Takes one token for `key`; returns 0 when allowed, else the milliseconds until one is available. */
  take(key: string): number;
}

/** A limiter that may be asynchronous: the in-memory one above, or one counted across instances (shared-state.ts). */
export interface Limiter {
  take(key: string): number | Promise<number>;
}

const MAX_KEYS = 50_000;

export function createRateLimiter(
  { requests, windowMs }: { requests: number; windowMs: number },
  now: () => number,
): RateLimiter {
  const perMs = requests / windowMs;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const prune = (t: number) => {
    for (const [key, bucket] of buckets) {
      if (bucket.tokens + (t - bucket.at) * perMs >= requests) buckets.delete(key);
    }
    // Still full of active clients: drop the oldest half rather than grow without bound.
    if (buckets.size >= MAX_KEYS) {
      let drop = buckets.size / 2;
      for (const key of buckets.keys()) {
        if (drop-- <= 0) break;
        buckets.delete(key);
      }
    }
  };
  return {
    take(key) {
      const t = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= MAX_KEYS) prune(t);
        bucket = { tokens: requests, at: t };
        buckets.set(key, bucket);
      } else {
        bucket.tokens = Math.min(requests, bucket.tokens + Math.max(0, t - bucket.at) * perMs);
        bucket.at = t;
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.ceil((1 - bucket.tokens) / perMs);
    },
  };
}
