import { expect } from '@open-wc/testing';
import { BcError } from '../../src/errors.js';
import { createPriceBatcher, type PriceTransport } from '../../src/client/price-batcher.js';
import { parseOptions, itemKey } from '../../src/client/price-item.js';
import type { Money, PriceItemRequest, PricedItem, PricesRequest, PricesResponse } from '../../src/protocol.js';

const money = (value: number): Money => ({
  asEntered: value,
  enteredInclusive: false,
  taxExclusive: value,
  taxInclusive: value,
});

/** What a backend answers for an item: a price derived from the ids, so answers can be told apart. */
function priced(item: PriceItemRequest, groupId: number | null = null): PricedItem {
  const value = item.productId * 10 + (item.variantId ?? 0) + (groupId ?? 0) / 10;
  return {
    productId: item.productId,
    variantId: item.variantId ?? null,
    options: item.options ?? [],
    price: money(value),
    calculatedPrice: money(value),
  };
}

/** A transport that records requests and answers them when told to. */
function fakeTransport(groupId: number | null = null) {
  const calls: Array<{ request: PricesRequest; signal: AbortSignal; resolve(): void; reject(error: unknown): void }> =
    [];
  const transport: PriceTransport = (request, signal) =>
    new Promise<PricesResponse>((resolve, reject) => {
      calls.push({
        request,
        signal,
        resolve: () =>
          resolve({
            currency: request.currency,
            channelId: 1,
            groupId,
            items: request.items.map((i) => priced(i, groupId)),
          }),
        reject,
      });
    });
  return { transport, calls };
}

/** A scheduler the test runs by hand: `run()` flushes what is due. */
function manualScheduler() {
  const due: Array<() => void> = [];
  return {
    schedule: (flush: () => void) => void due.push(flush),
    get pending() {
      return due.length;
    },
    async run() {
      for (const flush of due.splice(0)) flush();
      await Promise.resolve();
      await Promise.resolve();
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('price batcher', () => {
  it('sends the asks of one frame as one request, each item once', async () => {
    const { transport, calls } = fakeTransport();
    const scheduler = manualScheduler();
    const batcher = createPriceBatcher({ transport, currency: 'USD', channelId: 1, schedule: scheduler.schedule });
    const asks = [
      batcher.get({ productId: 80, variantId: 64 }),
      batcher.get({ productId: 80, variantId: 64 }),
      batcher.get({ productId: 81 }),
      batcher.get({
        productId: 82,
        options: [
          { optionId: 2, valueId: 20 },
          { optionId: 1, valueId: 10 },
        ],
      }),
      batcher.get({
        productId: 82,
        options: [
          { optionId: 1, valueId: 10 },
          { optionId: 2, valueId: 20 },
        ],
      }),
    ];
    expect(scheduler.pending).to.equal(1);
    await scheduler.run();
    expect(calls).to.have.length(1);
    expect(calls[0]!.request).to.deep.equal({
      currency: 'USD',
      channelId: 1,
      items: [
        { productId: 80, variantId: 64 },
        { productId: 81 },
        {
          productId: 82,
          options: [
            { optionId: 1, valueId: 10 },
            { optionId: 2, valueId: 20 },
          ],
        },
      ],
    });
    calls[0]!.resolve();
    const answers = await Promise.all(asks);
    expect(answers.map((a) => a.calculatedPrice.taxExclusive)).to.deep.equal([864, 864, 810, 820, 820]);
    expect(answers[0]).to.equal(answers[1]);
  });

  it('answers from the cache without a request, and peeks synchronously', async () => {
    const { transport, calls } = fakeTransport(4);
    const scheduler = manualScheduler();
    const batcher = createPriceBatcher({ transport, currency: 'USD', schedule: scheduler.schedule });
    expect(batcher.peek({ productId: 5 })).to.equal(undefined);
    const first = batcher.get({ productId: 5 });
    await scheduler.run();
    calls[0]!.resolve();
    const answer = await first;
    expect(batcher.groupId).to.equal(4);
    expect(batcher.peek({ productId: 5 })).to.equal(answer);
    expect(await batcher.get({ productId: 5 })).to.equal(answer);
    expect(scheduler.pending).to.equal(0);
    expect(calls).to.have.length(1);
  });

  it('splits a batch past maxItems into several requests', async () => {
    const { transport, calls } = fakeTransport();
    const scheduler = manualScheduler();
    const batcher = createPriceBatcher({ transport, currency: 'EUR', schedule: scheduler.schedule });
    const asks = Array.from({ length: 250 }, (_, i) => batcher.get({ productId: i + 1 }));
    await scheduler.run();
    expect(calls.map((c) => c.request.items.length)).to.deep.equal([100, 100, 50]);
    expect(calls[2]!.request.items[0]).to.deep.equal({ productId: 201 });
    for (const call of calls) call.resolve();
    const answers = await Promise.all(asks);
    expect(answers[249]!.productId).to.equal(250);
  });

  it('joins an ask for an item already in flight instead of asking again', async () => {
    const { transport, calls } = fakeTransport();
    const scheduler = manualScheduler();
    const batcher = createPriceBatcher({ transport, currency: 'USD', schedule: scheduler.schedule });
    const first = batcher.get({ productId: 7 });
    await scheduler.run();
    const late = batcher.get({ productId: 7 });
    expect(scheduler.pending).to.equal(0);
    calls[0]!.resolve();
    expect(await late).to.equal(await first);
    expect(calls).to.have.length(1);
  });

  it('asks a late item in the next batch', async () => {
    const { transport, calls } = fakeTransport();
    const scheduler = manualScheduler();
    const batcher = createPriceBatcher({ transport, currency: 'USD', schedule: scheduler.schedule });
    const first = batcher.get({ productId: 7 });
    await scheduler.run();
    const late = batcher.get({ productId: 8 });
    await scheduler.run();
    expect(calls.map((c) => c.request.items)).to.deep.equal([[{ productId: 7 }], [{ productId: 8 }]]);
    calls[1]!.resolve();
    calls[0]!.resolve();
    expect((await late).productId).to.equal(8);
    expect((await first).productId).to.equal(7);
  });

  it('withdraws an aborted ask: the item is not sent when nobody waits for it', async () => {
    const { transport, calls } = fakeTransport();
    const scheduler = manualScheduler();
    const batcher = createPriceBatcher({ transport, currency: 'USD', schedule: scheduler.schedule });
    const controller = new AbortController();
    const stale = batcher.get({ productId: 1, variantId: 1 }, { signal: controller.signal });
    const current = batcher.get({ productId: 1, variantId: 2 });
    controller.abort(new DOMException('variant changed', 'AbortError'));
    let reason: unknown;
    await stale.catch((error) => (reason = error));
    expect((reason as DOMException).name).to.equal('AbortError');
    await scheduler.run();
    expect(calls[0]!.request.items).to.deep.equal([{ productId: 1, variantId: 2 }]);
    calls[0]!.resolve();
    expect((await current).variantId).to.equal(2);
  });

  it('keeps an item wanted by another element when one of its asks is withdrawn', async () => {
    const { transport, calls } = fakeTransport();
    const scheduler = manualScheduler();
    const batcher = createPriceBatcher({ transport, currency: 'USD', schedule: scheduler.schedule });
    const controller = new AbortController();
    const withdrawn = batcher.get({ productId: 3 }, { signal: controller.signal }).catch((error: unknown) => error);
    const kept = batcher.get({ productId: 3 });
    controller.abort();
    await scheduler.run();
    expect(calls[0]!.request.items).to.deep.equal([{ productId: 3 }]);
    calls[0]!.resolve();
    expect((await kept).productId).to.equal(3);
    expect(await withdrawn).to.be.instanceOf(DOMException);
  });

  it('rejects every waiter of a failed batch, caches nothing, and asks again next time', async () => {
    const { transport, calls } = fakeTransport();
    const scheduler = manualScheduler();
    const batcher = createPriceBatcher({ transport, currency: 'USD', schedule: scheduler.schedule });
    const asks = [batcher.get({ productId: 1 }), batcher.get({ productId: 2 })].map((p) => p.catch((e: unknown) => e));
    await scheduler.run();
    calls[0]!.reject(new BcError('ERR_BC_UPSTREAM', 'upstream failed'));
    const errors = (await Promise.all(asks)) as BcError[];
    expect(errors.map((e) => [e.code, e.message])).to.deep.equal([
      ['ERR_BC_UPSTREAM', 'upstream failed'],
      ['ERR_BC_UPSTREAM', 'upstream failed'],
    ]);
    expect(batcher.peek({ productId: 1 })).to.equal(undefined);
    const again = batcher.get({ productId: 1 });
    await scheduler.run();
    expect(calls).to.have.length(2);
    calls[1]!.resolve();
    expect((await again).productId).to.equal(1);
  });

  it('rejects an item the answer leaves out, with a code', async () => {
    const scheduler = manualScheduler();
    const transport: PriceTransport = async (request) => ({
      currency: request.currency,
      channelId: 1,
      groupId: null,
      items: [priced({ productId: 1 })],
    });
    const batcher = createPriceBatcher({ transport, currency: 'USD', schedule: scheduler.schedule });
    const found = batcher.get({ productId: 1 });
    const missing = batcher.get({ productId: 2 }).then(
      () => undefined,
      (e: unknown) => e as BcError,
    );
    await scheduler.run();
    expect((await found).productId).to.equal(1);
    const error = await missing;
    expect([error?.code, error?.message]).to.deep.equal([
      'ERR_BC_PRICE_MISSING',
      'the backend sent no price for product 2',
    ]);
  });

  it('matches answers by item, not by position, and accepts a filled-in default variant', async () => {
    const scheduler = manualScheduler();
    const transport: PriceTransport = async (request) => ({
      currency: request.currency,
      channelId: 1,
      groupId: null,
      items: [{ ...priced({ productId: 2 }), variantId: 9 }, priced({ productId: 1, variantId: 3 })],
    });
    const batcher = createPriceBatcher({ transport, currency: 'USD', schedule: scheduler.schedule });
    const one = batcher.get({ productId: 1, variantId: 3 });
    const two = batcher.get({ productId: 2 });
    await scheduler.run();
    expect((await one).variantId).to.equal(3);
    expect((await two).variantId).to.equal(9);
  });

  it('on invalidate drops the cache, re-asks what is in flight and tells subscribers', async () => {
    const signedOut = fakeTransport(null);
    let current = signedOut;
    const transport: PriceTransport = (request, signal) => current.transport(request, signal);
    const scheduler = manualScheduler();
    const batcher = createPriceBatcher({ transport, currency: 'USD', schedule: scheduler.schedule });
    const cachedAsk = batcher.get({ productId: 1 });
    await scheduler.run();
    signedOut.calls[0]!.resolve();
    await cachedAsk;

    const inFlight = batcher.get({ productId: 2 });
    await scheduler.run();
    expect(signedOut.calls).to.have.length(2);
    let notified = 0;
    batcher.subscribe(() => notified++);

    const signedIn = fakeTransport(6);
    current = signedIn;
    batcher.invalidate();
    expect(notified).to.equal(1);
    expect(signedOut.calls[1]!.signal.aborted).to.equal(true);
    expect(batcher.peek({ productId: 1 })).to.equal(undefined);
    expect(batcher.groupId).to.equal(undefined);
    // The old identity's answer arrives late: it must neither resolve the ask nor enter the cache.
    signedOut.calls[1]!.resolve();
    await tick();
    await scheduler.run();
    expect(signedIn.calls[0]!.request.items).to.deep.equal([{ productId: 2 }]);
    signedIn.calls[0]!.resolve();
    expect((await inFlight).calculatedPrice.taxExclusive).to.equal(20.6);
    expect(batcher.peek({ productId: 2 })!.calculatedPrice.taxExclusive).to.equal(20.6);
    expect(batcher.groupId).to.equal(6);
  });

  it('batches by animation frame by default', async () => {
    const { transport, calls } = fakeTransport();
    const batcher = createPriceBatcher({ transport, currency: 'USD' });
    void batcher.get({ productId: 1 });
    await Promise.resolve();
    void batcher.get({ productId: 2 });
    await Promise.resolve();
    void batcher.get({ productId: 3 });
    expect(calls).to.have.length(0);
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    expect(calls).to.have.length(1);
    expect(calls[0]!.request.items.map((i) => i.productId)).to.deep.equal([1, 2, 3]);
  });

  it('rejects bad options with TypeError', () => {
    const { transport } = fakeTransport();
    expect(() => createPriceBatcher({ transport, currency: 'usd' })).to.throw(
      TypeError,
      'currency must be an ISO 4217 code, got "usd"',
    );
    expect(() => createPriceBatcher({ transport, currency: 'USD', maxItems: 101 })).to.throw(
      TypeError,
      'maxItems must be an integer from 1 to 100',
    );
    expect(() => createPriceBatcher({ transport: undefined as never, currency: 'USD' })).to.throw(
      TypeError,
      'transport must be a function',
    );
  });
});

describe('price items', () => {
  it('parses options as JSON arrays, JSON objects and the short form, sorted by option id', () => {
    const expected = [
      { optionId: 1, valueId: 10 },
      { optionId: 2, valueId: 20 },
    ];
    expect(parseOptions('[{"optionId":2,"valueId":20},{"optionId":1,"valueId":10}]')).to.deep.equal(expected);
    expect(parseOptions('{"2":20,"1":10}')).to.deep.equal(expected);
    expect(parseOptions(' 2:20 , 1:10 ')).to.deep.equal(expected);
    expect(parseOptions('')).to.deep.equal([]);
    expect(parseOptions(null)).to.deep.equal([]);
  });

  it('rejects malformed options with a code', () => {
    for (const bad of ['1:2:3', '1:-2', 'a:b', '1:2.5', '[{"optionId":"x"}]', '{', '1:', '9007199254740993:1']) {
      let error: BcError | undefined;
      try {
        parseOptions(bad);
      } catch (e) {
        error = e as BcError;
      }
      expect(error?.code, bad).to.equal('ERR_BC_INVALID_OPTIONS');
    }
  });

  it('keys equal items equally', () => {
    expect(
      itemKey({
        productId: 1,
        options: [
          { optionId: 2, valueId: 3 },
          { optionId: 1, valueId: 1 },
        ],
      }),
    ).to.equal(
      itemKey({
        productId: 1,
        options: [
          { optionId: 1, valueId: 1 },
          { optionId: 2, valueId: 3 },
        ],
      }),
    );
    expect(itemKey({ productId: 1 })).to.not.equal(itemKey({ productId: 1, variantId: 1 }));
  });
});
