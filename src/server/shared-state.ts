/**
 * State several backend instances share (`bc-customer-elements/server/redis` implements it on Redis): the price
 * cache, single flight across instances, the per-client limits and the store's quota hold. Each instance keeps its
 * own in-memory state as well and falls back to it whenever the shared store fails or is slow, so a shared store
 * that is down costs coordination, never a shopper's request.
 *
 * Every call into the shared store goes through one `SharedHealth` per handler: bounded by a timeout, skipped for a
 * short while after a failure (so an outage does not add a timeout to every request), logged once per period, and
 * tried again after that while, so the instance recovers by itself when the store is back.
 */
import type { Logger } from './log.js';
import type { Limiter, RateLimiter } from './rate-limit.js';
import type { SharedCache } from './shared-price-cache.js';

/** What a shared store must offer besides the price cache. Every method may reject; the backend then uses its own state. */
export interface SharedState {
  /** The price cache (the `sharedCache` contract). */
  readonly cache: SharedCache;
  /**
   * Takes the short locks of single flight: for each of `keys` that no instance holds, a lock expiring after
   * `ttlMs`. Answers, per key, whether this call took it.
   */
  claim(keys: readonly string[], ttlMs: number): Promise<boolean[]>;
  /** Frees locks this instance took (never another instance's). */
  release(keys: readonly string[]): Promise<void>;
  /**
   * Takes one token from `key`'s bucket of `requests` per `windowMs` (refilled continuously, like the in-memory
   * limiter): 0 when allowed, else the milliseconds until a token is available.
   */
  take(key: string, limit: { requests: number; windowMs: number }): Promise<number>;
  /** Milliseconds `key` (the store's quota) is still held for; 0 when it is not. */
  heldFor(key: string): Promise<number>;
  /** Holds `key` for `ms` milliseconds, unless it is already held longer. */
  hold(key: string, ms: number): Promise<void>;
}

/** How long a call into the shared store may take before the instance goes on without it, in ms. */
export const SHARED_TIMEOUT_MS = 200;
/** After a failure, how long the instance uses only its own state before it tries the shared store again, in ms. */
export const SHARED_RETRY_AFTER_MS = 1_000;
/** Failures of the shared store are logged once per this period (with the count of those not logged), in ms. */
export const SHARED_LOG_PERIOD_MS = 30_000;

class SharedTimeout extends Error {
  override name = 'TimeoutError';
}

export interface SharedHealth {
  /**
   * Runs `operation` against the shared store: `{ value }` when it answered in time, `undefined` when it failed, was
   * slow or is resting after a failure (the caller then uses its own state). Never rejects. `evenResting`: made while
   * resting too (a clean-up that must follow an earlier command, such as freeing locks whose claim may yet land).
   */
  run<T>(
    event: string,
    operation: string,
    call: () => Promise<T>,
    options?: { evenResting?: boolean },
  ): Promise<{ value: T } | undefined>;
  /** Records a failure seen outside `run` (a connection error reported by the client). */
  failed(event: string, operation: string, error: unknown): void;
}

/** One per handler (or adapter): the timeout, the rest after a failure, and the log throttle. */
export function sharedHealth(logger: Logger, clock: () => number = () => performance.now()): SharedHealth {
  let restingUntil = -Infinity;
  let failingSince: number | undefined;
  let failures = 0;
  const lastLogged = new Map<string, { at: number; suppressed: number }>();

  const failed = (event: string, operation: string, error: unknown) => {
    const t = clock();
    restingUntil = t + SHARED_RETRY_AFTER_MS;
    failingSince ??= t;
    failures++;
    const last = lastLogged.get(event);
    if (last && t - last.at < SHARED_LOG_PERIOD_MS) {
      last.suppressed++;
      return;
    }
    lastLogged.set(event, { at: t, suppressed: 0 });
    logger.warn(event, {
      operation,
      reason: error instanceof Error ? error.name : 'error',
      detail: error instanceof Error ? error.message : undefined,
      suppressed: last?.suppressed,
      hint: `the instance uses its own state; failures are logged once per ${SHARED_LOG_PERIOD_MS / 1000} s`,
    });
  };

  return {
    failed,
    async run(event, operation, call, { evenResting = false } = {}) {
      if (!evenResting && clock() < restingUntil) return undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const late = new Promise<never>((_, reject) => {
          // Judged after the I/O that is already waiting: an event loop busy for longer than the timeout runs timers
          // before it reads sockets, and an answer that has arrived must not count as a slow store.
          timer = setTimeout(() => (timer = setTimeout(() => reject(new SharedTimeout()), 0)), SHARED_TIMEOUT_MS);
        });
        const value = await Promise.race([Promise.resolve().then(call), late]);
        if (failingSince !== undefined) {
          logger.info('shared_state_recovered', { afterMs: Math.round(clock() - failingSince), failures });
          failingSince = undefined;
          failures = 0;
          lastLogged.clear();
        }
        return { value };
      } catch (error) {
        failed(event, operation, error);
        return undefined;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Where the backend keeps a store's state in a shared store (the price cache has its own, shared-price-cache.ts). */
const namespace = (storeHash: string) => `bc-customer-elements:v1:${storeHash}:`;

/**
 * A per-client limiter counted across instances: the shared bucket decides while the shared store answers; the
 * instance's own bucket (`local`, always counted) decides when it does not.
 */
export function sharedLimiter(
  state: SharedState,
  health: SharedHealth,
  options: { storeHash: string; name: string; limit: { requests: number; windowMs: number } },
  local: RateLimiter,
): Limiter {
  const prefix = `${namespace(options.storeHash)}limit:${options.name}:`;
  return {
    async take(key) {
      const own = local.take(key);
      const shared = await health.run('shared_state_failed', 'take', () => state.take(prefix + key, options.limit));
      const waitMs = shared?.value;
      return typeof waitMs === 'number' && Number.isFinite(waitMs) && waitMs >= 0 ? waitMs : own;
    },
  };
}

/** The store's quota hold as upstream.ts shares it: what another instance learned, and what this one learns. */
export interface SharedQuotaHold {
  /** Milliseconds every instance is held for (0 when not held, or when the shared store does not answer). */
  heldFor(): Promise<number>;
  /** Holds every instance for `ms` (in the background). */
  hold(ms: number): void;
}

export function sharedQuotaHold(state: SharedState, health: SharedHealth, storeHash: string): SharedQuotaHold {
  const key = `${namespace(storeHash)}quota`;
  return {
    async heldFor() {
      const held = await health.run('shared_state_failed', 'heldFor', () => state.heldFor(key));
      const ms = held?.value;
      return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? ms : 0;
    },
    hold(ms) {
      void health.run('shared_state_failed', 'hold', () => state.hold(key, ms));
    },
  };
}
