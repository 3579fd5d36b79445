/**
 * The optional cache several backend instances share (Redis, Memcached, Workers KV, a database): a second level
 * behind each instance's in-memory single-flight cache, so a price one instance fetched serves the others until its
 * TTL ends. Values are JSON strings; the backend namespaces its keys by package version and store.
 *
 * A cache that fails, is slow or answers garbage never fails a request: the backend logs it and asks BigCommerce
 * (shared-state.ts bounds every call and logs failures once per period).
 */
import type { PricedItem } from '../protocol.js';
import type { Logger } from './log.js';
import type { SharedHealth, SharedState } from './shared-state.js';

/** What a shared cache must offer. Both methods may reject; `get` answers `undefined` for a miss. */
export interface SharedCache {
  get(key: string): Promise<string | undefined | null>;
  /** Stores `value` for `ttlMs` milliseconds. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
}

/** A stored answer: the priced item, or `null` for an item the store cannot price. */
type Stored = { v: PricedItem | null };

/**
 * Reads and writes priced items in a shared cache, under keys of one store, failing soft (through `health`: bounded,
 * logged once per period). With `locks` (a `SharedState`), it also offers the short locks of single flight.
 */
export function sharedPriceCache(
  cache: SharedCache,
  options: {
    storeHash: string;
    ttlMs: number;
    logger: Logger;
    health: SharedHealth;
    locks?: Pick<SharedState, 'claim' | 'release'>;
  },
) {
  const prefix = `bc-customer-elements:prices:v1:${options.storeHash}:`;
  const { health, locks } = options;
  const write = (key: string, value: PricedItem | null) =>
    health.run('shared_cache_failed', 'set', () =>
      cache.set(prefix + key, JSON.stringify({ v: value } satisfies Stored), options.ttlMs),
    );
  return {
    /** The stored answer for `key`, or `undefined` when there is none (or it could not be read). */
    async get(key: string): Promise<Stored | undefined> {
      const read = await health.run('shared_cache_failed', 'get', () => cache.get(prefix + key));
      if (typeof read?.value !== 'string') return undefined;
      try {
        const stored = JSON.parse(read.value) as unknown;
        if (typeof stored === 'object' && stored !== null && 'v' in stored) return stored as Stored;
      } catch {
        // Reported below, like any other unreadable entry.
      }
      options.logger.warn('shared_cache_invalid', { key });
      return undefined;
    },
    /** Stores an answer in the background; a failure is logged, never thrown. */
    put(key: string, value: PricedItem | null): void {
      void write(key, value);
    },
    /**
     * Single flight across instances: per key, whether this instance should ask BigCommerce (it took the key's lock,
     * or there are no locks, or the store failed) or wait for another instance's answer in the cache; `locked`: the
     * locks were really taken (the store answered).
     */
    async claim(keys: readonly string[], ttlMs: number): Promise<{ ours: boolean[]; locked: boolean }> {
      const taken =
        locks &&
        (await health.run('shared_state_failed', 'claim', () =>
          locks.claim(
            keys.map((key) => prefix + key),
            ttlMs,
          ),
        ));
      return taken?.value.length === keys.length
        ? { ours: taken.value, locked: true }
        : { ours: keys.map(() => true), locked: false };
    },
    /**
     * Stores the answers of claimed keys, then frees their locks (in that order: a waiter must find the answer).
     * Locks are freed even when the claim failed or the store is resting: a claim that timed out may still land, and
     * the release, sent after it on the same connection, then frees it instead of leaving it to expire.
     */
    settle(
      answers: readonly (readonly [key: string, value: PricedItem | null])[],
      claimed: readonly string[],
    ): Promise<void> {
      return Promise.all(answers.map(([key, value]) => write(key, value))).then(async () => {
        if (!locks || claimed.length === 0) return;
        await health.run('shared_state_failed', 'release', () => locks.release(claimed.map((key) => prefix + key)), {
          evenResting: true,
        });
      });
    },
  };
}

export type SharedPriceCache = ReturnType<typeof sharedPriceCache>;
