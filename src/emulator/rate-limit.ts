/**
 * BigCommerce's per-store request quota: a fixed window of `windowMs` allowing `quota` requests, shared by every
 * app. Every Management API answer carries the four X-Rate-Limit-* headers; over the quota the answer is 429.
 */
export interface RateLimitOptions {
  quota: number;
  windowMs: number;
}

export interface RateWindow {
  /** Whether this request is over the quota. */
  readonly limited: boolean;
  /** The four X-Rate-Limit-* headers as they stand after this request. */
  readonly headers: Record<string, string>;
}

export interface RateLimiter {
  /** Counts one request. */
  take(): RateWindow;
  /** The headers as they stand, without counting a request (for faulted answers). */
  peek(): RateWindow;
  reset(): void;
}

export function createRateLimiter({ quota, windowMs }: RateLimitOptions, now: () => number): RateLimiter {
  if (!Number.isSafeInteger(quota) || quota < 1) throw new TypeError('rateLimit.quota must be a positive integer');
  if (!Number.isSafeInteger(windowMs) || windowMs < 1)
    throw new TypeError('rateLimit.windowMs must be a positive integer');
  let windowStart = -Infinity;
  let used = 0;

  function roll(): void {
    const t = now();
    if (t >= windowStart + windowMs || t < windowStart) {
      windowStart = t;
      used = 0;
    }
  }

  function window(limited: boolean): RateWindow {
    return {
      limited,
      headers: {
        'X-Rate-Limit-Time-Window-Ms': String(windowMs),
        'X-Rate-Limit-Time-Reset-Ms': String(Math.max(0, windowStart + windowMs - now())),
        'X-Rate-Limit-Requests-Quota': String(quota),
        'X-Rate-Limit-Requests-Left': String(Math.max(0, quota - used)),
      },
    };
  }

  return {
    take() {
      roll();
      if (used >= quota) return window(true);
      used += 1;
      return window(false);
    },
    peek() {
      roll();
      return window(used >= quota);
    },
    reset() {
      windowStart = -Infinity;
      used = 0;
    },
  };
}
