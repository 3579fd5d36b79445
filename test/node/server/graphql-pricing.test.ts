// `pricing: 'graphql'` and `checkout: 'graphql'` against the emulator over HTTP: the GraphQL Storefront route gives
// the same /prices answers as the REST route for the same customer (guest, each group, no group; variants, options,
// sale, retail, ranges, bulk tiers), through customer access tokens (the default) over the whole seed for every
// seeded customer, and through the older impersonation token; keeps one impersonation token (cached, single flight,
// replaced when refused or near expiry), and sends customers to checkout through createCartRedirectUrls (the plain
// checkout URL: with customer access tokens it is asked with the private token alone). (Its documents are checked
// against schema.graphql with the contract tests, test/node/emulator/contract.test.ts; the customer-access-token
// cache has its own suite, customer-access-token.test.ts.)
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createEmulator, type Emulator } from '../../../src/emulator/index.js';
import type { FetchHandler, HandlerOptions } from '../../../src/server/index.js';
import { listen, type Listening } from '../../../src/server/node.js';
import { BEARER_TOKEN_LIFETIME_S, BEARER_TOKEN_RENEW_S } from '../../../src/server/bearer-token.js';
import type { PricesResponse } from '../../../src/protocol.js';
import { createBackendFor } from '../../../src/local-site/local-store.js';
import { currentCustomerToken } from '../../support/emulator-token.js';
import { recordingLogger, send } from './helpers.js';

describe('GraphQL Storefront pricing and checkout (pricing/checkout: graphql)', () => {
  let emulator: Emulator;
  let shop: Listening;
  const backend = (options: Partial<HandlerOptions> = {}): FetchHandler =>
    createBackendFor(emulator, shop.url, {
      rateLimit: false,
      priceCacheTtlMs: 0,
      now: () => emulator.clock.now(),
      logger: recordingLogger(),
      ...options,
    });

  /** The current-customer token of a seeded customer, from the emulator's /customer/current.jwt. */
  const tokenOf = (email: string) => currentCustomerToken(shop.url, emulator.app.clientId, email);

  const post = (handler: FetchHandler, route: string, body: unknown, token?: string) =>
    send(handler, route, body, { token, origin: shop.url });

  before(async () => {
    emulator = createEmulator();
    shop = await listen(emulator.handle);
  });
  after(() => shop.close());
  beforeEach(() => emulator.reset());

  /** Every product, plus variants, variant options and modifiers. */
  const ITEMS = [
    ...Array.from({ length: 26 }, (_, i) => ({ productId: 77 + i })),
    { productId: 81, variantId: 70 },
    { productId: 80, variantId: 68 },
    { productId: 87, variantId: 86 },
    {
      productId: 84,
      options: [
        { optionId: 104, valueId: 213 },
        { optionId: 105, valueId: 216 },
      ],
    },
    { productId: 83, options: [{ optionId: 301, valueId: 211 }] },
    { productId: 89, options: [{ optionId: 302, valueId: 229 }] },
    { productId: 999 },
  ];

  /** The REST answer as the GraphQL route can carry it: ranges whose ends are equal are left out (docs/graphql.md). */
  function comparable(answer: PricesResponse) {
    const flat = (r?: { minimum: { taxExclusive: number }; maximum: { taxExclusive: number } }) =>
      r && r.minimum.taxExclusive !== r.maximum.taxExclusive ? r : undefined;
    return {
      ...answer,
      items: answer.items.map(({ range, retailRange, ...item }) => ({
        ...item,
        ...(flat(range) ? { range } : {}),
        ...(flat(retailRange) ? { retailRange } : {}),
      })),
    };
  }

  for (const graphqlAuth of ['impersonation', 'customer-access-token'] as const) {
    for (const who of [undefined, 'wholesale@example.com', 'vip@example.com', 'plain@example.com']) {
      it(`gives the same prices as the REST route for ${who ?? 'a guest'} (${graphqlAuth})`, async () => {
        const token = who ? await tokenOf(who) : undefined;
        const rest = await post(backend(), '/prices', { currency: 'USD', items: ITEMS }, token);
        const graphql = await post(
          backend({ pricing: 'graphql', graphqlAuth }),
          '/prices',
          { currency: 'USD', items: ITEMS },
          token,
        );
        assert.equal(rest.status, 200);
        assert.equal(graphql.status, 200);
        assert.equal(rest.body.items.length, ITEMS.length - 1, 'the unknown product is left out by both');
        assert.ok(
          rest.body.items.some((i: Record<string, unknown>) => i.bulk),
          'bulk tiers are compared',
        );
        assert.ok(
          rest.body.items.some((i: Record<string, unknown>) => i.salePrice),
          'sale prices are compared',
        );
        assert.ok(
          rest.body.items.some(
            (i: Record<string, any>) => i.range && i.range.minimum.taxExclusive !== i.range.maximum.taxExclusive,
          ),
        );
        assert.deepEqual(graphql.body, comparable(rest.body as PricesResponse));
      });
    }
  }

  it('agrees with REST over the whole seed for every seeded customer and a guest, through customer access tokens', async () => {
    // Every product, every variant of it, and every modifier value: the whole catalogue the seed describes.
    const items = emulator.seed.products.flatMap((p) => [
      { productId: p.id },
      ...p.variants.map((v) => ({ productId: p.id, variantId: v.id })),
      ...p.modifiers.flatMap((m) =>
        m.option_values.map((v) => ({ productId: p.id, options: [{ optionId: m.id, valueId: v.id }] })),
      ),
    ]);
    const handler = backend({ pricing: 'graphql' });
    const compared: Record<string, number> = {};
    for (const who of [undefined, ...emulator.seed.customers.map((c) => c.email)]) {
      const token = who ? await tokenOf(who) : undefined;
      const rest = await post(backend(), '/prices', { currency: 'USD', items }, token);
      const graphql = await post(handler, '/prices', { currency: 'USD', items }, token);
      assert.equal(rest.status, 200);
      assert.equal(rest.body.items.length, items.length, 'every item is priced');
      assert.deepEqual(graphql.body, comparable(rest.body as PricesResponse), who ?? 'guest');
      compared[who ?? 'guest'] = graphql.body.items.length;
    }
    const customers = emulator.seed.customers.length;
    // Figures (docs/graphql.md): 26 products, 65 variants and 8 modifier values = 99 items, for 5 customers and a
    // guest; one private token, one login per customer, ceil(99 / 25) = 4 documents per shopper.
    assert.equal(items.length, 99);
    assert.deepEqual(Object.values(compared), Array(customers + 1).fill(items.length));
    assert.equal(emulator.calls.count('private_token'), 1);
    assert.equal(emulator.calls.count('graphql'), customers + (customers + 1) * Math.ceil(items.length / 25));
  });

  it('asks GraphQL as the verified customer: that customer\u2019s view, not the group alone', async () => {
    const handler = backend({ pricing: 'graphql' });
    const vip = await post(
      handler,
      '/prices',
      { currency: 'USD', items: [{ productId: 83 }] },
      await tokenOf('vip@example.com'),
    );
    const guest = await post(handler, '/prices', { currency: 'USD', items: [{ productId: 83 }] });
    assert.equal(vip.body.groupId, 2);
    assert.equal(vip.body.items[0].calculatedPrice.taxExclusive, 75, 'VIP fixed price for the knife');
    assert.equal(guest.body.items[0].calculatedPrice.taxExclusive, 89);
  });

  it('creates one impersonation token for many and concurrent requests, and a new one near its expiry', async () => {
    const handler = backend({ pricing: 'graphql', graphqlAuth: 'impersonation' });
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        post(handler, '/prices', { currency: 'USD', items: [{ productId: 77 + i }] }),
      ),
    );
    await post(handler, '/prices', { currency: 'USD', items: [{ productId: 90 }] });
    assert.equal(emulator.calls.count('impersonation'), 1);
    assert.equal(emulator.calls.count('graphql'), 6);
    emulator.clock.advance((BEARER_TOKEN_LIFETIME_S - BEARER_TOKEN_RENEW_S + 1) * 1000);
    assert.equal((await post(handler, '/prices', { currency: 'USD', items: [{ productId: 91 }] })).status, 200);
    assert.equal(emulator.calls.count('impersonation'), 2);
  });

  it('replaces a token the storefront refuses (revoked) and answers as if nothing happened', async () => {
    const handler = backend({ pricing: 'graphql', graphqlAuth: 'impersonation' });
    assert.equal((await post(handler, '/prices', { currency: 'USD', items: [{ productId: 77 }] })).status, 200);
    emulator.reset(); // forgets every impersonation token: the next GraphQL call is a 401
    const again = await post(handler, '/prices', { currency: 'USD', items: [{ productId: 78 }] });
    assert.equal(again.status, 200);
    assert.equal(again.body.items[0].productId, 78);
    assert.equal(emulator.calls.count('impersonation'), 1);
    assert.equal(emulator.calls.count('graphql'), 2);
  });

  it('answers from the cache without GraphQL, per customer', async () => {
    const handler = backend({ pricing: 'graphql', graphqlAuth: 'impersonation', priceCacheTtlMs: 60_000 });
    const vip = await tokenOf('vip@example.com');
    await post(handler, '/prices', { currency: 'USD', items: [{ productId: 77 }] }, vip);
    await post(handler, '/prices', { currency: 'USD', items: [{ productId: 77 }] }, vip);
    assert.equal(emulator.calls.count('graphql'), 1);
    await post(handler, '/prices', { currency: 'USD', items: [{ productId: 77 }] });
    assert.equal(emulator.calls.count('graphql'), 2, 'a guest never gets the customer\u2019s cached price');
  });

  it('keeps the REST route\u2019s validation and errors: 400 before anything goes upstream, 400 for a currency not sold', async () => {
    const handler = backend({ pricing: 'graphql' });
    const bad = await post(handler, '/prices', { currency: 'USD', items: [{ productId: -1 }] });
    assert.equal(bad.status, 400);
    assert.equal(emulator.calls.count(), 0);
    const yen = await post(handler, '/prices', { currency: 'JPY', items: [{ productId: 77 }] });
    assert.deepEqual(
      { status: yen.status, body: yen.body },
      {
        status: 400,
        body: {
          error: { code: 'ERR_BC_INVALID_REQUEST', message: 'BigCommerce cannot price these items in this currency.' },
        },
      },
    );
  });

  it('maps GraphQL faults: 5xx and malformed answers → 502, a hang → 504, 429 → 503', async () => {
    const handler = backend({ pricing: 'graphql', timeoutMs: 400 });
    const cases: [Parameters<Emulator['faults']['set']>[1], number, string][] = [
      [{ status: 500 }, 502, 'ERR_BC_UPSTREAM'],
      [{ body: 'malformed' }, 502, 'ERR_BC_UPSTREAM'],
      [{ body: 'html' }, 502, 'ERR_BC_UPSTREAM'],
      [{ status: 429 }, 503, 'ERR_BC_UPSTREAM_UNAVAILABLE'],
      [{ hang: true }, 504, 'ERR_BC_UPSTREAM_TIMEOUT'],
    ];
    for (const [fault, status, code] of cases) {
      emulator.faults.set('graphql', fault);
      const answer = await post(handler, '/prices', { currency: 'USD', items: [{ productId: 77 }] });
      assert.equal(answer.status, status, JSON.stringify(fault));
      assert.equal(answer.body.error.code, code);
      emulator.faults.clear();
    }
  });

  describe('checkout: graphql', () => {
    async function newCart(): Promise<string> {
      const response = await fetch(`${shop.url}/stores/${emulator.app.storeHash}/v3/carts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-auth-token': emulator.app.accessToken },
        body: JSON.stringify({ line_items: [{ quantity: 1, product_id: 99 }] }),
      });
      return ((await response.json()) as { data: { id: string } }).data.id;
    }

    it('impersonation: takes the checkout URL from createCartRedirectUrls, plain for a guest and for a customer (no login token)', async () => {
      const handler = backend({ checkout: 'graphql', graphqlAuth: 'impersonation' });
      const guest = await post(handler, '/checkout', { cartId: await newCart() });
      assert.equal(guest.status, 200);
      assert.equal(guest.body.signedIn, false);
      assert.match(
        guest.body.url,
        new RegExp(`^${shop.url}/cart\\.php\\?action=loadInCheckout&id=[0-9a-f-]{36}&token=[0-9a-f]{64}$`),
      );
      const signed = await post(
        handler,
        '/checkout',
        { cartId: await newCart(), embedded: true },
        await tokenOf('vip@example.com'),
      );
      assert.equal(signed.body.signedIn, true);
      // The checkout URL itself: the shopper's own storefront session signs them in, no login token.
      assert.match(
        new URL(signed.body.url).pathname + new URL(signed.body.url).search,
        /^\/cart\.php\?embedded=1&action=loadInCheckout&id=/,
      );
      assert.equal(emulator.calls.count('redirect_urls'), 0);
      assert.equal(emulator.calls.count('graphql'), 2);
    });

    it('customer access tokens: the plain checkout URL for a guest and for a customer, asked with the private token alone', async () => {
      const handler = backend({ checkout: 'graphql' });
      const guest = await post(handler, '/checkout', { cartId: await newCart() });
      assert.equal(guest.body.signedIn, false);
      assert.match(
        guest.body.url,
        new RegExp(`^${shop.url}/cart\\.php\\?action=loadInCheckout&id=[0-9a-f-]{36}&token=[0-9a-f]{64}$`),
      );
      const signed = await post(
        handler,
        '/checkout',
        { cartId: await newCart(), embedded: true },
        await tokenOf('vip@example.com'),
      );
      assert.equal(signed.status, 200);
      assert.equal(signed.body.signedIn, true);
      // Not BigCommerce's session-sync URL, which would sign in whoever visits it: the shopper's own storefront session
      // carries them into checkout (test/node/server/emulator.test.ts follows both as the shopper and as a thief).
      assert.match(
        signed.body.url,
        new RegExp(`^${shop.url}/cart\\.php\\?embedded=1&action=loadInCheckout&id=[0-9a-f-]{36}&token=[0-9a-f]{64}$`),
      );
      assert.equal(emulator.calls.count('redirect_urls'), 0);
      assert.equal(emulator.calls.count('graphql'), 2, 'one createCartRedirectUrls each, no login');
    });

    it('answers 404 for an unknown cart', async () => {
      const answer = await post(backend({ checkout: 'graphql' }), '/checkout', { cartId: 'no-such-cart' });
      assert.deepEqual(
        { status: answer.status, body: answer.body },
        { status: 404, body: { error: { code: 'ERR_BC_CART_NOT_FOUND', message: 'The cart does not exist.' } } },
      );
    });
  });

  it('refuses a pricing or checkout option it does not know', () => {
    assert.throws(() => backend({ pricing: 'soap' as never }), { name: 'TypeError', message: /pricing/ });
    assert.throws(() => backend({ checkout: 'graphql-ish' as never }), { name: 'TypeError', message: /checkout/ });
  });
});
