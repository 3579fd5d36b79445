// SECURITY class I: limits that keep shoppers served. Without a client address the backend cannot tell clients
// apart, so it must not put them all in one small bucket that a single flooder empties for everyone. Against the
// emulator's real quota window: cold price asks cannot spend the store's quota that checkout needs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEmulator } from '../../../src/emulator/index.js';
import { listen, serve } from '../../../src/server/node.js';
import { emulatorCart } from '../../support/emulator-cart.js';
import { post, recordingLogger, testHandler } from './helpers.js';

const pricesBody = { currency: 'USD', items: [{ productId: 1 }] };

describe('limits without clientIp', () => {
  it('one flooding client does not make another get 429, and the start-up warning is logged once', async () => {
    const { handler, logger } = testHandler({ rateLimit: { requests: 5, windowMs: 60_000 }, now: () => 1_000 });
    // The flood: 60 asks, twelve times the per-client limit, from the same Origin as every real shopper's page.
    for (let i = 0; i < 60; i++) await (await handler(post('/prices', pricesBody))).body?.cancel();
    const shopper = await handler(post('/prices', pricesBody));
    assert.equal(shopper.status, 200);
    const warnings = logger.lines.filter((line) => line.event === 'client_ip_missing');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.level, 'warn');
  });

  it('still has a ceiling: all clients without an address share rateLimit.sharedRequests', async () => {
    const { handler } = testHandler({
      rateLimit: { requests: 5, windowMs: 60_000, sharedRequests: 20 },
      now: () => 1_000,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await handler(post('/prices', pricesBody))).status);
    assert.deepEqual(statuses, [...Array<number>(20).fill(200), 429, 429]);
  });

  it('a clientIp that knows no address for a request counts it against the shared ceiling, not one bucket of 5', async () => {
    const { handler, logger } = testHandler({
      rateLimit: { requests: 5, windowMs: 60_000 },
      clientIp: (request) => request.headers.get('x-test-ip') ?? undefined,
      now: () => 1_000,
    });
    for (let i = 0; i < 30; i++) assert.equal((await handler(post('/prices', pricesBody))).status, 200);
    assert.equal(logger.lines.filter((line) => line.event === 'client_ip_missing').length, 0);
  });

  it('logs nothing about clientIp when no limit needs it', () => {
    const { logger } = testHandler({ rateLimit: false, upstreamBudget: false });
    assert.equal(logger.lines.filter((line) => line.event === 'client_ip_missing').length, 0);
  });
});

describe('the upstream budget with a shared cache', () => {
  it('charges only the asks the shared cache cannot answer either', async () => {
    const store = new Map<string, string>();
    const sharedCache = {
      get: async (key: string) => store.get(key),
      set: async (key: string, value: string) => void store.set(key, value),
    };
    const clientIp = (request: Request) => request.headers.get('x-test-ip') ?? undefined;
    const ask = (handler: (r: Request) => Promise<Response>, productId: number) =>
      handler(post('/prices', { currency: 'USD', items: [{ productId }] }, { 'x-test-ip': 'one-client' })).then(
        (r) => r.status,
      );
    // Another instance fills the shared cache with product 1.
    const other = testHandler({ sharedCache, clientIp });
    assert.equal(await ask(other.handler, 1), 200);
    while (store.size === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    // This instance's client may cause one upstream call: the shared hit is free, the first miss spends it.
    const { handler, bc } = testHandler({
      sharedCache,
      clientIp,
      upstreamBudget: { calls: 1, windowMs: 60_000 },
      now: () => 1_000,
    });
    assert.deepEqual([await ask(handler, 1), await ask(handler, 2), await ask(handler, 3)], [200, 200, 429]);
    assert.equal(bc.calls.pricing, 1);
  });
});

/** The emulated store with the backend in front of it over real HTTP; clients told apart by a test header. */
async function startStore(quota: { quota: number; windowMs: number }) {
  const emulator = createEmulator({ rateLimit: quota });
  const shop = await listen(emulator.handle);
  const { clientId, clientSecret, storeHash, accessToken, channelId } = emulator.app;
  const logger = recordingLogger();
  // Defaults for everything this suite is about: upstreamBudget, quotaReserve, price cache, request limit.
  const backend = await serve({
    storeHash,
    clientId,
    clientSecret,
    accessToken,
    channelId,
    storefrontUrl: shop.url,
    apiBaseUrl: shop.url,
    allowedOrigins: [shop.url],
    clientIp: (request) => request.headers.get('x-test-client') ?? undefined,
    logger,
  });
  const ask = async (route: string, body: unknown, client: string) => {
    const response = await fetch(`${backend.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: shop.url, 'x-test-client': client },
      body: JSON.stringify(body),
    });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
  };
  const createCart = () => emulatorCart(shop.url, emulator.app);
  const close = async () => {
    await backend.close();
    await shop.close();
  };
  return { emulator, ask, createCart, logger, close };
}

/** Runs `count` tasks, `concurrency` at a time; returns their results in order. */
async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

const coldAsk = (productId: number) => ({ currency: 'USD', items: [{ productId }] });

describe('the store quota under a flood of cold price asks', () => {
  it("one client's flood is cut off by its upstream budget, and another client's checkout still succeeds", async (t) => {
    // BigCommerce's real figures: 150 requests per 30 s window.
    const store = await startStore({ quota: 150, windowMs: 30_000 });
    try {
      const cartId = await store.createCart();
      const flood = await pool(150, 10, (i) => store.ask('/prices', coldAsk(100_000 + i), 'flooder'));
      const upstreamCalls = store.emulator.calls.count('pricing');
      const served = flood.filter((r) => r.status === 200);
      const refused = flood.filter((r) => r.status === 429);
      assert.equal(served.length + refused.length, 150, `statuses ${[...new Set(flood.map((r) => r.status))]}`);
      assert.equal(upstreamCalls, served.length, 'a refused ask sends nothing upstream');
      // The default budget: 30 calls per minute (a little refill while the flood runs).
      assert.ok(upstreamCalls >= 30 && upstreamCalls <= 35, `${upstreamCalls} upstream calls`);
      for (const r of refused) {
        assert.equal(r.body.error.code, 'ERR_BC_RATE_LIMITED');
        assert.ok(Number(r.retryAfter) >= 1, `Retry-After ${r.retryAfter}`);
      }
      // What is cached is still served to the flooder: it costs the store nothing.
      const cachedId = 100_000 + flood.findIndex((r) => r.status === 200);
      assert.equal((await store.ask('/prices', coldAsk(cachedId), 'flooder')).status, 200);
      assert.equal(store.emulator.calls.count('pricing'), upstreamCalls);
      // Another shopper checks out.
      const checkout = await store.ask('/checkout', { cartId }, 'shopper');
      t.diagnostic(
        `one client: 150 cold asks -> ${upstreamCalls} upstream calls, ${refused.length} x 429; checkout ${checkout.status}`,
      );
      assert.equal(checkout.status, 200, JSON.stringify(checkout.body));
      assert.ok(typeof checkout.body.url === 'string');
    } finally {
      await store.close();
    }
  });

  it('a flood spread over many clients leaves the reserve to checkout: prices stop, checkout gets 200', async (t) => {
    // A small window of 60 requests: the default reserve keeps 20 % of it (12) from prices.
    const store = await startStore({ quota: 60, windowMs: 60_000 });
    try {
      const cartId = await store.createCart();
      // Every ask from its own address: each one is within its budget; only the reserve stands in the way.
      const flood = await pool(60, 5, (i) => store.ask('/prices', coldAsk(200_000 + i), `client-${i}`));
      const upstreamCalls = store.emulator.calls.count('pricing');
      const held = flood.filter((r) => r.status === 503);
      assert.ok(upstreamCalls <= 60 - 1 - 12, `${upstreamCalls} upstream calls left less than the reserve`);
      assert.ok(held.length > 0);
      for (const r of held) {
        assert.equal(r.body.error.code, 'ERR_BC_UPSTREAM_UNAVAILABLE');
        assert.ok(Number(r.retryAfter) >= 1, `Retry-After ${r.retryAfter}`);
      }
      assert.ok(
        store.logger.lines.some((line) => line.event === 'upstream_rate_limited' && line.fields.reserve !== undefined),
      );
      const checkout = await store.ask('/checkout', { cartId }, 'shopper');
      t.diagnostic(
        `60 clients: 60 cold asks -> ${upstreamCalls} upstream calls, ${held.length} x 503; checkout ${checkout.status}`,
      );
      assert.equal(checkout.status, 200, JSON.stringify(checkout.body));
    } finally {
      await store.close();
    }
  });
});
