// The backend against the emulator over real HTTP: tokens from the emulator's /customer/current.jwt after a real
// sign-in (HS512 and HS256), group prices, the SSO URL signing the browser into the emulator's checkout exactly once,
// and SECURITY class E: the emulator's fault injection.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { createEmulator, type Emulator } from '../../../src/emulator/index.js';
import { listen, serve, type Listening } from '../../../src/server/node.js';
import type { HandlerOptions } from '../../../src/server/index.js';
import { recordingLogger } from './helpers.js';
import { emulatorCart } from '../../support/emulator-cart.js';

interface Store {
  emulator: Emulator;
  shop: Listening;
  backend: Listening;
  logger: ReturnType<typeof recordingLogger>;
  close(): Promise<void>;
}

async function startStore(
  options: { emulator?: Parameters<typeof createEmulator>[0]; backend?: Partial<HandlerOptions> } = {},
): Promise<Store> {
  const emulator = createEmulator(options.emulator);
  const shop = await listen(emulator.handle);
  const logger = recordingLogger();
  const { clientId, clientSecret, storeHash, accessToken, channelId } = emulator.app;
  const backend = await serve({
    storeHash,
    clientId,
    clientSecret,
    accessToken,
    channelId,
    storefrontUrl: shop.url,
    apiBaseUrl: shop.url,
    allowedOrigins: [shop.url],
    rateLimit: false,
    logger,
    ...options.backend,
  });
  return {
    emulator,
    shop,
    backend,
    logger,
    close: async () => {
      emulator.faults.clear();
      await backend.close();
      await shop.close();
    },
  };
}

/** Signs in through the storefront's own form and returns the session cookie. */
async function signIn(store: Store, email: string): Promise<string> {
  const customer = store.emulator.seed.customers.find((c) => c.email === email)!;
  const response = await fetch(`${store.shop.url}/login.php?action=check_login`, {
    method: 'POST',
    body: new URLSearchParams({ login_email: email, login_pass: customer.password }),
    redirect: 'manual',
  });
  assert.equal(response.status, 302);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  assert.ok(cookie, 'a session cookie');
  return cookie;
}

async function currentJwt(store: Store, cookie: string): Promise<string> {
  const response = await fetch(`${store.shop.url}/customer/current.jwt?app_client_id=${store.emulator.app.clientId}`, {
    headers: { cookie },
  });
  assert.equal(response.status, 200);
  return (await response.text()).trim();
}

async function call(store: Store, route: string, body: unknown, token?: string) {
  const started = Date.now();
  const response = await fetch(`${store.backend.url}${route}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: store.shop.url,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json(), ms: Date.now() - started, headers: response.headers };
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);

describe('backend against the emulator', () => {
  before(() => process.on('unhandledRejection', onUnhandled));
  after(() => {
    process.off('unhandledRejection', onUnhandled);
    assert.deepEqual(unhandled, [], 'no unhandled rejection anywhere');
  });

  for (const tokenAlgorithm of ['HS512', 'HS256'] as const) {
    it(`verifies a ${tokenAlgorithm} token from /customer/current.jwt after a real sign-in`, async () => {
      const store = await startStore({ emulator: { tokenAlgorithm } });
      try {
        const token = await currentJwt(store, await signIn(store, 'vip@example.com'));
        assert.equal(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).alg, tokenAlgorithm);
        const { status, body } = await call(store, '/session', {}, token);
        assert.equal(status, 200);
        assert.deepEqual(body.customer, { id: 2, email: 'vip@example.com', groupId: 2 });
        assert.ok(body.expiresAt > Date.now() / 1000);
      } finally {
        await store.close();
      }
    });
  }

  it('answers different prices per group, the group taken from the token', async () => {
    const store = await startStore();
    try {
      const items = [{ productId: 77 }, { productId: 80, variantId: 66 }, { productId: 83 }];
      const guest = await call(store, '/prices', { currency: 'USD', items });
      const wholesale = await call(
        store,
        '/prices',
        { currency: 'USD', items },
        await currentJwt(store, await signIn(store, 'wholesale@example.com')),
      );
      const vip = await call(
        store,
        '/prices',
        { currency: 'USD', items },
        await currentJwt(store, await signIn(store, 'vip@example.com')),
      );
      const plain = await call(
        store,
        '/prices',
        { currency: 'USD', items },
        await currentJwt(store, await signIn(store, 'plain@example.com')),
      );
      for (const answer of [guest, wholesale, vip, plain]) assert.equal(answer.status, 200);
      assert.deepEqual(
        [guest.body.groupId, wholesale.body.groupId, vip.body.groupId, plain.body.groupId],
        [null, 1, 2, null],
      );
      const calc = (a: typeof guest) => a.body.items.map((i: any) => i.calculatedPrice.asEntered);
      assert.equal(guest.body.items.length, 3);
      assert.notDeepEqual(calc(wholesale), calc(guest));
      assert.notDeepEqual(calc(vip), calc(guest));
      assert.notDeepEqual(calc(vip), calc(wholesale));
      // Wholesale is 20 % off everything in the seed.
      calc(guest).forEach((p: number, i: number) =>
        assert.ok(Math.abs(calc(wholesale)[i] - p * 0.8) < 0.011, `${calc(wholesale)[i]} vs ${p}`),
      );
      assert.deepEqual(calc(plain), calc(guest));
      for (const item of vip.body.items) {
        for (const field of ['price', 'calculatedPrice'])
          assert.deepEqual(Object.keys(item[field]).sort(), [
            'asEntered',
            'enteredInclusive',
            'taxExclusive',
            'taxInclusive',
          ]);
      }
      const before = store.emulator.calls.count('pricing');
      await call(store, '/prices', { currency: 'USD', items });
      assert.equal(store.emulator.calls.count('pricing'), before, 'served from the cache');
    } finally {
      await store.close();
    }
  });

  it('answers 400 for a currency the store does not sell', async () => {
    const store = await startStore();
    try {
      const { status, body } = await call(store, '/prices', { currency: 'XXX', items: [{ productId: 77 }] });
      assert.equal(status, 400);
      assert.equal(body.error.code, 'ERR_BC_INVALID_REQUEST');
    } finally {
      await store.close();
    }
  });

  /** Follows redirects by hand with a cookie jar, as a browser would; returns the final page and its URL. */
  async function browse(
    url: string,
    jar: Map<string, string> = new Map(),
  ): Promise<{ url: string; text: string; status: number }> {
    for (let hops = 0; hops < 10; hops++) {
      const response = await fetch(url, {
        redirect: 'manual',
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const c of response.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const [k, v] = pair!.split('=');
        jar.set(k!, v ?? '');
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        url = new URL(location, url).href;
        continue;
      }
      return { url, text: await response.text(), status: response.status };
    }
    throw new Error('too many redirects');
  }

  // The REST checkout (default) and the GraphQL one through customer access tokens must both keep this: the shopper's
  // own storefront session signs them into checkout, and a stolen current-customer token signs nobody in.
  for (const [route, backend] of [
    ['REST', {}],
    ['GraphQL, customer access tokens', { checkout: 'graphql', graphqlAuth: 'customer-access-token' }],
  ] as const) {
    it(`lands a signed-in shopper in checkout signed in through their own storefront session (${route})`, async () => {
      const store = await startStore({ backend });
      try {
        const cartId = await emulatorCart(store.shop.url, store.emulator.app);
        const cookie = await signIn(store, 'wholesale@example.com');
        const token = await currentJwt(store, cookie);
        const { status, body } = await call(store, '/checkout', { cartId }, token);
        assert.equal(status, 200);
        assert.equal(body.signedIn, true);
        assert.ok(body.url.startsWith(`${store.shop.url}/cart.php?`), body.url);
        const page = await browse(
          body.url,
          new Map(cookie.split('; ').map((pair) => pair.split('=') as [string, string])),
        );
        assert.equal(page.status, 200);
        assert.ok(page.text.includes('wholesale@example.com'), 'checkout shows the signed-in customer');
      } finally {
        await store.close();
      }
    });

    it(`a stolen current-customer token is worth no storefront session: the thief lands in checkout as a guest (${route})`, async () => {
      const store = await startStore({ backend });
      try {
        const token = await currentJwt(store, await signIn(store, 'wholesale@example.com'));
        // The thief posts the victim's token with a cart of their own, then follows the answer in a fresh browser.
        const thiefCart = await emulatorCart(store.shop.url, store.emulator.app);
        const { status, body } = await call(store, '/checkout', { cartId: thiefCart }, token);
        assert.equal(status, 200);
        assert.ok(!body.url.includes('/login/token/'), body.url);
        const page = await browse(body.url);
        assert.ok(page.text.includes('Guest'), 'the thief is not signed in');
        assert.ok(!page.text.includes('wholesale@example.com'));
        const account = await browse(`${store.shop.url}/account.php`);
        assert.ok(!account.text.includes('wholesale@example.com'));
      } finally {
        await store.close();
      }
    });
  }

  it('sends a guest to the plain checkout, and an unknown cart is 404', async () => {
    const store = await startStore();
    try {
      const cartId = await emulatorCart(store.shop.url, store.emulator.app);
      const { status, body } = await call(store, '/checkout', { cartId });
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(body).sort(), ['signedIn', 'url']);
      assert.equal(body.signedIn, false);
      assert.ok(body.url.startsWith(`${store.shop.url}/cart.php?`));
      const page = await browse(body.url);
      assert.ok(page.text.includes('Guest'));
      const missing = await call(store, '/checkout', { cartId: '00000000-0000-4000-8000-000000000000' });
      assert.equal(missing.status, 404);
      assert.equal(missing.body.error.code, 'ERR_BC_CART_NOT_FOUND');
    } finally {
      await store.close();
    }
  });

  describe('upstream faults (class E)', () => {
    let store: Store;
    const TIMEOUT = 1500;
    before(async () => {
      store = await startStore({
        emulator: { rateLimit: { quota: 100_000, windowMs: 300 } },
        backend: { timeoutMs: TIMEOUT, priceCacheTtlMs: 0 },
      });
    });
    after(() => store.close());
    afterEach(() => {
      store.emulator.faults.clear();
      store.emulator.calls.reset();
    });
    let product = 76;
    const ask = () =>
      call(store, '/prices', { currency: 'USD', items: [{ productId: ++product > 86 ? (product = 77) : product }] });

    it('429 with X-Rate-Limit-Time-Reset-Ms: waits, retries once, succeeds', async () => {
      store.emulator.faults.set('pricing', { status: 429, times: 1 });
      const { status } = await ask();
      assert.equal(status, 200);
      assert.equal(store.emulator.calls.count('pricing'), 2);
    });

    it('429 again after the wait: 503 with Retry-After, one retry only', async () => {
      store.emulator.faults.set('pricing', { status: 429 });
      const { status, body, headers } = await ask();
      assert.equal(status, 503);
      assert.equal(body.error.code, 'ERR_BC_UPSTREAM_UNAVAILABLE');
      assert.ok(Number(headers.get('retry-after')) >= 1);
      assert.equal(store.emulator.calls.count('pricing'), 2);
    });

    it('429 whose reset does not fit the deadline: 503 at once', async () => {
      const slow = await startStore({
        emulator: { rateLimit: { quota: 1, windowMs: 60_000 } },
        backend: { timeoutMs: TIMEOUT },
      });
      try {
        slow.emulator.faults.set('pricing', { status: 429, times: 1 });
        const { status, ms, headers } = await call(slow, '/prices', { currency: 'USD', items: [{ productId: 77 }] });
        assert.equal(status, 503);
        assert.ok(ms < 500, `answered in ${ms} ms, without waiting`);
        assert.ok(Number(headers.get('retry-after')) >= 30, `Retry-After ${headers.get('retry-after')}`);
        assert.equal(slow.emulator.calls.count('pricing'), 1);
      } finally {
        await slow.close();
      }
    });

    it('a quota left at 0 holds every later call until the window resets, instead of spending a 429 on each', async () => {
      const tight = await startStore({
        emulator: { rateLimit: { quota: 1, windowMs: 400 } },
        backend: { timeoutMs: TIMEOUT, priceCacheTtlMs: 0 },
      });
      try {
        assert.equal((await call(tight, '/prices', { currency: 'USD', items: [{ productId: 77 }] })).status, 200);
        const { status, ms } = await call(tight, '/prices', { currency: 'USD', items: [{ productId: 78 }] });
        assert.equal(status, 200);
        assert.ok(ms >= 250, `answered in ${ms} ms: it should have waited for the window to reset`);
        // Two asks, two calls: the second waited rather than meeting a 429 and retrying.
        assert.equal(tight.emulator.calls.count('pricing'), 2);
      } finally {
        await tight.close();
      }
    });

    it('a spent quota whose reset does not fit the deadline: concurrent calls are 503 at once, none goes upstream', async () => {
      const spent = await startStore({
        emulator: { rateLimit: { quota: 1, windowMs: 60_000 } },
        backend: { timeoutMs: TIMEOUT, priceCacheTtlMs: 0 },
      });
      try {
        assert.equal((await call(spent, '/prices', { currency: 'USD', items: [{ productId: 77 }] })).status, 200);
        const answers = await Promise.all(
          [78, 79, 80, 81, 82].map((productId) => call(spent, '/prices', { currency: 'USD', items: [{ productId }] })),
        );
        for (const { status, body, headers, ms } of answers) {
          assert.equal(status, 503);
          assert.equal(body.error.code, 'ERR_BC_UPSTREAM_UNAVAILABLE');
          assert.ok(Number(headers.get('retry-after')) >= 30, `Retry-After ${headers.get('retry-after')}`);
          assert.ok(ms < 500, `answered in ${ms} ms`);
        }
        assert.equal(spent.emulator.calls.count('pricing'), 1);
      } finally {
        await spent.close();
      }
    });

    it('429 without rate-limit headers: bounded backoff, then success or 503, never a hot loop', async () => {
      store.emulator.faults.set('pricing', { status: 429, rateLimitHeaders: false, times: 1 });
      assert.equal((await ask()).status, 200);
      store.emulator.calls.reset();
      store.emulator.faults.set('pricing', { status: 429, rateLimitHeaders: false });
      const { status, ms } = await ask();
      assert.equal(status, 503);
      assert.ok(store.emulator.calls.count('pricing') <= 3, `${store.emulator.calls.count('pricing')} calls`);
      assert.ok(ms <= TIMEOUT + 300, `${ms} ms`);
    });

    it('5xx: at most two jittered retries, then 502', async () => {
      store.emulator.faults.set('pricing', { status: 500, times: 2 });
      assert.equal((await ask()).status, 200);
      assert.equal(store.emulator.calls.count('pricing'), 3);
      store.emulator.calls.reset();
      for (const status of [500, 502, 503]) {
        store.emulator.faults.set('pricing', { status });
        const answer = await ask();
        assert.equal(answer.status, 502, `upstream ${status}`);
        assert.equal(answer.body.error.code, 'ERR_BC_UPSTREAM');
      }
      assert.equal(store.emulator.calls.count('pricing'), 9);
    });

    it('401/403 from BigCommerce: 502, no retry, and a loud log line', async () => {
      for (const status of [401, 403]) {
        store.emulator.calls.reset();
        store.emulator.faults.set('pricing', { status });
        const answer = await ask();
        assert.equal(answer.status, 502);
        assert.equal(store.emulator.calls.count('pricing'), 1);
      }
      assert.ok(store.logger.lines.some((l) => l.level === 'error' && l.event === 'upstream_auth_failed'));
    });

    it('other 4xx: no retry', async () => {
      store.emulator.faults.set('pricing', { status: 409 });
      assert.equal((await ask()).status, 502);
      assert.equal(store.emulator.calls.count('pricing'), 1);
    });

    for (const fault of [{ hang: true }, { trickle: true }]) {
      it(`${Object.keys(fault)[0]}: 504 at the deadline`, async () => {
        store.emulator.faults.set('pricing', fault);
        const { status, body, ms } = await ask();
        assert.equal(status, 504);
        assert.equal(body.error.code, 'ERR_BC_UPSTREAM_TIMEOUT');
        assert.ok(ms >= TIMEOUT - 100 && ms < TIMEOUT + 700, `answered after ${ms} ms`);
      });
    }

    it('latency within the deadline is fine', async () => {
      store.emulator.faults.set('pricing', { latencyMs: 300 });
      assert.equal((await ask()).status, 200);
    });

    for (const kind of ['malformed', 'truncated', 'html', 'empty', 'huge'] as const) {
      it(`${kind} body: 502 with no upstream text in the answer`, async () => {
        store.emulator.faults.set('pricing', { body: kind });
        const { status, body } = await ask();
        assert.equal(status, 502);
        assert.deepEqual(body, {
          error: { code: 'ERR_BC_UPSTREAM', message: 'BigCommerce gave an unexpected answer.' },
        });
      });
    }

    it('faults on redirect_urls surface as 502/504 on /checkout; the store clock is not needed', async () => {
      const cartId = await emulatorCart(store.shop.url, store.emulator.app);
      const token = await currentJwt(store, await signIn(store, 'vip@example.com'));
      store.emulator.faults.set('time', { body: 'html' });
      assert.equal((await call(store, '/checkout', { cartId }, token)).status, 200);
      store.emulator.faults.clear();
      store.emulator.faults.set('redirect_urls', { body: 'html' });
      assert.equal((await call(store, '/checkout', { cartId }, token)).status, 502);
      store.emulator.faults.clear();
      store.emulator.faults.set('redirect_urls', { hang: true });
      assert.equal((await call(store, '/checkout', { cartId }, token)).status, 504);
    });

    it('200 identical concurrent cold asks make one upstream call', async () => {
      const cached = await startStore({ backend: { priceCacheTtlMs: 60_000 } });
      try {
        cached.emulator.faults.set('pricing', { latencyMs: 100 });
        const answers = await Promise.all(
          Array.from({ length: 200 }, () =>
            call(cached, '/prices', { currency: 'USD', items: [{ productId: 84, variantId: 74 }] }),
          ),
        );
        assert.ok(answers.every((a) => a.status === 200));
        assert.equal(new Set(answers.map((a) => JSON.stringify(a.body))).size, 1);
        assert.equal(cached.emulator.calls.count('pricing'), 1);
      } finally {
        await cached.close();
      }
    });
  });
});
