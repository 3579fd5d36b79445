// The Pricing API and /v2/time over real HTTP: prices computed from the seed's rules, whole items asserted.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { apiFetch, serve, T0, type Served } from './support.js';

/** A price object of the default seed (prices entered tax-exclusive, 8 % tax). */
const m = (amount: number) => ({
  as_entered: amount,
  entered_inclusive: false,
  tax_exclusive: amount,
  tax_inclusive: Math.round(amount * 1.08 * 100) / 100,
});

async function prices(served: Served, body: Record<string, unknown>) {
  const response = await apiFetch(served, '/v3/pricing/products', {
    body: { channel_id: 1, currency_code: 'USD', ...body },
  });
  assert.equal(response.status, 200);
  const json = (await response.json()) as { data: unknown[]; meta: object };
  assert.deepEqual(json.meta, {});
  return json.data;
}

describe('emulator Pricing API', () => {
  let served: Served;
  before(async () => (served = await serve()));
  after(() => served.close());
  beforeEach(() => served.emulator.reset());

  it('prices a guest at the sale price, with retail price and savings', async () => {
    assert.deepEqual(await prices(served, { items: [{ product_id: 78 }] }), [
      {
        product_id: 78,
        variant_id: 64,
        options: [],
        reference_request: { product_id: 78 },
        price: m(18),
        calculated_price: m(15),
        bulk_pricing: [],
        sale_price: m(15),
        retail_price: m(22),
        saved: m(7),
      },
    ]);
  });

  it('applies the Wholesale group\u2019s 20 % to every variant and gives the price range', async () => {
    assert.deepEqual(await prices(served, { customer_group_id: 1, items: [{ product_id: 86 }] }), [
      {
        product_id: 86,
        options: [],
        reference_request: { product_id: 86 },
        price: m(45),
        calculated_price: m(36),
        bulk_pricing: [],
        price_range: { minimum: m(36), maximum: m(52) },
      },
    ]);
  });

  it('applies VIP\u2019s product rule over its store-wide rule, with modifier adjusters and MAP', async () => {
    const options = [{ option_id: 301, value_id: 211 }];
    assert.deepEqual(await prices(served, { customer_group_id: 2, items: [{ product_id: 83, options }] }), [
      {
        product_id: 83,
        variant_id: 73,
        options,
        reference_request: { product_id: 83, options },
        price: m(97),
        calculated_price: m(75),
        bulk_pricing: [],
        retail_price: m(119),
        saved: m(44),
        minimum_advertised_price: m(79),
      },
    ]);
  });

  it('lists bulk tiers, takes the group from customer_id, and resolves variants from options', async () => {
    const [mug, tee] = await prices(served, {
      customer_id: 2,
      items: [
        { product_id: 79, variant_id: 65 },
        { product_id: 77, options: [{ option_id: 101, value_id: 202 }] },
      ],
    });
    const percent = (n: number) => ({ as_entered: n, entered_inclusive: false, tax_exclusive: n, tax_inclusive: n });
    assert.deepEqual(mug, {
      product_id: 79,
      variant_id: 65,
      options: [],
      reference_request: { product_id: 79, variant_id: 65 },
      price: m(12.5),
      calculated_price: m(10),
      bulk_pricing: [
        { minimum: 5, maximum: 9, discount_amount: 5, discount_type: 'percent', tax_discount_amount: [percent(5)] },
        { minimum: 10, maximum: 0, discount_amount: 10, discount_type: 'percent', tax_discount_amount: [percent(10)] },
      ],
    });
    assert.deepEqual(tee, {
      product_id: 77,
      variant_id: 62,
      options: [{ option_id: 101, value_id: 202 }],
      reference_request: { product_id: 77, options: [{ option_id: 101, value_id: 202 }] },
      price: m(25),
      calculated_price: m(22.5),
      bulk_pricing: [],
      retail_price: m(30),
      saved: m(7.5),
      price_range: { minimum: m(22.5), maximum: m(22.5) },
      retail_price_range: { minimum: m(30), maximum: m(30) },
    });
  });

  it('gives plain catalog prices for group 0, converts currencies, and leaves unknown products out', async () => {
    const data = await prices(served, {
      customer_group_id: 0,
      currency_code: 'EUR',
      items: [{ product_id: 99 }, { product_id: 9999 }, { product_id: 99, variant_id: 1 }],
    });
    assert.deepEqual(data, [
      {
        product_id: 99,
        variant_id: 118,
        options: [],
        reference_request: { product_id: 99 },
        price: m(34.96),
        calculated_price: m(34.96),
        bulk_pricing: [],
        retail_price: m(41.4),
        saved: m(6.44),
      },
    ]);
  });

  it('answers 422 with a v3 error body naming each bad field', async () => {
    const response = await apiFetch(served, '/v3/pricing/products', {
      body: {
        currency_code: 'XXX',
        customer_group_id: 77,
        items: [{ product_id: 'a' }, { product_id: 1, options: [{}] }],
      },
    });
    assert.equal(response.status, 422);
    assert.deepEqual(await response.json(), {
      status: 422,
      title: 'JSON data is missing or invalid',
      type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
      errors: {
        channel_id: 'is required and must be a positive integer',
        currency_code: 'XXX is not a transactional currency of the store',
        customer_group_id: 'customer group 77 does not exist',
        'items.0.product_id': 'must be a positive integer',
        'items.1.options.0': 'needs integer option_id and value_id',
      },
    });
  });

  it('answers 401 without or with a wrong X-Auth-Token, 415 for a form body', async () => {
    for (const token of [null, 'wrong']) {
      const response = await apiFetch(served, '/v3/pricing/products', { body: { items: [] }, token });
      assert.equal(response.status, 401);
      assert.equal(((await response.json()) as { status: number }).status, 401);
    }
    const form = await fetch(`${served.api}/v3/pricing/products`, {
      method: 'POST',
      headers: { 'x-auth-token': served.emulator.app.accessToken, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    assert.equal(form.status, 415);
  });
});

describe('emulator /v2/time', () => {
  let served: Served;
  before(async () => (served = await serve()));
  after(() => served.close());

  it('answers the store clock in seconds, following clock.set and clock.advance', async () => {
    const time = async () => (await (await apiFetch(served, '/v2/time')).json()) as { time: number };
    assert.deepEqual(await time(), { time: T0 / 1000 });
    served.emulator.clock.advance(90_500);
    assert.deepEqual(await time(), { time: T0 / 1000 + 90 });
    served.emulator.clock.set(Date.UTC(2030, 0, 1));
    assert.deepEqual(await time(), { time: Date.UTC(2030, 0, 1) / 1000 });
    assert.equal(served.emulator.calls.count('time'), 3);
  });
});
