/**
 * The store's clock. A customer-login token's `iat` must be within 30 seconds of BigCommerce's own time and never
 * in its future, and drift of the local clock is the most common cause of "Invalid login", so `iat` comes from
 * `GET /v2/time`: the offset to the local clock is kept and refreshed now and then (one call at a time).
 */
import type { Logger } from './log.js';
import type { Upstream } from './upstream.js';
import { HttpError } from './http.js';

/**
 * How far the store's clock may be from ours before its answer, not our clock, is taken to be wrong: a clock without
 * NTP drifts seconds a day and a hardware clock set to local time instead of UTC is at most 14 hours off, while an
 * answer in milliseconds (or any other unit slip) lands thousands of years away.
 */
export const MAX_STORE_CLOCK_SKEW_MS = 24 * 60 * 60 * 1000;

export interface StoreClock {
  /** The store's current time in whole seconds. */
  nowSeconds(): Promise<number>;
}

export function createStoreClock(options: {
  upstream: Upstream;
  now: () => number;
  refreshMs: number;
  logger: Logger;
}): StoreClock {
  const { upstream, now, refreshMs, logger } = options;
  // The last plausible offset to the local clock.
  let offsetMs: number | undefined;
  // Set when the store's first answers were all implausible: the local clock serves until the next refresh.
  let localFallback = false;
  // When the last refresh started: a failing refresh is not retried on every request, only every `refreshMs`.
  let attemptedAt = -Infinity;
  let pending: Promise<void> | undefined;

  const refresh = (): Promise<void> => {
    attemptedAt = now();
    pending ??= (async () => {
      try {
        const body = await upstream({ route: 'time', method: 'GET', path: '/v2/time' });
        const time = (body as { time?: unknown } | null)?.time;
        if (typeof time !== 'number') {
          logger.warn('upstream_failed', { route: 'time', reason: 'bad time value' });
          throw new HttpError('ERR_BC_UPSTREAM');
        }
        const local = now();
        // The store reports whole seconds: assume the start of that second so `iat` never lands in its future.
        const offset = time * 1000 - local;
        if (!Number.isSafeInteger(time) || !(Math.abs(offset) <= MAX_STORE_CLOCK_SKEW_MS)) {
          // A token's `iat` of 1e12 or a fraction is never right: keep the last good offset, or our own clock.
          logger.warn('store_clock_implausible', { storeTime: time, localTime: Math.floor(local / 1000) });
          if (offsetMs === undefined) localFallback = true;
          return;
        }
        offsetMs = offset;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };

  return {
    async nowSeconds() {
      if (offsetMs === undefined && !localFallback) await refresh();
      else if (now() - attemptedAt > refreshMs) {
        // A stale offset is still far better than the local clock: refresh, and fall back to it on failure.
        await refresh().catch((error: unknown) => {
          logger.warn('store_clock_stale', { reason: error instanceof HttpError ? error.code : 'error' });
        });
      }
      return Math.floor((now() + (offsetMs ?? 0)) / 1000);
    },
  };
}
