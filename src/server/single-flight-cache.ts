/**
 * A TTL cache with single flight: while a value is being fetched its promise is the cache entry, so identical
 * concurrent asks share one upstream call. Failures are not cached. Size is bounded (oldest entries go first).
 */
export interface SingleFlightCache<V> {
  /** The cached or in-flight value for `key`, or `undefined` when it must be fetched. */
  get(key: string): Promise<V> | undefined;
  /** Records an in-flight fetch; once it settles the value lives `ttlMs` (a failure is forgotten at once). */
  set(key: string, value: Promise<V>): void;
  readonly size: number;
}

export function createSingleFlightCache<V>(options: {
  ttlMs: number;
  maxEntries: number;
  now: () => number;
}): SingleFlightCache<V> {
  const { ttlMs, maxEntries, now } = options;
  const entries = new Map<string, { promise: Promise<V>; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.promise;
    },
    set(key, promise) {
      const entry = { promise, expiresAt: Infinity };
      entries.delete(key);
      entries.set(key, entry);
      for (const oldest of entries.keys()) {
        if (entries.size <= maxEntries) break;
        entries.delete(oldest);
      }
      promise.then(
        () => {
          entry.expiresAt = now() + ttlMs;
          if (ttlMs === 0 && entries.get(key) === entry) entries.delete(key);
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
    },
    get size() {
      return entries.size;
    },
  };
}
