// Carts, redirect URLs, cart.php and the checkout page, including the signed-in checkout (SSO) flow.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { apiFetch, Browser, T0, servedForEachTest } from './support.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface CartBody {
  data: Record<string, unknown> & {
    id: string;
    redirect_urls?: Record<string, string>;
    line_items: { physical_items: { id: string }[] };
  };
  meta: object;
}

describe('emulator carts', () => {
  const served = servedForEachTest();

  async function createCart(body: unknown, query = '') {
    const response = await apiFetch(served, `/v3/carts${query}`, { body });
    return { response, json: (await response.json()) as CartBody };
  }

  /** A customer-login token for VIP customer 2 whose redirect_to is the checkout URL's path and query. */
  const signInToCheckout = (jti: string, checkoutUrl: URL) => {
    const { app } = served.emulator;
    return new SignJWT({
      iss: app.clientId,
      iat: T0 / 1000,
      jti,
      operation: 'customer_login',
      store_hash: app.storeHash,
      customer_id: 2,
      channel_id: 1,
      redirect_to: `${checkoutUrl.pathname}${checkoutUrl.search}`,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(app.clientSecret));
  };

  it('creates a cart priced for its customer\u2019s group with bulk tiers, and redirect URLs on request', async () => {
    const { response, json } = await createCart(
      {
        customer_id: 1,
        channel_id: 1,
        line_items: [
          { quantity: 5, product_id: 79 },
          { quantity: 1, product_id: 86, variant_id: 82 },
        ],
      },
      '?include=redirect_urls',
    );
    assert.equal(response.status, 201);
    const { id, redirect_urls: urls, line_items } = json.data;
    assert.match(id, UUID);
    const [mugId, beltId] = line_items.physical_items.map((item) => item.id);
    const token = /token=([0-9a-f]{64})$/.exec(urls!.cart_url!)![1];
    const time = new Date(T0).toISOString();
    assert.deepEqual(json, {
      data: {
        id,
        customer_id: 1,
        channel_id: 1,
        email: 'wholesale@example.com',
        currency: { code: 'USD' },
        tax_included: false,
        base_amount: 91.5,
        discount_amount: 0,
        manual_discount_amount: 0,
        cart_amount: 91.5,
        coupons: [],
        discounts: [],
        line_items: {
          physical_items: [
            {
              id: mugId,
              variant_id: 65,
              product_id: 79,
              sku: 'EMU-79',
              name: 'Ceramic Mug',
              url: `${served.url}/products/79/`,
              quantity: 5,
              is_taxable: true,
              discounts: [],
              coupons: [],
              discount_amount: 0,
              coupon_amount: 0,
              // 12.50 − 20 % (Wholesale) = 10.00, − 5 % (bulk tier 5–9) = 9.50
              original_price: 12.5,
              list_price: 9.5,
              sale_price: 9.5,
              extended_list_price: 47.5,
              extended_sale_price: 47.5,
              options: [],
            },
            {
              id: beltId,
              variant_id: 82,
              product_id: 86,
              sku: 'EMU-86-M',
              name: 'Leather Belt',
              url: `${served.url}/products/86/`,
              quantity: 1,
              is_taxable: true,
              discounts: [],
              coupons: [],
              discount_amount: 0,
              coupon_amount: 0,
              original_price: 55,
              list_price: 44,
              sale_price: 44,
              extended_list_price: 44,
              extended_sale_price: 44,
              options: [{ name: 'Size', nameId: 106, value: 'Medium', valueId: 218 }],
            },
          ],
          digital_items: [],
          gift_certificates: [],
          custom_items: [],
        },
        created_time: time,
        updated_time: time,
        locale: 'en-US',
        version: 1,
        redirect_urls: {
          cart_url: `${served.url}/cart.php?action=load&id=${id}&token=${token}`,
          checkout_url: `${served.url}/cart.php?action=loadInCheckout&id=${id}&token=${token}`,
          embedded_checkout_url: `${served.url}/cart.php?embedded=1&action=loadInCheckout&id=${id}&token=${token}`,
        },
      },
      meta: {},
    });
  });

  it('reads a cart back, 404 for an unknown or expired one', async () => {
    const { json } = await createCart({ line_items: [{ quantity: 1, product_id: 78 }] });
    const read = await apiFetch(served, `/v3/carts/${json.data.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(await read.json(), json);
    const unknown = await apiFetch(served, '/v3/carts/00000000-0000-4000-8000-000000000000');
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), {
      status: 404,
      title: 'Cart not found',
      type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
      errors: {},
    });
    served.emulator.clock.advance(31 * 24 * 3600 * 1000);
    assert.equal((await apiFetch(served, `/v3/carts/${json.data.id}`)).status, 404);
  });

  it('refuses a bad cart with 422 naming each field', async () => {
    const { response, json } = await createCart({
      customer_id: 99,
      channel_id: 2,
      line_items: [
        { quantity: 0, product_id: 77 },
        { quantity: 1, product_id: 9999 },
      ],
    });
    assert.equal(response.status, 422);
    assert.deepEqual((json as unknown as { errors: object }).errors, {
      customer_id: 'does not name a customer',
      channel_id: 'channel 2 does not exist',
      'line_items.0.quantity': 'must be a positive integer',
      'line_items.0.variant_id': 'is required: the product has variants',
      'line_items.1.product_id': 'does not name a product',
    });
  });

  it('answers 403 to a token without the carts scope', async () => {
    const readOnly = served.emulator.seed.api_tokens![0]!.access_token;
    const response = await apiFetch(served, '/v3/carts', { body: { line_items: [] }, token: readOnly });
    assert.equal(response.status, 403);
    assert.deepEqual(await response.json(), {
      status: 403,
      title: 'You don\u2019t have a required scope to access the endpoint',
      type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
      errors: { scope: 'requires one of store_cart' },
    });
  });

  it('mints single-use redirect URLs; loadInCheckout shows the cart to a guest', async () => {
    const { json } = await createCart({ line_items: [{ quantity: 2, product_id: 78 }] });
    const response = await apiFetch(served, `/v3/carts/${json.data.id}/redirect_urls`, { method: 'POST' });
    assert.equal(response.status, 201);
    const { data, meta } = (await response.json()) as { data: Record<string, string>; meta: object };
    assert.deepEqual(meta, {});
    assert.deepEqual(Object.keys(data), ['cart_url', 'checkout_url', 'embedded_checkout_url']);
    assert.match(data.checkout_url!, /\/cart\.php\?action=loadInCheckout&id=[0-9a-f-]{36}&token=[0-9a-f]{64}$/);

    const browser = new Browser(served.url);
    const { response: checkout, visited } = await browser.follow(data.checkout_url!);
    assert.deepEqual(visited, ['/checkout']);
    const body = await checkout.text();
    assert.match(body, /<p id="customer">Guest<\/p>/);
    assert.match(body, /<td>Canvas Tote<\/td><td>EMU-78<\/td><td>2<\/td>\n<td>\$15\.00<\/td><td>\$30\.00<\/td>/);

    const second = new Browser(served.url);
    const again = await second.follow(data.checkout_url!);
    assert.deepEqual(again.visited, ['/cart.php']);
    assert.match(await again.response.text(), /Your cart is empty/);
    assert.equal((await apiFetch(served, '/v3/carts/nope/redirect_urls', { method: 'POST' })).status, 404);
  });

  it('signs a shopper into checkout: login token whose redirect_to is the checkout URL\u2019s path', async () => {
    const { json } = await createCart(
      { customer_id: 2, line_items: [{ quantity: 1, product_id: 83 }] },
      '?include=redirect_urls',
    );
    const checkoutUrl = new URL(json.data.redirect_urls!.checkout_url!);
    const token = await signInToCheckout('sso-1', checkoutUrl);
    const browser = new Browser(served.url);
    const { response, visited } = await browser.follow(`/login/token/${token}`);
    assert.deepEqual(visited, [`${checkoutUrl.pathname}${checkoutUrl.search}`, '/checkout']);
    const body = await response.text();
    assert.match(body, /Signed in as <span id="customer-email">vip@example\.com<\/span>/);
    // VIP's product rule: Chef's Knife at a fixed 75.00.
    assert.match(body, /<td>Chef&#39;s Knife<\/td><td>EMU-83<\/td><td>1<\/td>\n<td>\$75\.00<\/td>/);
  });

  it('gives a guest cart to the shopper who signs into its checkout, repriced for their group', async () => {
    const { json } = await createCart({ line_items: [{ quantity: 1, product_id: 83 }] }, '?include=redirect_urls');
    assert.equal(json.data.customer_id, 0);
    const checkoutUrl = new URL(json.data.redirect_urls!.checkout_url!);
    const token = await signInToCheckout('sso-guest-cart', checkoutUrl);
    const { response } = await new Browser(served.url).follow(`/login/token/${token}`);
    const body = await response.text();
    assert.match(body, /Signed in as <span id="customer-email">vip@example\.com<\/span>/);
    assert.match(body, /<td>Chef&#39;s Knife<\/td><td>EMU-83<\/td><td>1<\/td>\n<td>\$75\.00<\/td>/);
    const stored = await apiFetch(served, `/v3/carts/${json.data.id}`);
    assert.equal((await stored.json()).data.customer_id, 2);
  });
});
