/**
 * The store's clock. A customer-login token's `iat` must be within 30 seconds of BigCommerce's own time and never
 * in its future, and drift of the local clock is the most common cause of "Invalid login", so `iat` comes from
 * `GET /v2/time`: the offset to the local clock is kept and refreshed now and then (one call at a time).
 */
import type { Logger } from './log.js';
import type { Upstream } from './upstream.js';
import { HttpError } from './http.js';

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
  let offsetMs: number | undefined;
  // When the last refresh started: a failing refresh is not retried on every request, only every `refreshMs`.
  let attemptedAt = -Infinity;
  let pending: Promise<void> | undefined;

  const refresh = (): Promise<void> => {
    attemptedAt = now();
    pending ??= (async () => {
      try {
        const body = await upstream({ route: 'time', method: 'GET', path: '/v2/time' });
        const time = (body as { time?: unknown } | null)?.time;
        if (typeof time !== 'number' || !Number.isSafeInteger(time) || time <= 0) {
          logger.warn('upstream_failed', { route: 'time', reason: 'bad time value' });
          throw new HttpError('ERR_BC_UPSTREAM');
        }
        const local = now();
        // The store reports whole seconds: assume the start of that second so `iat` never lands in its future.
        offsetMs = time * 1000 - local;
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  };

  return {
    async nowSeconds() {
      if (offsetMs === undefined) await refresh();
      else if (now() - attemptedAt > refreshMs) {
        // A stale offset is still far better than the local clock: refresh, and fall back to it on failure.
        await refresh().catch((error: unknown) => {
          logger.warn('store_clock_stale', { reason: error instanceof HttpError ? error.code : 'error' });
        });
      }
      return Math.floor((now() + offsetMs!) / 1000);
    },
  };
}
