// SECURITY class D: pricing requests. Strict validation before anything goes upstream, duplicates merged, the group
// from the verified token only, cache per (group, channel, currency, item), single flight, camelCase answers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_PRICE_ITEMS } from '../../../src/protocol.js';
import { bcMoney, customerToken, json, post, testHandler } from './helpers.js';

const money = (v: number) => ({
  asEntered: v,
  enteredInclusive: false,
  taxExclusive: v,
  taxInclusive: Math.round(v * 110) / 100,
});

async function prices(handler: (r: Request) => Promise<Response>, body: unknown, headers: Record<string, string> = {}) {
  const response = await handler(post('/prices', body, headers));
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('prices (class D)', () => {
  it('answers guest prices in the protocol shape, one upstream call for the batch', async () => {
    const { handler, bc } = testHandler();
    const { status, body } = await prices(handler, {
      currency: 'USD',
      items: [
        { productId: 8, variantId: 2 },
        { productId: 9 },
        { productId: 8, variantId: 2 },
        {
          productId: 7,
          options: [
            { optionId: 5, valueId: 6 },
            { optionId: 1, valueId: 2 },
          ],
        },
      ],
    });
    assert.equal(status, 200);
    assert.equal(bc.calls.pricing, 1);
    assert.deepEqual(bc.pricingBodies[0], {
      channel_id: 1,
      currency_code: 'USD',
      items: [
        { product_id: 8, variant_id: 2 },
        { product_id: 9 },
        {
          product_id: 7,
          options: [
            { option_id: 1, value_id: 2 },
            { option_id: 5, value_id: 6 },
          ],
        },
      ],
    });
    assert.deepEqual(body, {
      currency: 'USD',
      channelId: 1,
      groupId: null,
      items: [
        {
          productId: 8,
          variantId: 2,
          options: [],
          price: money(82),
          calculatedPrice: money(81),
          salePrice: money(81),
          saved: money(1),
          range: { minimum: money(82), maximum: money(87) },
          bulk: [{ minimum: 5, maximum: null, discountAmount: 10, discountType: 'percent' }],
        },
        {
          productId: 9,
          variantId: null,
          options: [],
          price: money(90),
          calculatedPrice: money(89),
          salePrice: money(89),
          saved: money(1),
          range: { minimum: money(90), maximum: money(95) },
          bulk: [{ minimum: 5, maximum: null, discountAmount: 10, discountType: 'percent' }],
        },
        {
          productId: 7,
          variantId: null,
          options: [
            { optionId: 1, valueId: 2 },
            { optionId: 5, valueId: 6 },
          ],
          price: money(70),
          calculatedPrice: money(69),
          salePrice: money(69),
          saved: money(1),
          range: { minimum: money(70), maximum: money(75) },
          bulk: [{ minimum: 5, maximum: null, discountAmount: 10, discountType: 'percent' }],
        },
      ],
    });
  });

  it('prices a signed-in customer with the group from the verified token, never from the body', async () => {
    const { handler, bc } = testHandler();
    const token = await customerToken({ customer: { id: 3, email: 'g@example.com', group_id: '6' } });
    const { body } = await prices(
      handler,
      { currency: 'USD', items: [{ productId: 1 }] },
      { authorization: `Bearer ${token}` },
    );
    assert.equal(body.groupId, 6);
    assert.equal(bc.pricingBodies[0]!['customer_group_id'], 6);
    assert.equal(body.items[0].calculatedPrice.asEntered, 8.1);
    for (const extra of [{ groupId: 1 }, { customerGroupId: 1 }, { customerId: 1 }]) {
      assert.equal((await prices(handler, { currency: 'USD', items: [{ productId: 1 }], ...extra })).status, 400);
    }
  });

  it('prices a customer in no group as group 0 and a guest with no group at all', async () => {
    const { handler, bc } = testHandler();
    const token = await customerToken({ customer: { id: 3, email: 'n@example.com', group_id: '0' } });
    const { body } = await prices(
      handler,
      { currency: 'USD', items: [{ productId: 1 }] },
      { authorization: `Bearer ${token}` },
    );
    assert.equal(body.groupId, null);
    assert.equal(bc.pricingBodies[0]!['customer_group_id'], 0);
    await prices(handler, { currency: 'USD', items: [{ productId: 1 }] });
    assert.equal('customer_group_id' in bc.pricingBodies[1]!, false, 'guest: BigCommerce picks the guest group');
  });

  it('caches per (group, channel, currency, item) and fetches only the missing items', async () => {
    let now = Date.now();
    const { handler, bc } = testHandler({ now: () => now, extraChannelIds: [2], priceCacheTtlMs: 60_000 });
    const guest = { currency: 'USD', items: [{ productId: 1 }, { productId: 2 }] };
    await prices(handler, guest);
    await prices(handler, guest);
    assert.equal(bc.calls.pricing, 1);
    await prices(handler, { currency: 'USD', items: [{ productId: 1 }, { productId: 3 }] });
    assert.equal(bc.calls.pricing, 2);
    assert.deepEqual(bc.pricingBodies[1]!['items'], [{ product_id: 3 }]);
    await prices(handler, { ...guest, currency: 'EUR' });
    await prices(handler, { ...guest, channelId: 2 });
    const token = await customerToken();
    assert.equal((await prices(handler, guest, { authorization: `Bearer ${token}` })).status, 200);
    assert.equal(bc.calls.pricing, 5, 'another currency, channel or group is another cache entry');
    now += 61_000;
    await prices(handler, guest);
    assert.equal(bc.calls.pricing, 6, 'expired after the TTL');
  });

  it('makes one upstream call for 200 identical concurrent cold asks', async () => {
    const { handler, bc } = testHandler();
    bc.script.pricing = [
      async (request) => {
        await new Promise((r) => setTimeout(r, 50));
        const body = (await request.json()) as { items: unknown[] };
        return json(200, {
          data: body.items.map((item) => ({
            ...(item as object),
            reference_request: item,
            price: bcMoney(1),
            calculated_price: bcMoney(1),
          })),
        });
      },
    ];
    const results = await Promise.all(
      Array.from({ length: 200 }, () => prices(handler, { currency: 'USD', items: [{ productId: 5 }] })),
    );
    assert.equal(bc.calls.pricing, 1);
    assert.ok(results.every((r) => r.status === 200 && r.body.items[0].price.asEntered === 1));
  });

  it('does not cache failures: the next ask tries again', async () => {
    const { handler, bc } = testHandler();
    bc.script.pricing = [() => json(400, { status: 400 })];
    assert.equal((await prices(handler, { currency: 'USD', items: [{ productId: 5 }] })).status, 502);
    assert.equal((await prices(handler, { currency: 'USD', items: [{ productId: 5 }] })).status, 200);
    assert.equal(bc.calls.pricing, 2);
  });

  it('leaves out items BigCommerce does not answer for', async () => {
    const { handler, bc } = testHandler();
    bc.script.pricing = [
      () =>
        json(200, {
          data: [
            { product_id: 1, reference_request: { product_id: 1 }, price: bcMoney(1), calculated_price: bcMoney(1) },
          ],
        }),
    ];
    const { body } = await prices(handler, { currency: 'USD', items: [{ productId: 1 }, { productId: 999 }] });
    assert.deepEqual(
      body.items.map((i: { productId: number }) => i.productId),
      [1],
    );
  });

  it('answers 502 for an answer of the wrong shape', async () => {
    for (const answer of [
      {},
      { data: {} },
      { data: [{ product_id: 1, price: { as_entered: '1' }, calculated_price: bcMoney(1) }] },
      { data: [{ product_id: 1, reference_request: { product_id: 1 }, price: bcMoney(1) }] },
      {
        data: [
          {
            product_id: 1,
            reference_request: { product_id: 1 },
            price: bcMoney(1),
            calculated_price: bcMoney(1),
            bulk_pricing: [{ minimum: 1, discount_amount: 1, discount_type: 'free' }],
          },
        ],
      },
    ]) {
      const { handler, bc } = testHandler();
      bc.script.pricing = [() => json(200, answer)];
      const { status, body } = await prices(handler, { currency: 'USD', items: [{ productId: 1 }] });
      assert.equal(status, 502, JSON.stringify(answer));
      assert.equal(body.error.code, 'ERR_BC_UPSTREAM');
    }
  });

  const badBodies: [string, unknown][] = [
    ['no items', { currency: 'USD', items: [] }],
    ['items missing', { currency: 'USD' }],
    ['items not an array', { currency: 'USD', items: { productId: 1 } }],
    [
      'too many items',
      { currency: 'USD', items: Array.from({ length: MAX_PRICE_ITEMS + 1 }, (_, i) => ({ productId: i + 1 })) },
    ],
    ['lower-case currency', { currency: 'usd', items: [{ productId: 1 }] }],
    ['currency injection', { currency: "USD' OR 1=1", items: [{ productId: 1 }] }],
    ['currency missing', { items: [{ productId: 1 }] }],
    ['negative id', { currency: 'USD', items: [{ productId: -1 }] }],
    ['zero id', { currency: 'USD', items: [{ productId: 0 }] }],
    ['fractional id', { currency: 'USD', items: [{ productId: 1.5 }] }],
    ['string id', { currency: 'USD', items: [{ productId: '1' }] }],
    ['1e21 id', { currency: 'USD', items: [{ productId: 1e21 }] }],
    ['2**53+1 id', { currency: 'USD', items: [{ productId: 2 ** 53 + 1 }] }],
    ['object id', { currency: 'USD', items: [{ productId: { $gt: 0 } }] }],
    ['bad variant id', { currency: 'USD', items: [{ productId: 1, variantId: 'x' }] }],
    ['bad option', { currency: 'USD', items: [{ productId: 1, options: [{ optionId: 1, valueId: -2 }] }] }],
    [
      'repeated option',
      {
        currency: 'USD',
        items: [
          {
            productId: 1,
            options: [
              { optionId: 1, valueId: 2 },
              { optionId: 1, valueId: 3 },
            ],
          },
        ],
      },
    ],
    ['options not an array', { currency: 'USD', items: [{ productId: 1, options: 'a' }] }],
    [
      'too many options',
      {
        currency: 'USD',
        items: [{ productId: 1, options: Array.from({ length: 21 }, (_, i) => ({ optionId: i + 1, valueId: 1 })) }],
      },
    ],
    ['unknown item field', { currency: 'USD', items: [{ productId: 1, price: 0 }] }],
    ['unknown field', { currency: 'USD', items: [{ productId: 1 }], debug: true }],
    ['other channel', { currency: 'USD', channelId: 2, items: [{ productId: 1 }] }],
    ['bad channel', { currency: 'USD', channelId: '1', items: [{ productId: 1 }] }],
    ['item is null', { currency: 'USD', items: [null] }],
    ['1e309 id (Infinity once parsed)', '{"currency":"USD","items":[{"productId":1e309}]}'],
    ['-1e309 variant id', '{"currency":"USD","items":[{"productId":1,"variantId":-1e309}]}'],
    ['1e309 option value', '{"currency":"USD","items":[{"productId":1,"options":[{"optionId":1,"valueId":1e309}]}]}'],
  ];
  for (const [name, body] of badBodies) {
    it(`refuses ${name} with 400 and nothing upstream`, async () => {
      const { handler, bc } = testHandler();
      const { status, body: answer } = await prices(handler, body);
      assert.equal(status, 400);
      assert.equal(answer.error.code, 'ERR_BC_INVALID_REQUEST');
      assert.equal(bc.calls.pricing, 0);
    });
  }

  it('property: invalid ids anywhere are refused with 400 and nothing upstream', async () => {
    const { handler, bc } = testHandler();
    const badId = fc.oneof(
      fc.integer({ max: 0 }),
      // Only finite doubles: JSON writes NaN and ±Infinity as null, which is a valid "no variant". The overflowing
      // literals that parse back as ±Infinity are sent as raw text in the cases above.
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isSafeInteger(n) || n <= 0),
      fc.constantFrom(2 ** 53, 2 ** 53 + 2, 1e21, Number.MAX_VALUE),
      fc.string(),
      fc.constant(null),
      fc.boolean(),
      fc.array(fc.nat()),
      fc.object(),
    );
    await fc.assert(
      fc.asyncProperty(badId, fc.constantFrom('productId', 'variantId', 'optionId', 'valueId'), async (id, where) => {
        fc.pre(!(where === 'variantId' && id === null));
        const item: Record<string, unknown> = { productId: 1, options: [{ optionId: 1, valueId: 1 }] };
        if (where === 'productId' || where === 'variantId') item[where] = id;
        else (item['options'] as Record<string, unknown>[])[0]![where] = id;
        const { status } = await prices(handler, { currency: 'USD', items: [{ productId: 2 }, item] });
        assert.equal(status, 400);
      }),
      { numRuns: 300 },
    );
    assert.equal(bc.calls.pricing, 0);
  });

  it('property: valid item lists are de-duplicated into one upstream call with one entry per distinct item', async () => {
    const item = fc.record(
      {
        productId: fc.integer({ min: 1, max: 5 }),
        variantId: fc.integer({ min: 1, max: 3 }),
        options: fc.uniqueArray(
          fc.record({ optionId: fc.integer({ min: 1, max: 3 }), valueId: fc.integer({ min: 1, max: 2 }) }),
          {
            selector: (o) => o.optionId,
            maxLength: 2,
          },
        ),
      },
      { requiredKeys: ['productId'] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(item, { minLength: 1, maxLength: MAX_PRICE_ITEMS }),
        fc.constantFrom('USD', 'EUR', 'GBP'),
        async (items, currency) => {
          const { handler, bc } = testHandler();
          const { status, body } = await prices(handler, { currency, items });
          assert.equal(status, 200);
          const distinct = new Set(
            items.map(
              (i) =>
                `${i.productId}:${i.variantId ?? ''}:${[...(i.options ?? [])]
                  .sort((a, b) => a.optionId - b.optionId)
                  .map((o) => `${o.optionId}=${o.valueId}`)
                  .join(',')}`,
            ),
          );
          assert.equal(bc.calls.pricing, 1);
          assert.equal((bc.pricingBodies[0]!['items'] as unknown[]).length, distinct.size);
          assert.equal(body.items.length, distinct.size);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('property: injection strings in any field are refused, never 5xx', async () => {
    const { handler, bc } = testHandler();
    const nasty = fc.oneof(
      fc.string(),
      fc.constantFrom("'; DROP TABLE x;--", '<script>', '${7*7}', '{{7*7}}', '../../etc/passwd', '\u0000', '%00'),
    );
    await fc.assert(
      fc.asyncProperty(
        nasty,
        fc.constantFrom('currency', 'productId', 'variantId', 'channelId', 'options'),
        async (value, field) => {
          const body: Record<string, unknown> = { currency: 'USD', items: [{ productId: 1 }] };
          if (field === 'currency' || field === 'channelId') body[field] = value;
          else (body['items'] as Record<string, unknown>[])[0]![field] = value;
          fc.pre(!(field === 'currency' && /^[A-Z]{3}$/.test(value)));
          const { status } = await prices(handler, body);
          assert.equal(status, 400);
        },
      ),
      { numRuns: 300 },
    );
    assert.equal(bc.calls.pricing, 0);
  });
});
