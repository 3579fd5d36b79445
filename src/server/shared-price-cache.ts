/**
 * The optional cache several backend instances share (Redis, Memcached, Workers KV, a database): a second level
 * behind each instance's in-memory single-flight cache, so a price one instance fetched serves the others until its
 * TTL ends. Values are JSON strings; the backend namespaces its keys by package version and store.
 *
 * A cache that fails, is slow or answers garbage never fails a request: the backend logs it and asks BigCommerce.
 */
import type { PricedItem } from '../protocol.js';
import type { Logger } from './log.js';

/** What a shared cache must offer. Both methods may reject; `get` answers `undefined` for a miss. */
export interface SharedCache {
  get(key: string): Promise<string | undefined | null>;
  /** Stores `value` for `ttlMs` milliseconds. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
}

/**
 * How long a read may take before it counts as a miss, in ms: a shared cache answers in a few ms when it is well; one
 * that hangs must not hold the shopper's prices until the upstream deadline.
 */
export const SHARED_CACHE_READ_TIMEOUT_MS = 200;

class SharedCacheTimeout extends Error {
  override name = 'TimeoutError';
}

/** A stored answer: the priced item, or `null` for an item the store cannot price. */
type Stored = { v: PricedItem | null };

/** Reads and writes priced items in a shared cache, under keys of one store, failing soft. */
export function sharedPriceCache(cache: SharedCache, options: { storeHash: string; ttlMs: number; logger: Logger }) {
  const prefix = `bc-customer-elements:prices:v1:${options.storeHash}:`;
  return {
    /** The stored answer for `key`, or `undefined` when there is none (or it could not be read). */
    async get(key: string): Promise<Stored | undefined> {
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new SharedCacheTimeout()), SHARED_CACHE_READ_TIMEOUT_MS);
        });
        const text = await Promise.race([cache.get(prefix + key), late]);
        if (typeof text !== 'string') return undefined;
        const stored = JSON.parse(text) as unknown;
        if (typeof stored === 'object' && stored !== null && 'v' in stored) return stored as Stored;
        options.logger.warn('shared_cache_invalid', { key });
      } catch (error) {
        options.logger.warn('shared_cache_failed', { operation: 'get', reason: error instanceof Error ? error.name : 'error' });
      } finally {
        clearTimeout(timer);
      }
      return undefined;
    },
    /** Stores an answer in the background; a failure is logged, never thrown. */
    put(key: string, value: PricedItem | null): void {
      const stored: Stored = { v: value };
      void Promise.resolve()
        .then(() => cache.set(prefix + key, JSON.stringify(stored), options.ttlMs))
        .catch((error: unknown) =>
          options.logger.warn('shared_cache_failed', { operation: 'set', reason: error instanceof Error ? error.name : 'error' }),
        );
    },
  };
}

export type SharedPriceCache = ReturnType<typeof sharedPriceCache>;
