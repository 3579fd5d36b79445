import { expect, fixture, html, oneEvent as anyEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { BcGroupPrice } from '../../src/elements/bc-group-price.js';
import { createPriceBatcher, type PriceBatcher, type PriceTransport } from '../../src/client/price-batcher.js';
import { liveRegions, pageRegion, recordAnnouncements, settleAnnouncements } from './live-region.js';
import { answerTo, money, type Pricer } from './price-answers.js';
import { BcError } from '../../src/errors.js';
import { PROBE } from '../../src/client/probe.js';
import type { PricesRequest, PricesResponse } from '../../src/protocol.js';

/** A price service over a transport the test answers by hand, batching on a manual schedule. */
function fakeService(pricer: Pricer = () => ({})) {
  const calls: Array<{ request: PricesRequest; resolve(): void; reject(error: unknown): void }> = [];
  const flushes: Array<() => void> = [];
  const transport: PriceTransport = (request) =>
    new Promise<PricesResponse>((resolve, reject) => {
      calls.push({
        request,
        resolve: () => resolve(answerTo(request, pricer)),
        reject,
      });
    });
  const service: PriceBatcher = createPriceBatcher({
    transport,
    currency: 'USD',
    schedule: (flush) => void flushes.push(flush),
  });
  return {
    service,
    calls,
    /** Runs the due batch and answers every request it sent. */
    async answer() {
      for (const flush of flushes.splice(0)) flush();
      await new Promise((resolve) => setTimeout(resolve, 0));
      for (const call of calls.filter((c) => !(c as { done?: boolean }).done)) {
        (call as { done?: boolean }).done = true;
        call.resolve();
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
    async flush() {
      for (const flush of flushes.splice(0)) flush();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

/** `oneEvent`, typed by the event map the elements declare. */
const oneEvent = <K extends keyof GlobalEventHandlersEventMap>(target: EventTarget, type: K) =>
  anyEvent(target, type) as unknown as Promise<GlobalEventHandlersEventMap[K]>;

const part = (el: BcGroupPrice, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (node: Element | null) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? null;

// What one test makes the page announce is said before the next test starts, not together with its announcements.
beforeEach(() => settleAnnouncements());

describe('bc-group-price (injected price service)', () => {
  it('shows the light-DOM price until the group price is known, then the price and a bc-price-change', async () => {
    const fake = fakeService(() => ({ calculatedPrice: money(24.5) }));
    const el = await fixture<BcGroupPrice>(
      html`<bc-group-price locale="en-US" product-id="80" variant-id="64" .priceService=${fake.service}>$30.00</bc-group-price>`,
    );
    expect(el.status).to.equal('loading');
    expect(getComputedStyle(part(el, 'fallback')!).visibility).to.equal('visible');
    expect(part(el, 'price')).to.equal(null);

    const changed = oneEvent(el, 'bc-price-change');
    await fake.answer();
    const event = await changed;
    await el.updateComplete;
    expect(fake.calls[0]!.request).to.deep.equal({ currency: 'USD', items: [{ productId: 80, variantId: 64 }] });
    expect(event.price).to.deep.equal({
      productId: 80,
      variantId: 64,
      options: [],
      price: money(30),
      calculatedPrice: money(24.5),
    });
    expect([event.currency, event.text]).to.deep.equal(['USD', 'was $30.00, now $24.50']);
    expect(el.status).to.equal('priced');
    expect(el.price).to.equal(event.price);
    expect(text(part(el, 'now'))).to.equal('$24.50');
    expect(getComputedStyle(part(el, 'fallback')!).visibility).to.equal('hidden');
    expect(part(el, 'fallback')!.getAttribute('aria-hidden')).to.equal('true');
  });

  it('strikes the was price and tells screen readers "was … now …"', async () => {
    const fake = fakeService(() => ({ salePrice: money(25), calculatedPrice: money(25) }));
    const el = await fixture<BcGroupPrice>(
      html`<bc-group-price locale="en-US" product-id="1" .priceService=${fake.service}>$30.00</bc-group-price>`,
    );
    await fake.answer();
    await el.updateComplete;
    const was = part(el, 'was')!;
    expect(was.localName).to.equal('s');
    expect(getComputedStyle(was).textDecorationLine).to.equal('line-through');
    expect(text(was)).to.equal('was $30.00');
    expect(text(part(el, 'price'))).to.equal('was $30.00, now $25.00');
    // Only the price itself is visible: the words are for screen readers.
    const hidden = [...el.shadowRoot!.querySelectorAll('.visually-hidden')].filter((n) => n.closest('[part~="price"]'));
    expect(hidden.map((n) => n.textContent)).to.deep.equal(['was ', ', now ']);
    await expect(el).to.be.accessible();
  });

  it('reserves the width of the page price, so a shorter group price moves nothing', async () => {
    const fake = fakeService(() => ({ calculatedPrice: money(5) }));
    const wrapper = await fixture<HTMLElement>(
      html`<p style="font: 16px monospace; white-space: nowrap">
        <bc-group-price locale="en-US" product-id="1" .priceService=${fake.service}>$1,000.00 each</bc-group-price><span>after</span>
      </p>`,
    );
    const el = wrapper.querySelector('bc-group-price')!;
    const after = wrapper.querySelector('span')!;
    const before = { width: el.getBoundingClientRect().width, next: after.getBoundingClientRect().left };
    await fake.answer();
    await el.updateComplete;
    expect(text(part(el, 'now'))).to.equal('$5.00');
    expect(el.getBoundingClientRect().width).to.equal(before.width);
    expect(after.getBoundingClientRect().left).to.equal(before.next);
  });

  it('keeps its box while the customer changes: the page price shows in the room of the price it replaces', async () => {
    let discount = 0;
    const fake = fakeService(() => ({
      calculatedPrice: money(30 - discount),
      bulk: [
        { minimum: 5, maximum: 9, discountAmount: 5, discountType: 'percent' },
        { minimum: 10, maximum: null, discountAmount: 10, discountType: 'percent' },
      ],
    }));
    const wrapper = await fixture<HTMLElement>(
      html`<div style="font: 16px/1.5 monospace">
        <bc-group-price locale="en-US" product-id="8" show-bulk .priceService=${fake.service}>$30.00</bc-group-price>
        <p style="margin: 0">after</p>
      </div>`,
    );
    const el = wrapper.querySelector('bc-group-price')!;
    const after = wrapper.querySelector('p')!;
    await fake.answer();
    await el.updateComplete;
    const priced = { height: el.getBoundingClientRect().height, next: after.getBoundingClientRect().top };
    expect(el.shadowRoot!.querySelectorAll('[part="bulk-tier"]')).to.have.length(2);

    const announcements = recordAnnouncements();
    discount = 3; // a sign-in in another tab
    fake.service.invalidate();
    await el.updateComplete;
    expect(el.status).to.equal('loading');
    expect({ height: el.getBoundingClientRect().height, next: after.getBoundingClientRect().top }).to.deep.equal(
      priced,
    );
    // The page's price is what shows (and what screen readers read), in the room the group price took.
    const fallback = part(el, 'fallback')!;
    expect([getComputedStyle(fallback).visibility, fallback.getAttribute('aria-hidden')]).to.deep.equal([
      'visible',
      null,
    ]);
    const held = el.shadowRoot!.querySelector<HTMLElement>('.price.held')!;
    expect([getComputedStyle(held).visibility, held.getAttribute('aria-hidden')]).to.deep.equal(['hidden', 'true']);
    expect(part(el, 'price')).to.equal(null);

    await fake.answer();
    await el.updateComplete;
    expect(text(part(el, 'now'))).to.equal('$27.00');
    expect([...el.shadowRoot!.querySelectorAll('[part="bulk-tier"]')].map(text)).to.deep.equal([
      '5–9: $25.65 each',
      '10+: $24.30 each',
    ]);
    expect(el.shadowRoot!.querySelector('.held')).to.equal(null);
    expect({ height: el.getBoundingClientRect().height, next: after.getBoundingClientRect().top }).to.deep.equal(
      priced,
    );
    expect(await announcements.next()).to.equal('Price: was $30.00, now $27.00');
    announcements.stop();
  });

  it('keeps the light-DOM price and fires bc-error when the price service fails', async () => {
    const fake = fakeService();
    const el = await fixture<BcGroupPrice>(
      html`<bc-group-price locale="en-US" product-id="1" .priceService=${fake.service}>$30.00</bc-group-price>`,
    );
    await fake.flush();
    const failed = oneEvent(el, 'bc-error');
    fake.calls[0]!.reject(new BcError('ERR_BC_UPSTREAM_UNAVAILABLE', 'The backend at x could not be reached.'));
    const error = await failed;
    await el.updateComplete;
    expect([error.code, error.message]).to.deep.equal([
      'ERR_BC_UPSTREAM_UNAVAILABLE',
      'The backend at x could not be reached.',
    ]);
    expect(el.status).to.equal('error');
    expect(part(el, 'price')).to.equal(null);
    expect(getComputedStyle(part(el, 'fallback')!).visibility).to.equal('visible');
  });

  it('reports bad attributes with bc-error and asks for nothing', async () => {
    const fake = fakeService();
    const el = document.createElement('bc-group-price');
    el.priceService = fake.service;
    el.setAttribute('product-id', 'abc');
    el.textContent = '$30.00';
    const failed = oneEvent(el, 'bc-error');
    document.body.append(el);
    const error = await failed;
    expect([error.code, error.message]).to.deep.equal([
      'ERR_BC_INVALID_PRODUCT',
      'product-id must be a positive integer',
    ]);
    el.setAttribute('product-id', '5');
    const badOptions = oneEvent(el, 'bc-error');
    el.setAttribute('options', '1:x');
    expect((await badOptions).code).to.equal('ERR_BC_INVALID_OPTIONS');
    await fake.flush();
    expect(fake.calls).to.have.length(0);
    el.remove();
  });

  it('reports a missing configuration with bc-error', async () => {
    const el = document.createElement('bc-group-price');
    el.setAttribute('product-id', '1');
    const failed = oneEvent(el, 'bc-error');
    document.body.append(el);
    const error = await failed;
    expect(error.code).to.equal('ERR_BC_CONFIG_MISSING');
    expect(error.message).to.equal(
      'bc-customer-elements: set app-client-id and endpoint on <bc-store> or the element.',
    );
    el.remove();
  });

  it('re-prices only itself on a variant change, dropping the stale answer', async () => {
    const fake = fakeService((item) => ({
      calculatedPrice: money(item.variantId ?? 1),
      price: money(item.variantId ?? 1),
    }));
    const wrapper = await fixture<HTMLElement>(html`<div>
      <bc-group-price locale="en-US" id="a" product-id="1" variant-id="10" .priceService=${fake.service}></bc-group-price>
      <bc-group-price locale="en-US" id="b" product-id="2" variant-id="20" .priceService=${fake.service}></bc-group-price>
    </div>`);
    const [a, b] = [...wrapper.querySelectorAll('bc-group-price')] as [BcGroupPrice, BcGroupPrice];
    await fake.answer();
    await a.updateComplete;
    const announcements = recordAnnouncements();
    expect(fake.calls).to.have.length(1);
    expect(text(part(a, 'now'))).to.equal('$10.00');

    a.setAttribute('variant-id', '11');
    await a.updateComplete;
    await fake.flush();
    a.setAttribute('variant-id', '12'); // the shopper clicks on before the first answer comes
    await a.updateComplete;
    // The shown price stays, marked busy, until the new one is known.
    expect(part(a, 'price')!.getAttribute('aria-busy')).to.equal('true');
    await fake.answer();
    await a.updateComplete;
    expect(fake.calls.map((c) => c.request.items)).to.deep.equal([
      [
        { productId: 1, variantId: 10 },
        { productId: 2, variantId: 20 },
      ],
      [{ productId: 1, variantId: 11 }],
      [{ productId: 1, variantId: 12 }],
    ]);
    expect(text(part(a, 'now'))).to.equal('$12.00');
    expect(text(part(b, 'now'))).to.equal('$20.00');
    // Only the price the shopper changed is announced, once, with what it now shows.
    expect(await announcements.next()).to.equal('Price: $12.00');
    announcements.stop();
    expect(announcements.said).to.deep.equal(['Price: $12.00']);
  });

  it('passes options as JSON or short form, and the same item is asked once', async () => {
    const fake = fakeService();
    await fixture<HTMLElement>(html`<div>
      <bc-group-price locale="en-US" product-id="3" options='[{"optionId":2,"valueId":9},{"optionId":1,"valueId":4}]' .priceService=${fake.service}></bc-group-price>
      <bc-group-price locale="en-US" product-id="3" options="1:4,2:9" .priceService=${fake.service}></bc-group-price>
    </div>`);
    await fake.answer();
    expect(fake.calls[0]!.request.items).to.deep.equal([
      {
        productId: 3,
        options: [
          { optionId: 1, valueId: 4 },
          { optionId: 2, valueId: 9 },
        ],
      },
    ]);
  });

  it('gives a late element its price from the cache, with no request', async () => {
    const fake = fakeService();
    await fixture(html`<bc-group-price locale="en-US" product-id="4" .priceService=${fake.service}></bc-group-price>`);
    await fake.answer();
    const late = await fixture<BcGroupPrice>(
      html`<bc-group-price locale="en-US" product-id="4" .priceService=${fake.service}>$30.00</bc-group-price>`,
    );
    expect(late.status).to.equal('priced');
    expect(text(part(late, 'now'))).to.equal('$30.00');
    expect(fake.calls).to.have.length(1);
  });

  it('shows a range and bulk tiers when asked, tax-inclusive when configured', async () => {
    const fake = fakeService(() => ({
      price: money(20, 24),
      calculatedPrice: money(20, 24),
      range: { minimum: money(10, 12), maximum: money(20, 24) },
      bulk: [{ minimum: 5, maximum: null, discountAmount: 10, discountType: 'percent' }],
    }));
    const el = await fixture<BcGroupPrice>(
      html`<bc-group-price locale="en-US" product-id="5" show-range show-bulk tax-display="inclusive" .priceService=${fake.service}></bc-group-price>`,
    );
    await fake.answer();
    await el.updateComplete;
    expect(text(part(el, 'range'))).to.match(/^\$12\.00\s?–\s?\$24\.00$/);
    expect(part(el, 'now')).to.equal(null);
    expect([...el.shadowRoot!.querySelectorAll('[part="bulk-tier"]')].map(text)).to.deep.equal(['5+: $21.60 each']);
    const announcements = recordAnnouncements();
    el.taxDisplay = 'exclusive';
    el.showRange = false;
    await el.updateComplete;
    expect(text(part(el, 'now'))).to.equal('$20.00');
    expect(text(part(el, 'bulk-tier'))).to.equal('5+: $18.00 each');
    expect(await announcements.next()).to.equal('Price: $20.00');
    announcements.stop();
    await expect(el).to.be.accessible();
  });

  it('takes tax-display from the <bc-store>', async () => {
    const fake = fakeService(() => ({ price: money(20, 24), calculatedPrice: money(20, 24) }));
    const store = await fixture<HTMLElement>(html`<bc-store tax-display="inclusive" locale="en-US">
      <bc-group-price product-id="6" .priceService=${fake.service}></bc-group-price>
    </bc-store>`);
    await fake.answer();
    const el = store.querySelector('bc-group-price')!;
    await el.updateComplete;
    expect(text(part(el, 'now'))).to.equal('$24.00');
  });

  it("follows a change of the <bc-store>'s tax-display, as attribute or property, without asking again", async () => {
    const fake = fakeService(() => ({ price: money(20, 24), calculatedPrice: money(20, 24) }));
    const store = await fixture<
      HTMLElement & { taxDisplay?: string; updateComplete: Promise<boolean> }
    >(html`<bc-store locale="en-US">
      <bc-group-price product-id="6" .priceService=${fake.service}></bc-group-price>
    </bc-store>`);
    await fake.answer();
    const el = store.querySelector('bc-group-price')!;
    await el.updateComplete;
    expect(text(part(el, 'now'))).to.equal('$20.00');
    const announcements = recordAnnouncements();
    store.setAttribute('tax-display', 'inclusive');
    await store.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 0)); // the store tells the page once its update is done
    await el.updateComplete;
    expect(text(part(el, 'now'))).to.equal('$24.00');
    // The page changed how its prices show: said, as for a sign-in.
    expect(await announcements.next()).to.equal('Price: $24.00');
    store.taxDisplay = 'exclusive';
    await store.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 0)); // the store tells the page once its update is done
    await el.updateComplete;
    expect(text(part(el, 'now'))).to.equal('$20.00');
    expect(fake.calls.length).to.equal(1);
    expect(await announcements.next()).to.equal('Price: $20.00');
    announcements.stop();
  });

  it('takes tax-display from a <bc-store> outside the shadow root it stands in', async () => {
    const fake = fakeService(() => ({ price: money(20, 24), calculatedPrice: money(20, 24) }));
    const store = await fixture<HTMLElement>(
      html`<bc-store tax-display="inclusive" locale="en-US"><div></div></bc-store>`,
    );
    const host = store.querySelector('div')!;
    const el = document.createElement('bc-group-price');
    el.productId = 6;
    el.priceService = fake.service;
    host.attachShadow({ mode: 'open' }).append(el);
    await el.updateComplete;
    await fake.answer();
    await el.updateComplete;
    expect(text(part(el, 'now'))).to.equal('$24.00');
  });

  it('uses settings given as properties right after connecting (as framework wrappers do) from the first price on', async () => {
    const fake = fakeService(() => ({ price: money(20, 24), calculatedPrice: money(20, 24) }));
    const container = await fixture<HTMLElement>(html`<div></div>`);
    const el = document.createElement('bc-group-price');
    el.setAttribute('locale', 'en-US');
    const errors: string[] = [];
    el.addEventListener('bc-error', (e) => errors.push(e.code));
    container.append(el);
    el.productId = 6;
    el.taxDisplay = 'inclusive';
    el.priceService = fake.service;
    await el.updateComplete;
    await fake.answer();
    await el.updateComplete;
    expect(errors).to.deep.equal([]);
    expect(text(part(el, 'now'))).to.equal('$24.00');
    expect(fake.calls.length).to.equal(1);
  });

  it('goes back to the page price when the customer changes, then shows and announces the new one', async () => {
    let discount = 0;
    const fake = fakeService(() => ({ calculatedPrice: money(30 - discount) }));
    const el = await fixture<BcGroupPrice>(
      html`<bc-group-price locale="en-US" product-id="7" .priceService=${fake.service}>$30.00</bc-group-price>`,
    );
    const announcements = recordAnnouncements();
    await fake.answer();
    await el.updateComplete;
    expect(text(part(el, 'price'))).to.equal('$30.00');

    discount = 3;
    fake.service.invalidate();
    await el.updateComplete;
    expect(el.status).to.equal('loading');
    expect(part(el, 'price')).to.equal(null);
    expect(getComputedStyle(part(el, 'fallback')!).visibility).to.equal('visible');
    await fake.answer();
    await el.updateComplete;
    expect(text(part(el, 'price'))).to.equal('was $30.00, now $27.00');
    // The first price was not announced; the one the sign-in changed is.
    expect(await announcements.next()).to.equal('Price: was $30.00, now $27.00');
    announcements.stop();
    expect(announcements.said).to.deep.equal(['Price: was $30.00, now $27.00']);
    const live = pageRegion();
    expect([live.getAttribute('role'), live.getAttribute('aria-live')]).to.deep.equal(['status', 'polite']);
    expect(fake.calls).to.have.length(2);
  });
});

describe('bc-group-price: one label shown, emitted and announced', () => {
  // A beanie whose variants cost $17.60 (the default) and $22.00; its list price is $22.00.
  const beanie: Pricer = (item) => ({
    price: money(22),
    calculatedPrice: money(item.variantId === 2 ? 22 : 17.6),
    range: { minimum: money(17.6), maximum: money(22) },
  });

  it('announces and emits the variant the shopper chose, as shown', async () => {
    const fake = fakeService(beanie);
    const el = await fixture<BcGroupPrice>(
      html`<bc-group-price locale="en-US" product-id="80" show-range .priceService=${fake.service}>from $17.60</bc-group-price>`,
    );
    const first = oneEvent(el, 'bc-price-change');
    await fake.answer();
    await el.updateComplete;
    expect((await first).text).to.match(/^\$17\.60\s?–\s?\$22\.00$/);
    expect(text(part(el, 'price'))).to.equal((await first).text.replace(/\s+/g, ' '));

    const announcements = recordAnnouncements();
    const chosen = oneEvent(el, 'bc-price-change');
    el.variantId = 2; // as the demos do: a chosen variant shows its own price, not the range
    el.showRange = false;
    await el.updateComplete;
    await fake.answer();
    await el.updateComplete;
    expect(text(part(el, 'price'))).to.equal('$22.00');
    expect((await chosen).text).to.equal('$22.00');
    expect(await announcements.next()).to.equal('Price: $22.00');
    announcements.stop();
  });

  it('emits the was and now prices it shows without show-range, and follows show-range alone', async () => {
    const fake = fakeService(beanie);
    const el = await fixture<BcGroupPrice>(
      html`<bc-group-price locale="en-US" product-id="80" .priceService=${fake.service}>$22.00</bc-group-price>`,
    );
    const first = oneEvent(el, 'bc-price-change');
    await fake.answer();
    await el.updateComplete;
    expect((await first).text).to.equal('was $22.00, now $17.60');
    expect(text(part(el, 'price'))).to.equal('was $22.00, now $17.60');

    // Asking for the range shows, emits and announces it, with no new request.
    const announcements = recordAnnouncements();
    const ranged = oneEvent(el, 'bc-price-change');
    el.showRange = true;
    await el.updateComplete;
    const range = (await ranged).text;
    expect(range).to.match(/^\$17\.60\s?–\s?\$22\.00$/);
    expect(text(part(el, 'range'))).to.equal(range);
    expect(await announcements.next()).to.equal(`Price: ${range}`);
    announcements.stop();
    expect(fake.calls).to.have.length(1);
  });

  it('does not announce the price of another product shown in a reused element', async () => {
    const pricer: Pricer = (item) => ({
      price: money(item.productId * 10 + (item.variantId ?? 0)),
      calculatedPrice: money(item.productId * 10 + (item.variantId ?? 0)),
    });
    const fake = fakeService(pricer);
    const el = await fixture<BcGroupPrice>(
      html`<bc-group-price locale="en-US" product-id="1" .priceService=${fake.service}></bc-group-price>`,
    );
    await fake.answer();
    const announcements = recordAnnouncements();
    el.productId = 2; // a framework list reusing the element for another item
    await el.updateComplete;
    await fake.answer();
    await el.updateComplete;
    expect(text(part(el, 'now'))).to.equal('$20.00');
    el.variantId = 5; // then the shopper chooses a variant of it: that is news
    await el.updateComplete;
    await fake.answer();
    await el.updateComplete;
    expect(await announcements.next()).to.equal('Price: $25.00');
    announcements.stop();
    expect(announcements.said).to.deep.equal(['Price: $25.00']);
  });
});

describe('bc-group-price: a page of 500 prices over 26 products', () => {
  it('formats each product once, however many elements show it', async () => {
    const counts: { formatPrice?: number } = {};
    (globalThis as { [PROBE]?: object })[PROBE] = counts;
    try {
      const fake = fakeService((item) => ({
        price: money(item.productId),
        calculatedPrice: money(item.productId - 1),
      }));
      const ids = Array.from({ length: 500 }, (_, i) => 10 + (i % 26));
      const page = await fixture<HTMLElement>(
        html`<div>${ids.map((id) => html`<bc-group-price locale="en-US" product-id=${id} .priceService=${fake.service}>$${id}.00</bc-group-price>`)}</div>`,
      );
      const prices = [...page.querySelectorAll('bc-group-price')];
      await fake.answer();
      await Promise.all(prices.map((p) => p.updateComplete));
      expect(prices.every((p) => p.status === 'priced')).to.equal(true);
      expect(text(part(prices[26]!, 'price'))).to.equal('was $10.00, now $9.00');
      expect(counts.formatPrice).to.equal(26);
    } finally {
      delete (globalThis as { [PROBE]?: object })[PROBE];
    }
  });
});

describe('bc-group-price: one live region for a page of prices', () => {
  it('has one polite region for 500 prices, silent on load, one announcement when a sign-in changes them', async () => {
    let discount = 0;
    const fake = fakeService((item) => ({
      price: money(item.productId),
      calculatedPrice: money(item.productId - discount),
    }));
    const ids = Array.from({ length: 500 }, (_, i) => 10 + (i % 26));
    const page = await fixture<HTMLElement>(
      html`<div>${ids.map((id) => html`<bc-group-price locale="en-US" product-id=${id} .priceService=${fake.service}>$${id}.00</bc-group-price>`)}</div>`,
    );
    const prices = [...page.querySelectorAll('bc-group-price')];
    const announcements = recordAnnouncements();
    await fake.answer();
    await Promise.all(prices.map((p) => p.updateComplete));
    expect(prices.every((p) => p.status === 'priced')).to.equal(true);
    const regions = liveRegions();
    expect(regions).to.have.length(1);
    expect(regions[0]).to.equal(pageRegion());
    expect([
      regions[0]!.getAttribute('role'),
      regions[0]!.getAttribute('aria-live'),
      regions[0]!.parentNode,
    ]).to.deep.equal(['status', 'polite', document.body]);

    // The shopper signs in and every price changes: one announcement, not 500.
    discount = 1;
    fake.service.invalidate();
    await Promise.all(prices.map((p) => p.updateComplete));
    await fake.answer();
    await Promise.all(prices.map((p) => p.updateComplete));
    expect(text(part(prices[0]!, 'now'))).to.equal('$9.00');
    expect(await announcements.next()).to.equal('Prices updated');

    // A sign-in that changes no price says nothing of prices; a variant chosen says its price.
    fake.service.invalidate();
    await Promise.all(prices.map((p) => p.updateComplete));
    await fake.answer();
    prices[3]!.variantId = 7;
    await prices[3]!.updateComplete;
    discount = 2;
    await fake.answer();
    expect(await announcements.next()).to.equal('Price: was $13.00, now $11.00');
    announcements.stop();
    // Nothing was said for the first prices, nor for the sign-in that changed none.
    expect(announcements.said).to.deep.equal(['Prices updated', 'Price: was $13.00, now $11.00']);
    expect(liveRegions()).to.have.length(1);
  });
});
