// Every route with the backend's session cookie (issue #17, contract items 1-4), over real HTTP against the emulator:
// credentialed CORS for allowed exact origins, the cookie read only from an exact Origin and a JSON body (CSRF), a
// bearer token winning over the cookie, POST /session answering the cookie's customer with `source: 'backend'`, a
// tampered / expired / unknown-key / planted-twice cookie or a customer access token BigCommerce refuses answered 401
// and cleared (the page then goes on as a guest), rotated keys, the customer's group as BigCommerce knows it now,
// `Secure` decided by the page's origin too, and /prices and /checkout as the session's customer with its customer
// access token.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createEmulator, defaultSeed, type Emulator } from '../../../src/emulator/index.js';
import type { FetchHandler, HandlerOptions } from '../../../src/server/index.js';
import { listen, type Listening } from '../../../src/server/node.js';
import { createBackendFor } from '../../../src/local-site/local-store.js';
import { createSessionCookieCodec } from '../../../src/server/session-cookie.js';
import { currentCustomerToken } from '../../support/emulator-token.js';
import { emulatorCart } from '../../support/emulator-cart.js';
import { storefrontGraphql } from '../../support/emulator-graphql.js';
import { newSecret, postAsPage, recordingLogger, SESSION_PAGE, sessionCookieOf, WHOLESALE } from './helpers.js';

const PAGE = SESSION_PAGE;
const KNIFE = { currency: 'USD', items: [{ productId: 83 }] };
const JSON_FROM_PAGE = { origin: PAGE, 'content-type': 'application/json' };

describe('routes with the backend session cookie', () => {
  let emulator: Emulator;
  let shop: Listening;
  let backend: Listening | undefined;
  let logger: ReturnType<typeof recordingLogger>;
  let secret = newSecret();
  /** What the backend sent to the emulator's /graphql: the operation and the customer access token it carried. */
  let sent: { body: string; customerAccessToken: string | null }[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (new URL(request.url).pathname === '/graphql') {
      sent.push({
        body: await request.clone().text(),
        customerAccessToken: request.headers.get('x-bc-customer-access-token'),
      });
    }
    return fetch(request);
  };

  const seed = defaultSeed();
  before(async () => {
    emulator = createEmulator({ seed });
    shop = await listen(emulator.handle);
  });
  after(() => shop.close());
  beforeEach(async () => {
    emulator.reset();
    secret = newSecret();
    await backend?.close();
    backend = undefined;
  });
  after(() => backend?.close());

  async function serve(options: Partial<HandlerOptions> = {}): Promise<string> {
    await backend?.close();
    logger = recordingLogger();
    sent = [];
    const handler: FetchHandler = createBackendFor(emulator, shop.url, {
      fetch: recordingFetch,
      rateLimit: false,
      sessionSecrets: [secret],
      allowedOrigins: [PAGE],
      priceCacheTtlMs: 0,
      now: () => emulator.clock.now(),
      logger,
      ...options,
    });
    backend = await listen(handler);
    return backend.url;
  }

  const call = postAsPage;

  /** Signs the wholesale customer in through the backend; the cookie's `name=value`. */
  async function signIn(url: string): Promise<string> {
    const { response, text } = await call(url, '/sign-in', WHOLESALE);
    assert.equal(response.status, 200, text);
    return `bc_customer_session=${sessionCookieOf(response).value}`;
  }

  const withCookie = (cookie: string, headers: Record<string, string> = JSON_FROM_PAGE) => ({ ...headers, cookie });

  /** Logs a customer access token out at the storefront, as another device of the shopper would. */
  async function logOutElsewhere(customerAccessToken: string): Promise<void> {
    const answer = await storefrontGraphql(shop.url, emulator, 'mutation { logout { result } }', {
      'x-bc-customer-access-token': customerAccessToken,
    });
    assert.equal(answer.status, 200);
  }

  /** The customer access token a cookie (`name=value`) seals. */
  async function tokenIn(cookie: string): Promise<string> {
    const codec = createSessionCookieCodec({
      secrets: [secret],
      maxAgeSeconds: 604_800,
      now: () => emulator.clock.now(),
    });
    const session = await codec.open(cookie.slice(cookie.indexOf('=') + 1));
    assert.ok(session);
    return session.customerAccessToken.value;
  }

  describe('CORS', () => {
    it('answers Access-Control-Allow-Credentials: true to an allowed exact origin on every route, preflights too', async () => {
      const url = await serve();
      for (const route of ['/session', '/prices', '/checkout', '/sign-in', '/sign-out']) {
        const preflight = await fetch(url + route, {
          method: 'OPTIONS',
          headers: { origin: PAGE, 'access-control-request-method': 'POST' },
        });
        assert.equal(preflight.headers.get('access-control-allow-origin'), PAGE, route);
        assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true', route);
      }
      const prices = await call(url, '/prices', KNIFE);
      assert.equal(prices.response.status, 200);
      assert.equal(prices.response.headers.get('access-control-allow-credentials'), 'true');
      // A 429's wait is shown to the shopper: the page must be able to read it.
      assert.equal(prices.response.headers.get('access-control-expose-headers'), 'Retry-After');
      const guest = await call(url, '/session', {});
      assert.equal(guest.response.status, 401);
      assert.equal(guest.response.headers.get('access-control-allow-credentials'), 'true');
      const health = await fetch(`${url}/health`, { headers: { origin: PAGE } });
      assert.equal(health.headers.get('access-control-allow-credentials'), 'true');
      // Never without an allowed origin: none at all, or the backend's own.
      const own = await call(url, '/prices', KNIFE, { origin: url, 'content-type': 'application/json' });
      assert.equal(own.response.headers.get('access-control-allow-credentials'), null);
      const none = await call(url, '/prices', KNIFE, { 'content-type': 'application/json' });
      assert.equal(none.response.headers.get('access-control-allow-credentials'), null);
    });
  });

  describe('POST /session', () => {
    it("answers the cookie's customer with source 'backend' and the session's expiry", async () => {
      const url = await serve();
      const signedIn = await call(url, '/sign-in', WHOLESALE);
      const cookie = `bc_customer_session=${sessionCookieOf(signedIn.response).value}`;
      const session = await call(url, '/session', {}, withCookie(cookie));
      assert.equal(session.response.status, 200, session.text);
      assert.deepEqual(session.body, {
        customer: signedIn.body['customer'],
        source: 'backend',
        expiresAt: signedIn.body['expiresAt'],
      });
      assert.equal(signedIn.body['source'], 'backend');
      assert.equal(session.response.headers.get('set-cookie'), null);
      // An empty body is a JSON POST too (no body at all, still Content-Type: application/json).
      const empty = await fetch(`${url}/session`, { method: 'POST', headers: withCookie(cookie) });
      assert.equal(empty.status, 200);
    });

    it('answers a guest (401) and clears a tampered, expired or unknown-key cookie', async () => {
      const url = await serve();
      const cookie = await signIn(url);
      const value = cookie.slice(cookie.indexOf('=') + 1);
      const tampered = `bc_customer_session=${value.slice(0, -4)}${value.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
      const garbage = 'bc_customer_session=not-a-session';
      const empty = 'bc_customer_session=';
      for (const bad of [tampered, garbage, empty]) {
        const answer = await call(url, '/session', {}, withCookie(bad));
        assert.equal(answer.response.status, 401, bad);
        assert.equal(answer.body['error'].code, 'ERR_BC_UNAUTHORIZED');
        const cleared = sessionCookieOf(answer.response);
        assert.equal(cleared.value, '');
        assert.ok(cleared.attributes.includes('Max-Age=0'));
        assert.ok(cleared.attributes.includes('HttpOnly'));
      }
      // Another key (a backend whose secret is not the one that sealed it).
      secret = newSecret();
      const other = await serve();
      const unknownKey = await call(other, '/session', {}, withCookie(cookie));
      assert.equal(unknownKey.response.status, 401);
      assert.equal(sessionCookieOf(unknownKey.response).value, '');
    });

    it('treats a cookie past its lifetime as a guest', async () => {
      const url = await serve({ sessionMaxAgeSeconds: 3600 });
      const cookie = await signIn(url);
      emulator.clock.advance(3600_000 - 5_000);
      assert.equal((await call(url, '/session', {}, withCookie(cookie))).response.status, 200);
      emulator.clock.advance(10_000);
      const expired = await call(url, '/session', {}, withCookie(cookie));
      assert.equal(expired.response.status, 401);
      assert.equal(sessionCookieOf(expired.response).value, '');
    });

    it('keeps sessions across a key rotation: the old secret second still opens; removed, its sessions are guests', async () => {
      const oldSecret = secret;
      const url = await serve();
      const cookie = await signIn(url);
      const newSecret_ = newSecret();
      const rotated = await serve({ sessionSecrets: [newSecret_, oldSecret] });
      const still = await call(rotated, '/session', {}, withCookie(cookie));
      assert.equal(still.response.status, 200, still.text);
      assert.equal(still.body['customer'].email, WHOLESALE.email);
      // New sign-ins are sealed with the new secret: they open once the old one is gone.
      const fresh = await signIn(rotated);
      const dropped = await serve({ sessionSecrets: [newSecret_] });
      assert.equal((await call(dropped, '/session', {}, withCookie(fresh))).response.status, 200);
      const gone = await call(dropped, '/session', {}, withCookie(cookie));
      assert.equal(gone.response.status, 401);
      assert.equal(sessionCookieOf(gone.response).value, '');
    });

    it('ends the session when BigCommerce refuses its customer access token (logged out elsewhere)', async () => {
      const url = await serve();
      const cookie = await signIn(url);
      const token = await tokenIn(cookie);
      assert.equal((await call(url, '/session', {}, withCookie(cookie))).response.status, 200);
      // Logged out on another device: the token dies everywhere (graphql-storefront.mdx).
      await logOutElsewhere(token);
      const customer = await storefrontGraphql(shop.url, emulator, '{ customer { entityId } }', {
        'x-bc-customer-access-token': token,
      });
      assert.equal(((await customer.json()) as { data: { customer: unknown } }).data.customer, null);
      // The last confirmation is remembered for a minute; past it, BigCommerce is asked again.
      emulator.clock.advance(61_000);
      const refused = await call(url, '/session', {}, withCookie(cookie));
      assert.equal(refused.response.status, 401, refused.text);
      assert.equal(refused.body['error'].code, 'ERR_BC_UNAUTHORIZED');
      assert.equal(sessionCookieOf(refused.response).value, '');
      assert.ok(!logger.text().includes(token), 'the token is never logged');
    });

    it('keeps the session when the storefront fails for everyone (not a refusal of the customer)', async () => {
      const url = await serve();
      const cookie = await signIn(url);
      emulator.clock.advance(61_000);
      emulator.faults.set('graphql', { status: 503, times: 5 });
      const failing = await call(url, '/session', {}, withCookie(cookie));
      // The sealed, unexpired customer stands (as /prices prices them), the check logged; nobody is signed out.
      assert.equal(failing.response.status, 200, failing.text);
      assert.equal(failing.body['customer'].email, WHOLESALE.email);
      assert.equal(failing.response.headers.get('set-cookie'), null);
      assert.ok(logger.lines.some((l) => l.event === 'session_check_failed'));
    });

    it("answers the customer's group as BigCommerce knows it now, not as it was sealed at sign-in", async () => {
      const url = await serve({ pricing: 'rest' });
      const cookie = await signIn(url);
      assert.equal((await call(url, '/session', {}, withCookie(cookie))).body['customer'].groupId, 1);
      const wholesale = seed.customers.find((c) => c.email === WHOLESALE.email)!;
      // The merchant moves the customer to another group (the cookie still says group 1, for up to its lifetime).
      (wholesale as { customer_group_id: number }).customer_group_id = 2;
      try {
        emulator.clock.advance(61_000);
        const session = await call(url, '/session', {}, withCookie(cookie));
        assert.equal(session.body['customer'].groupId, 2, session.text);
        const prices = await call(url, '/prices', KNIFE, withCookie(cookie));
        assert.equal(prices.body['groupId'], 2, prices.text);
      } finally {
        (wholesale as { customer_group_id: number }).customer_group_id = 1;
      }
    });

    it('answers 401 when the cookie is there twice (one planted for the whole domain by a sibling host)', async () => {
      const url = await serve();
      const victim = await signIn(url);
      // The attacker's own valid session, planted with Domain= by a sibling subdomain: the browser sends both.
      const planted = await signIn(url);
      for (const [route, body] of [
        ['/session', {}],
        ['/prices', KNIFE],
        ['/checkout', { cartId: await emulatorCart(shop.url, emulator.app) }],
      ] as const) {
        const answer = await call(url, route, body, withCookie(`${planted}; ${victim}`));
        assert.equal(answer.response.status, 401, `${route}: ${answer.text}`);
        assert.equal(answer.body['error'].code, 'ERR_BC_UNAUTHORIZED');
        assert.ok(!answer.text.includes('session-sync'), route);
      }
    });
  });

  describe('CSRF', () => {
    const foreign: Record<string, string>[] = [
      { origin: 'http://evil.example.test', 'content-type': 'application/json' },
      { origin: `${PAGE}.evil.example.test`, 'content-type': 'application/json' },
      // Same site as the page (SameSite=Lax sends the cookie), yet not an allowed origin.
      { origin: 'http://other.page.example.test:8080', 'content-type': 'application/json' },
      { origin: 'null', 'content-type': 'application/json' },
      { 'content-type': 'application/json' },
      { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
    ];
    const bodies: Record<string, unknown> = { '/session': {}, '/prices': KNIFE, '/checkout': { cartId: 'x-1' } };

    it('refuses every cookie-identified request from another origin or without Origin, and answers nothing from it', async () => {
      const url = await serve();
      const cookie = await signIn(url);
      for (const [route, body] of Object.entries(bodies)) {
        for (const headers of foreign) {
          const answer = await call(url, route, body, withCookie(cookie, headers));
          assert.equal(answer.response.status, 403, `${route} ${JSON.stringify(headers)}: ${answer.text}`);
          assert.equal(answer.body['error'].code, 'ERR_BC_ORIGIN_FORBIDDEN');
          assert.equal(answer.response.headers.get('set-cookie'), null);
          assert.ok(!answer.text.includes(WHOLESALE.email));
        }
      }
    });

    it('refuses a cookie-identified request whose body is not JSON', async () => {
      const url = await serve();
      const cookie = await signIn(url);
      for (const route of Object.keys(bodies)) {
        for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
          const answer = await call(url, route, '{}', withCookie(cookie, { origin: PAGE, 'content-type': type }));
          assert.equal(answer.response.status, 415, `${route} ${type}`);
          assert.equal(answer.body['error'].code, 'ERR_BC_UNSUPPORTED_MEDIA_TYPE');
        }
      }
    });

    it('still serves guests and bearer tokens without Origin (the cookie is what asks for it)', async () => {
      const url = await serve();
      const guest = await call(url, '/prices', KNIFE, { 'content-type': 'application/json' });
      assert.equal(guest.response.status, 200);
      assert.equal(guest.body['groupId'], null);
    });
  });

  describe('/prices and /checkout as the session', () => {
    /** The knife's price and group as a bearer token of `email` gets them: what the session must match. */
    async function pricesByBearer(url: string, email: string) {
      const token = await currentCustomerToken(shop.url, emulator.app.clientId, email);
      const answer = await call(url, '/prices', KNIFE, { ...JSON_FROM_PAGE, authorization: `Bearer ${token}` });
      assert.equal(answer.response.status, 200, answer.text);
      return answer.body;
    }

    for (const pricing of ['rest', 'graphql'] as const) {
      it(`prices as the session's customer (pricing: '${pricing}')`, async () => {
        const url = await serve({ pricing });
        const guest = await call(url, '/prices', KNIFE);
        const cookie = await signIn(url);
        const token = await tokenIn(cookie);
        sent = [];
        const answer = await call(url, '/prices', KNIFE, withCookie(cookie));
        assert.equal(answer.response.status, 200, answer.text);
        assert.equal(answer.body['groupId'], 1);
        assert.equal(answer.response.headers.get('set-cookie'), null);
        const expected = await pricesByBearer(url, WHOLESALE.email);
        assert.deepEqual(answer.body, expected);
        assert.notDeepEqual(answer.body['items'], guest.body['items'], 'the wholesale group has its own price');
        const priceCalls = sent.filter((s) => s.body.includes('BcCustomerElementsPrices'));
        if (pricing === 'graphql') {
          // Asked with the session's own customer access token: no customer-login JWT minted for this customer.
          assert.ok(priceCalls.length >= 1);
          assert.equal(priceCalls[0]!.customerAccessToken, token);
          assert.ok(
            !sent.slice(0, sent.indexOf(priceCalls[0]!)).some((s) => s.body.includes('loginWithCustomerLoginJwt')),
          );
        } else {
          // The REST Pricing API never sees the token; BigCommerce was asked whether it still stands.
          assert.equal(priceCalls.length, 0);
          assert.ok(sent.some((s) => s.body.includes('BcCustomerElementsSession') && s.customerAccessToken === token));
        }
        assert.ok(!answer.text.includes(token));
      });

      it(`answers 401 to prices for a session BigCommerce refuses, and clears the cookie (pricing: '${pricing}')`, async () => {
        const url = await serve({ pricing });
        const guest = await call(url, '/prices', KNIFE);
        const cookie = await signIn(url);
        assert.equal((await call(url, '/prices', KNIFE, withCookie(cookie))).body['groupId'], 1);
        await logOutElsewhere(await tokenIn(cookie));
        emulator.clock.advance(61_000);
        const refused = await call(url, '/prices', KNIFE, withCookie(cookie));
        // Never a guest's prices to a page that shows a signed-in shopper: 401, so it asks for its session again.
        assert.equal(refused.response.status, 401, refused.text);
        assert.equal(refused.body['error'].code, 'ERR_BC_UNAUTHORIZED');
        assert.equal(sessionCookieOf(refused.response).value, '');
        assert.equal(guest.body['groupId'], null);
      });
    }

    it("prices the session's group by REST when the session cannot be checked (the storefront's GraphQL failing)", async () => {
      const url = await serve({ pricing: 'rest' });
      const cookie = await signIn(url);
      emulator.clock.advance(61_000);
      emulator.faults.set('graphql', { status: 503, times: 10 });
      const answer = await call(url, '/prices', KNIFE, withCookie(cookie));
      assert.equal(answer.response.status, 200, answer.text);
      assert.equal(answer.body['groupId'], 1);
      assert.equal(answer.response.headers.get('set-cookie'), null);
      assert.ok(logger.lines.some((l) => l.event === 'session_check_failed'));
    });

    it('answers 401 to prices for a bad cookie and clears it', async () => {
      const url = await serve();
      const answer = await call(url, '/prices', KNIFE, withCookie('bc_customer_session=forged.value'));
      assert.equal(answer.response.status, 401, answer.text);
      assert.equal(sessionCookieOf(answer.response).value, '');
    });

    /** Follows a checkout URL as a browser with no storefront session; the checkout page's HTML at the end. */
    const visitCheckout = async (checkoutUrl: string): Promise<string> => (await visit(checkoutUrl)).page;

    for (const checkout of ['rest', 'graphql'] as const) {
      it(`answers a session-sync checkout URL that lands the shopper in checkout signed in (checkout: '${checkout}')`, async () => {
        const url = await serve({ checkout });
        const cookie = await signIn(url);
        const token = await tokenIn(cookie);
        const cartId = await emulatorCart(shop.url, emulator.app);
        sent = [];
        const answer = await call(url, '/checkout', { cartId }, withCookie(cookie));
        assert.equal(answer.response.status, 200, answer.text);
        assert.equal(answer.body['signedIn'], true);
        assert.ok(answer.body['url'].startsWith(`${shop.url}/session-sync?jwt=`), answer.body['url']);
        assert.ok(sent.some((s) => s.body.includes('createCartRedirectUrls') && s.customerAccessToken === token));
        const page = await visitCheckout(answer.body['url']);
        assert.match(page, /Signed in as <span id="customer-email">wholesale@example\.com<\/span>/);
        assert.match(page, new RegExp(`data-cart-id="${cartId}"`));
        // Single use: a second visit signs nobody in.
        assert.doesNotMatch(await visitCheckout(answer.body['url']), /wholesale@example\.com/);
      });
    }

    it('answers 401 to a checkout for a session BigCommerce refuses or a bad cookie, and clears the cookie', async () => {
      const url = await serve({ checkout: 'graphql' });
      const cookie = await signIn(url);
      const cartId = await emulatorCart(shop.url, emulator.app);
      await logOutElsewhere(await tokenIn(cookie));
      emulator.clock.advance(61_000);
      const answer = await call(url, '/checkout', { cartId }, withCookie(cookie));
      assert.equal(answer.response.status, 401, answer.text);
      assert.equal(answer.body['error'].code, 'ERR_BC_UNAUTHORIZED');
      assert.equal(sessionCookieOf(answer.response).value, '');
      // A bad cookie: the same answer.
      const forged = await call(url, '/checkout', { cartId }, withCookie('bc_customer_session=forged'));
      assert.equal(forged.response.status, 401);
      assert.equal(sessionCookieOf(forged.response).value, '');
    });
  });

  /**
   * Follows `url` as a browser, from the storefront cookie `cookie` (none: a fresh browser); the last page's HTML and
   * the storefront cookie it then holds.
   */
  async function visit(url: string, cookie = ''): Promise<{ page: string; cookie: string }> {
    let next = url;
    for (let hop = 0; hop < 5; hop++) {
      const response = await fetch(next, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      const set = response.headers.getSetCookie().map((c) => c.split(';')[0]!);
      if (set.length > 0) cookie = set.join('; ');
      const location = response.headers.get('location');
      if (!location) return { page: await response.text(), cookie };
      await response.body?.cancel();
      next = new URL(location, next).href;
    }
    throw new Error('too many redirects');
  }

  describe('POST /sign-out', () => {
    it('ends the storefront session a session-sync checkout visit opened', async () => {
      const url = await serve();
      const cookie = await signIn(url);
      const cartId = await emulatorCart(shop.url, emulator.app);
      const checkout = await call(url, '/checkout', { cartId }, withCookie(cookie));
      const storefront = await visit(checkout.body['url']);
      assert.match(storefront.page, /wholesale@example\.com/);
      assert.match((await visit(`${shop.url}/checkout`, storefront.cookie)).page, /wholesale@example\.com/);

      const out = await call(url, '/sign-out', {}, withCookie(cookie));
      assert.equal(out.response.status, 200, out.text);
      assert.equal(sessionCookieOf(out.response).value, '');
      // The storefront's checkout, in the same browser, now shows a guest.
      const after = await visit(`${shop.url}/checkout`, storefront.cookie);
      assert.match(after.page, /<p id="customer">Guest<\/p>/);
      assert.doesNotMatch(after.page, /wholesale@example\.com/);
      // And the backend no longer knows the shopper either.
      assert.equal((await call(url, '/session', {}, withCookie(cookie))).response.status, 401);
    });
  });

  describe('bearer token and cookie together', () => {
    it('identifies by the bearer token alone: the cookie is neither read, checked nor cleared', async () => {
      const url = await serve();
      const cookie = await signIn(url);
      const vip = await currentCustomerToken(shop.url, emulator.app.clientId, 'vip@example.com');
      const bearer = { authorization: `Bearer ${vip}`, 'content-type': 'application/json' };
      const session = await call(url, '/session', {}, withCookie(cookie, { ...bearer, origin: PAGE }));
      assert.equal(session.response.status, 200);
      assert.equal(session.body['customer'].email, 'vip@example.com');
      assert.equal(session.body['source'], undefined);
      // No Origin (a server-side caller) and a tampered cookie: the bearer token decides, nothing is cleared.
      const prices = await call(url, '/prices', KNIFE, withCookie(`${cookie}xx`, bearer));
      assert.equal(prices.response.status, 200, prices.text);
      assert.equal(prices.body['groupId'], 2);
      assert.equal(prices.response.headers.get('set-cookie'), null);
      // A bad bearer token is refused, never rescued by the cookie.
      const bad = await call(
        url,
        '/session',
        {},
        withCookie(cookie, { ...JSON_FROM_PAGE, authorization: 'Bearer x.y.z' }),
      );
      assert.equal(bad.response.status, 401);
      assert.equal(bad.response.headers.get('set-cookie'), null);
    });
  });

  describe('without sign-in configured', () => {
    it('ignores the cookie altogether', async () => {
      const url = await serve({ sessionSecrets: undefined });
      const answer = await call(
        url,
        '/prices',
        KNIFE,
        withCookie('bc_customer_session=whatever', { 'content-type': 'application/json' }),
      );
      assert.equal(answer.response.status, 200);
      assert.equal(answer.response.headers.get('set-cookie'), null);
    });
  });
});
