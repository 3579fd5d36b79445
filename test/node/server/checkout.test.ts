// SECURITY class C: redirects and SSO. Only a checked path of the storefront is ever answered; a shopper identified
// by a current-customer token gets the checkout URL itself (their storefront session signs them in), never a
// customer-login token that a stolen current-customer token could be traded for (class G).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkedRedirectPath } from '../../../src/server/index.js';
import { STOREFRONT, customerToken, post, testHandler } from './helpers.js';

async function checkout(
  handler: (r: Request) => Promise<Response>,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const response = await handler(post('/checkout', body, headers));
  return { status: response.status, body: (await response.json()) as Record<string, any>, response };
}

describe('checkout and SSO (class C)', () => {
  it('answers a guest with the plain checkout URL on the configured storefront', async () => {
    const { handler, bc } = testHandler();
    const { status, body } = await checkout(handler, { cartId: 'cart-1' });
    assert.equal(status, 200);
    assert.deepEqual(body, {
      url: `${STOREFRONT}/cart.php?action=loadInCheckout&id=cart-1&token=${'ab'.repeat(32)}`,
      signedIn: false,
    });
    assert.equal(bc.calls.time, 0, 'a guest needs no store clock');
  });

  it('answers the embedded checkout URL when asked', async () => {
    const { handler } = testHandler();
    const { body } = await checkout(handler, { cartId: 'cart-1', embedded: true });
    assert.equal(
      body.url,
      `${STOREFRONT}/cart.php?embedded=1&action=loadInCheckout&id=cart-1&token=${'ab'.repeat(32)}`,
    );
  });

  it('answers a signed-in shopper with the checkout URL itself: their storefront session signs them in, no login token', async () => {
    const { handler, bc } = testHandler({ channelId: 3 });
    const { status, body } = await checkout(
      handler,
      { cartId: 'cart-9', embedded: true },
      { authorization: `Bearer ${await customerToken()}` },
    );
    assert.equal(status, 200);
    assert.deepEqual(body, {
      url: `${STOREFRONT}/cart.php?embedded=1&action=loadInCheckout&id=cart-9&token=${'ab'.repeat(32)}`,
      signedIn: true,
    });
    assert.equal(bc.calls.time, 0, 'nothing is minted, so no store clock is needed');
    assert.equal(bc.calls.redirect_urls, 1);
  });

  it('maps an unknown cart to 404 ERR_BC_CART_NOT_FOUND', async () => {
    const { handler } = testHandler();
    const { status, body } = await checkout(handler, { cartId: 'unknown-cart' });
    assert.equal(status, 404);
    assert.deepEqual(body, { error: { code: 'ERR_BC_CART_NOT_FOUND', message: 'The cart does not exist.' } });
  });

  it('ignores a customer id, group or redirect sent by the browser, and Host / X-Forwarded-Host', async () => {
    const { handler } = testHandler();
    for (const extra of [
      { customerId: 1 },
      { groupId: 1 },
      { redirectTo: 'https://evil.com' },
      { storefront: 'https://evil.com' },
    ]) {
      const { status } = await checkout(
        handler,
        { cartId: 'a', ...extra },
        { authorization: `Bearer ${await customerToken()}` },
      );
      assert.equal(status, 400, JSON.stringify(extra));
    }
    const response = await handler(
      new Request('https://evil.com/checkout', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          host: 'evil.com',
          'x-forwarded-host': 'evil.com',
          authorization: `Bearer ${await customerToken()}`,
        },
        body: '{"cartId":"a"}',
      }),
    );
    const body = (await response.json()) as { url: string };
    assert.ok(body.url.startsWith(`${STOREFRONT}/cart.php?`), body.url);
  });

  it('refuses malformed cart ids without calling upstream', async () => {
    const { handler, bc } = testHandler();
    for (const cartId of [
      '',
      '../x',
      'a/b',
      'a?b',
      'a#b',
      'a b',
      '%2e%2e',
      'x'.repeat(65),
      5,
      null,
      ['a'],
      { id: 'a' },
    ]) {
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
      assert.throws(
        () => checkedRedirectPath(value, STOREFRONT),
        (e: { code?: string }) => e.code === 'ERR_BC_INVALID_REDIRECT',
      );
      const { handler, bc } = testHandler();
      bc.checkoutUrl = () => value;
      const { status, body } = await checkout(
        handler,
        { cartId: 'a' },
        { authorization: `Bearer ${await customerToken()}` },
      );
      assert.equal(status, 400);
      assert.deepEqual(body, {
        error: { code: 'ERR_BC_INVALID_REDIRECT', message: 'The checkout address is not on the storefront.' },
      });
    });
  }

  it('keeps good checkout URLs as their path and query', () => {
    assert.equal(
      checkedRedirectPath(`${STOREFRONT}/cart.php?action=loadInCheckout&id=1&token=ab`, STOREFRONT),
      '/cart.php?action=loadInCheckout&id=1&token=ab',
    );
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
          fc
            .tuple(
              fc.constantFrom('/', '//', '\\', '/\\', `${STOREFRONT}/`, 'https:', 'javascript:', '%2f', '/%2e'),
              fc.string({ maxLength: 40 }),
            )
            .map(([a, b]) => a + b),
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

  it('property: for any verified customer the answer is a checkout URL on the storefront that carries no login token', async () => {
    const { handler } = testHandler();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), async (id) => {
        const token = await customerToken({ customer: { id, email: 'p@example.com', group_id: '1' } });
        const { status, body } = await checkout(handler, { cartId: 'a' }, { authorization: `Bearer ${token}` });
        assert.equal(status, 200);
        assert.equal(new URL(body.url).origin, STOREFRONT);
        assert.ok(body.url.startsWith(`${STOREFRONT}/cart.php?`), body.url);
        assert.ok(!body.url.includes('/login/token/') && !/ey[A-Za-z0-9_-]+\.ey/.test(body.url), body.url);
      }),
      { numRuns: 50 },
    );
  });
});
