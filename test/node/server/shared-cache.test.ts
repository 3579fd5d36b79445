// The optional shared price cache: several backend instances share the prices one of them fetched, per group,
// and a cache that fails or holds garbage never fails a request. The emulator is the store, over real HTTP.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createEmulator, type Emulator } from '../../../src/emulator/index.js';
import { createBackendFor } from '../../../src/local-site/local-store.js';
import type { FetchHandler, HandlerOptions, SharedCache } from '../../../src/server/index.js';
import { SHARED_TIMEOUT_MS as SHARED_CACHE_READ_TIMEOUT_MS } from '../../../src/server/shared-state.js';
import { listen, type Listening } from '../../../src/server/node.js';
import type { PricesResponse } from '../../../src/protocol.js';
import { currentCustomerToken } from '../../support/emulator-token.js';
import { recordingLogger } from './helpers.js';

/** An in-memory stand-in for Redis or Workers KV that records what it is asked. */
function mapCache() {
  const entries = new Map<string, { value: string; ttlMs: number }>();
  const cache: SharedCache & { entries: typeof entries } = {
    entries,
    async get(key) {
      return entries.get(key)?.value;
    },
    async set(key, value, ttlMs) {
      entries.set(key, { value, ttlMs });
    },
  };
  return cache;
}

describe('shared price cache', () => {
  let emulator: Emulator;
  let shop: Listening;

  before(async () => {
    emulator = createEmulator({ rateLimit: { quota: 100_000, windowMs: 30_000 } });
    shop = await listen(emulator.handle);
  });
  after(() => shop.close());
  beforeEach(() => emulator.calls.reset());

  const instance = (overrides: Partial<HandlerOptions> = {}) =>
    createBackendFor(emulator, shop.url, { rateLimit: false, logger: recordingLogger(), ...overrides });

  const tokenFor = (email: string) => currentCustomerToken(shop.url, emulator.app.clientId, email);

  const prices = async (handler: FetchHandler, productIds: number[], token?: string) => {
    const response = await handler(
      new Request('http://backend.test/prices', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ currency: 'USD', items: productIds.map((productId) => ({ productId })) }),
      }),
    );
    assert.equal(response.status, 200);
    return (await response.json()) as PricesResponse;
  };

  it('lets a second instance answer from what the first one fetched, per group, with the configured TTL', async () => {
    const shared = mapCache();
    const first = instance({ sharedCache: shared, priceCacheTtlMs: 45_000 });
    const second = instance({ sharedCache: shared, priceCacheTtlMs: 45_000 });
    const wholesale = await tokenFor('wholesale@example.com');

    const fetched = await prices(first, [80, 81], wholesale);
    assert.equal(emulator.calls.count('pricing'), 1);
    await new Promise((resolve) => setImmediate(resolve)); // the shared writes happen in the background
    assert.deepEqual(await prices(second, [80, 81], wholesale), fetched);
    assert.equal(emulator.calls.count('pricing'), 1, 'the second instance asked BigCommerce nothing');
    assert.deepEqual([...new Set([...shared.entries.values()].map((e) => e.ttlMs))], [45_000]);

    // A guest's prices are another group's: not served from the wholesale entries.
    const guest = await prices(second, [80]);
    assert.equal(emulator.calls.count('pricing'), 2);
    assert.notDeepEqual(guest.items[0]!.calculatedPrice, fetched.items[0]!.calculatedPrice);
  });

  it('asks BigCommerce only for the items the shared cache lacks', async () => {
    const shared = mapCache();
    await prices(instance({ sharedCache: shared }), [80]);
    await new Promise((resolve) => setImmediate(resolve));
    emulator.calls.reset();
    const answer = await prices(instance({ sharedCache: shared }), [80, 82]);
    assert.deepEqual(
      answer.items.map((item) => item.productId),
      [80, 82],
    );
    assert.equal(emulator.calls.count('pricing'), 1);
  });

  it('answers from BigCommerce when the cache fails or holds garbage, and logs it', async () => {
    const logger = recordingLogger();
    const failing: SharedCache = {
      get: async () => {
        throw new Error('connection refused');
      },
      set: async () => {
        throw new Error('connection refused');
      },
    };
    const answer = await prices(instance({ sharedCache: failing, logger }), [80]);
    assert.equal(answer.items.length, 1);
    await new Promise((resolve) => setImmediate(resolve));
    // After the failed read the instance leaves the cache alone for a while (SHARED_RETRY_AFTER_MS): no write tried.
    assert.deepEqual(
      logger.lines.map((line) => [line.event, line.fields.operation]),
      [['shared_cache_failed', 'get']],
    );
    const writeLogger = recordingLogger();
    const unwritable: SharedCache = {
      get: async () => undefined,
      set: async () => {
        throw new Error('read only');
      },
    };
    assert.equal((await prices(instance({ sharedCache: unwritable, logger: writeLogger }), [80])).items.length, 1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      writeLogger.lines.map((line) => [line.event, line.fields.operation, line.fields.detail]),
      [['shared_cache_failed', 'set', 'read only']],
    );

    const garbage = mapCache();
    const poisoned = instance({ sharedCache: garbage });
    await prices(poisoned, [81]);
    await new Promise((resolve) => setImmediate(resolve));
    for (const entry of garbage.entries.values()) entry.value = '{not json';
    emulator.calls.reset();
    const again = await prices(instance({ sharedCache: garbage }), [81]);
    assert.equal(again.items.length, 1);
    assert.equal(emulator.calls.count('pricing'), 1);
  });

  it(`answers from BigCommerce when the cache does not answer a read within ${SHARED_CACHE_READ_TIMEOUT_MS} ms`, async () => {
    const logger = recordingLogger();
    const hanging: SharedCache = {
      get: () => new Promise<never>(() => {}),
      set: async () => {},
    };
    // Without the read timeout this request would never be answered: nothing else bounds the cache's read.
    const answer = await prices(instance({ sharedCache: hanging, logger }), [82, 83]);
    assert.deepEqual(answer.items.map((item) => item.productId).sort(), [82, 83]);
    assert.equal(emulator.calls.count('pricing'), 1);
    // Both reads timed out; the failure is logged once per period, not once per read.
    assert.deepEqual(
      logger.lines
        .filter((line) => line.event === 'shared_cache_failed')
        .map((line) => [line.fields.operation, line.fields.reason]),
      [['get', 'TimeoutError']],
    );
  });

  it('refuses a cache without get and set at construction', () => {
    assert.throws(() => instance({ sharedCache: { get: async () => undefined } as unknown as SharedCache }), {
      name: 'TypeError',
      message: /option "sharedCache" must have get\(key\) and set\(key, value, ttlMs\) methods/,
    });
  });
});
