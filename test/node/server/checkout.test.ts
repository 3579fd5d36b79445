// SECURITY class C: redirects and SSO. Only a checked relative path of the storefront ever reaches `redirect_to`;
// every minted token carries the configured claims; the identity comes from the verified token alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { checkedRedirectPath } from '../../../src/server/index.js';
import { CLIENT_ID, SECRET, STORE_HASH, STOREFRONT, customerToken, json, nowSeconds, post, testHandler } from './helpers.js';

const key = new TextEncoder().encode(SECRET);

async function checkout(handler: (r: Request) => Promise<Response>, body: unknown, headers: Record<string, string> = {}) {
  const response = await handler(post('/checkout', body, headers));
  return { status: response.status, body: (await response.json()) as Record<string, any>, response };
}

describe('checkout and SSO (class C)', () => {
  it('answers a guest with the plain checkout URL on the configured storefront', async () => {
    const { handler, bc } = testHandler();
    const { status, body } = await checkout(handler, { cartId: 'cart-1' });
    assert.equal(status, 200);
    assert.deepEqual(body, { url: `${STOREFRONT}/cart.php?action=loadInCheckout&id=cart-1&token=${'ab'.repeat(32)}`, signedIn: false });
    assert.equal(bc.calls.time, 0, 'a guest needs no store clock');
  });

  it('answers the embedded checkout URL when asked', async () => {
    const { handler } = testHandler();
    const { body } = await checkout(handler, { cartId: 'cart-1', embedded: true });
    assert.equal(body.url, `${STOREFRONT}/cart.php?embedded=1&action=loadInCheckout&id=cart-1&token=${'ab'.repeat(32)}`);
  });

  it('mints a customer-login URL with every claim as BigCommerce wants it', async () => {
    const { handler, bc } = testHandler({ channelId: 3 });
    bc.storeTime = nowSeconds() - 120; // the store's clock runs two minutes behind ours
    const { status, body } = await checkout(handler, { cartId: 'cart-9', embedded: true }, { authorization: `Bearer ${await customerToken()}` });
    assert.equal(status, 200);
    assert.equal(body.signedIn, true);
    const prefix = `${STOREFRONT}/login/token/`;
    assert.ok(body.url.startsWith(prefix));
    const jwt = body.url.slice(prefix.length);
    assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(jwt, key, { algorithms: ['HS256'] });
    assert.equal(payload.iss, CLIENT_ID);
    assert.equal(payload['operation'], 'customer_login');
    assert.equal(payload['store_hash'], STORE_HASH);
    assert.equal(payload['customer_id'], 42);
    assert.equal(payload['channel_id'], 3);
    assert.equal(payload['redirect_to'], `/cart.php?embedded=1&action=loadInCheckout&id=cart-9&token=${'ab'.repeat(32)}`);
    assert.equal(payload['redirect_url'], undefined);
    assert.equal(payload['request_ip'], undefined);
    assert.equal(payload.aud, undefined);
    assert.ok(Math.abs(payload.iat! - bc.storeTime) <= 1, `iat ${payload.iat} from the store clock ${bc.storeTime}`);
    assert.match(payload.jti!, /^[0-9a-f-]{36}$/);
  });

  it('gives every token a unique jti and reads the store clock once, then keeps the offset', async () => {
    const { handler, bc } = testHandler();
    const token = await customerToken();
    const jtis = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { body } = await checkout(handler, { cartId: `c${i}` }, { authorization: `Bearer ${token}` });
      jtis.add(decodeJwt(body.url.split('/login/token/')[1]).jti!);
    }
    assert.equal(jtis.size, 20);
    assert.equal(bc.calls.time, 1);
    assert.equal(bc.calls.redirect_urls, 20, 'redirect URLs are single use: fetched every time');
  });

  it('refreshes the store clock after storeClockRefreshMs and keeps a stale offset when the refresh fails', async () => {
    let now = Date.now();
    const { handler, bc, logger } = testHandler({ now: () => now, storeClockRefreshMs: 1000 });
    const token = await customerToken();
    await checkout(handler, { cartId: 'a' }, { authorization: `Bearer ${token}` });
    now += 2000;
    bc.script.time = [() => json(500, {}), () => json(500, {}), () => json(500, {})];
    const { status } = await checkout(handler, { cartId: 'b' }, { authorization: `Bearer ${token}` });
    assert.equal(status, 200);
    assert.equal(bc.calls.time, 4);
    assert.ok(logger.lines.some((l) => l.event === 'store_clock_stale'));
  });

  it('never takes a store clock answered in milliseconds: iat stays in seconds, the answer is logged', async () => {
    let now = Date.now();
    const { handler, bc, logger } = testHandler({ now: () => now, storeClockRefreshMs: 1000 });
    const token = await customerToken();
    const iat = async (cartId: string) => {
      const { status, body } = await checkout(handler, { cartId }, { authorization: `Bearer ${token}` });
      assert.equal(status, 200);
      return decodeJwt(body.url.split('/login/token/')[1]).iat!;
    };
    // A cold clock: the local clock serves.
    bc.script.time = [() => json(200, { time: now })];
    assert.equal(await iat('a'), Math.floor(now / 1000));
    assert.equal(logger.lines.filter((l) => l.event === 'store_clock_implausible').length, 1);
    // A good answer, then milliseconds again: the good offset stays.
    now += 2000;
    bc.storeTime = Math.floor(now / 1000) - 120;
    assert.equal(await iat('b'), bc.storeTime);
    now += 2000;
    bc.script.time = [() => json(200, { time: now })];
    assert.equal(await iat('c'), bc.storeTime + 2);
    assert.equal(logger.lines.filter((l) => l.event === 'store_clock_implausible').length, 2);
    assert.equal(bc.calls.time, 3);
  });

  it('puts request_ip in the token only when asked to', async () => {
    const { handler } = testHandler({ sendRequestIp: true, clientIp: () => '203.0.113.9' });
    const { body } = await checkout(handler, { cartId: 'a' }, { authorization: `Bearer ${await customerToken()}` });
    assert.equal(decodeJwt(body.url.split('/login/token/')[1])['request_ip'], '203.0.113.9');
  });

  it('maps an unknown cart to 404 ERR_BC_CART_NOT_FOUND', async () => {
    const { handler } = testHandler();
    const { status, body } = await checkout(handler, { cartId: 'unknown-cart' });
    assert.equal(status, 404);
    assert.deepEqual(body, { error: { code: 'ERR_BC_CART_NOT_FOUND', message: 'The cart does not exist.' } });
  });

  it('ignores a customer id, group or redirect sent by the browser, and Host / X-Forwarded-Host', async () => {
    const { handler } = testHandler();
    for (const extra of [{ customerId: 1 }, { groupId: 1 }, { redirectTo: 'https://evil.com' }, { storefront: 'https://evil.com' }]) {
      const { status } = await checkout(handler, { cartId: 'a', ...extra }, { authorization: `Bearer ${await customerToken()}` });
      assert.equal(status, 400, JSON.stringify(extra));
    }
    const response = await handler(
      new Request('https://evil.com/checkout', {
        method: 'POST',
        headers: { 'content-type': 'application/json', host: 'evil.com', 'x-forwarded-host': 'evil.com', authorization: `Bearer ${await customerToken()}` },
        body: '{"cartId":"a"}',
      }),
    );
    const body = (await response.json()) as { url: string };
    assert.ok(body.url.startsWith(`${STOREFRONT}/login/token/`));
    assert.equal(decodeJwt(body.url.split('/login/token/')[1])['customer_id'], 42);
  });

  it('refuses malformed cart ids without calling upstream', async () => {
    const { handler, bc } = testHandler();
    for (const cartId of ['', '../x', 'a/b', 'a?b', 'a#b', 'a b', '%2e%2e', 'x'.repeat(65), 5, null, ['a'], { id: 'a' }]) {
      const { status } = await checkout(handler, { cartId });
      assert.equal(status, 400, JSON.stringify(cartId));
    }
    assert.equal((await checkout(handler, { cartId: 'a', embedded: 'yes' })).status, 400);
    assert.equal(bc.calls.redirect_urls, 0);
  });

  const hostile = [
    'https://evil.com/cart.php?action=loadInCheckout',
    '//evil.com/checkout',
    '\\\\evil.com/checkout',
    '/\\evil.com/checkout',
    '\\/evil.com',
    'javascript:alert(1)',
    'JavaScript:alert(1)//',
    'data:text/html,<script>alert(1)</script>',
    'https://shop.example.com@evil.com/checkout',
    'https://user:pass@shop.example.com/checkout',
    'https://shop.example.com.evil.com/checkout',
    'http://shop.example.com/checkout',
    'https://shop.example.com:444/checkout',
    'https://shop.example.com:443/checkout',
    '/checkout\n//evil.com',
    '/\tcheckout',
    '/check\u0000out',
    ' /checkout',
    '/%2f%2fevil.com',
    '/%2F/evil.com',
    '/%5cevil.com',
    '/a/../../evil',
    '/a/%2e%2e/b',
    '/./checkout',
    '/%252f%252fevil.com',
    'checkout',
    '?x=1',
    '',
    'https://',
    'http://[::1',
    `/${'a'.repeat(3000)}`,
    '/\u2028evil',
    '/\uff0e\uff0e/evil',
  ];
  for (const value of hostile) {
    it(`refuses redirect ${JSON.stringify(value.slice(0, 60))} from upstream with 400 and mints nothing`, async () => {
      assert.throws(() => checkedRedirectPath(value, STOREFRONT), (e: { code?: string }) => e.code === 'ERR_BC_INVALID_REDIRECT');
      const { handler, bc } = testHandler();
      bc.checkoutUrl = () => value;
      const { status, body } = await checkout(handler, { cartId: 'a' }, { authorization: `Bearer ${await customerToken()}` });
      assert.equal(status, 400);
      assert.deepEqual(body, { error: { code: 'ERR_BC_INVALID_REDIRECT', message: 'The checkout address is not on the storefront.' } });
    });
  }

  it('keeps good checkout URLs as their path and query', () => {
    assert.equal(checkedRedirectPath(`${STOREFRONT}/cart.php?action=loadInCheckout&id=1&token=ab`, STOREFRONT), '/cart.php?action=loadInCheckout&id=1&token=ab');
    assert.equal(checkedRedirectPath('/checkout?x=%20y', STOREFRONT), '/checkout?x=%20y');
    assert.equal(checkedRedirectPath(`${STOREFRONT}/checkout#frag`, STOREFRONT), '/checkout');
    assert.equal(checkedRedirectPath('/login.php?action=logout', STOREFRONT), '/login.php?action=logout');
  });

  it('property: whatever the input, the result is a same-origin relative path or a 400', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 80 }),
          fc.webUrl({ withQueryParameters: true, withFragments: true }),
          fc.webPath().map((p) => `${STOREFRONT}${p}`),
          fc.tuple(fc.constantFrom('/', '//', '\\', '/\\', `${STOREFRONT}/`, 'https:', 'javascript:', '%2f', '/%2e'), fc.string({ maxLength: 40 })).map(
            ([a, b]) => a + b,
          ),
        ),
        (value) => {
          let path: string;
          try {
            path = checkedRedirectPath(value, STOREFRONT);
          } catch (error) {
            assert.equal((error as { code?: string }).code, 'ERR_BC_INVALID_REDIRECT');
            return;
          }
          assert.ok(path.startsWith('/') && !path.startsWith('//') && !path.includes('\\'), path);
          assert.equal(new URL(path, STOREFRONT).origin, STOREFRONT);
          assert.equal(new URL(path, 'https://other.example').origin, 'https://other.example');
          assert.ok(!/[\u0000-\u001f]/.test(path));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("property: for any verified customer the minted token names that customer and the storefront's cart path", async () => {
    const { handler } = testHandler();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), async (id) => {
        const token = await customerToken({ customer: { id, email: 'p@example.com', group_id: '1' } });
        const { status, body } = await checkout(handler, { cartId: 'a' }, { authorization: `Bearer ${token}` });
        assert.equal(status, 200);
        const claims = decodeJwt(body.url.split('/login/token/')[1]);
        assert.equal(claims['customer_id'], id);
        assert.ok(String(claims['redirect_to']).startsWith('/cart.php?'));
      }),
      { numRuns: 50 },
    );
  });
});
