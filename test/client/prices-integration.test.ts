// <bc-group-price> against the real chain at the page origin: the emulated storefront (sign-in, current.jwt),
// the backend under /bc and the emulator's Management API pricing. Runs in its own page, so the first test sees
// a page where no session and no price service exist yet.
import { expect, fixture, html } from '@open-wc/testing';
import { render } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../../src/define.js';
import type { BcGroupPrice } from '../../src/elements/bc-group-price.js';
import { getSession } from '../../src/client/session.js';
import type { TestConfig } from '../support/servers.js';
import { managementPrices } from './emulator.js';
import { trustOrigins } from './helpers.js';

let config: TestConfig;
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** What the emulator's Management API prices an item at, for a group (`null`: the guest group). */
async function emulatorPrices(items: Array<{ productId: number; variantId?: number }>, groupId: number | null) {
  const data = await managementPrices(items, groupId);
  // What the element must show for each: "was …, now …" when the shopper pays less than the list price.
  return data.map(({ price, calculated_price: calculated }) =>
    price.tax_exclusive > calculated.tax_exclusive
      ? `was ${usd.format(price.tax_exclusive)}, now ${usd.format(calculated.tax_exclusive)}`
      : usd.format(calculated.tax_exclusive),
  );
}

const shown = (el: BcGroupPrice) =>
  el.shadowRoot!.querySelector('[part~="price"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? null;

function requestsTo(path: string): number {
  return performance.getEntriesByType('resource').filter((entry) => new URL(entry.name).pathname === path).length;
}

/** Resolves once every element shows a price (or rejects listing those that do not, after `ms`). */
async function allPriced(elements: BcGroupPrice[], ms = 8000): Promise<void> {
  const start = performance.now();
  while (elements.some((el) => el.status !== 'priced')) {
    if (performance.now() - start > ms) {
      throw new Error(
        `not priced: ${elements
          .filter((el) => el.status !== 'priced')
          .map((el) => `${el.productId}/${el.variantId}:${el.status}`)
          .join(' ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await Promise.all(elements.map((el) => el.updateComplete));
}

async function signIn(email: string, password: string): Promise<void> {
  const form = new URLSearchParams({ login_email: email, login_pass: password });
  const response = await fetch('/login.php?action=check_login', { method: 'POST', body: form, credentials: 'include' });
  expect(response.ok).to.equal(true);
}

async function signOut(): Promise<void> {
  await fetch('/login.php?action=logout', { credentials: 'include' });
}

/** What a page does when the shopper comes back to it (focus, visibility): ask the storefront again. */
async function recheckCustomer(): Promise<void> {
  await getSession({ storefront: location.origin, appClientId: config.appClientId }).refresh();
}

// 50 asks over 26 products and some variants: duplicates included, as a category page has them.
const ITEMS: Array<{ productId: number; variantId?: number }> = [
  ...Array.from({ length: 26 }, (_, i) => ({ productId: 77 + i })),
  { productId: 77, variantId: 61 },
  { productId: 77, variantId: 62 },
  { productId: 81, variantId: 69 },
  { productId: 81, variantId: 70 },
  { productId: 81, variantId: 71 },
  { productId: 84, variantId: 75 },
  { productId: 88, variantId: 88 },
  { productId: 95, variantId: 107 },
  ...Array.from({ length: 16 }, (_, i) => ({ productId: 77 + i })),
];

describe('bc-group-price against the emulator and the backend', () => {
  let elements: BcGroupPrice[];
  let page: HTMLElement | undefined;

  before(async () => {
    performance.setResourceTimingBufferSize(100_000);
    config = await (await fetch('/__test/config.json')).json();
    await signOut();
  });

  after(async () => {
    page?.remove();
    await signOut();
  });

  afterEach(async function () {
    // A failed test must not leave the next one signed in.
    if (this.currentTest?.state === 'failed') {
      await signOut();
      await recheckCustomer();
    }
  });

  it('prices 50 elements with one /prices request and one current.jwt request, at the guest prices', async () => {
    expect(ITEMS).to.have.length(50);
    performance.clearResourceTimings();
    // Not a fixture: the next tests keep using these elements (fixtures are removed after each test).
    page = document.createElement('div');
    render(
      html`<bc-store app-client-id=${config.appClientId} endpoint=${config.endpoint} locale="en-US" currency="USD">
        ${ITEMS.map((i) => html`<bc-group-price product-id=${i.productId} variant-id=${ifDefined(i.variantId)}>$0.00</bc-group-price>`)}
      </bc-store>`,
      page,
    );
    document.body.append(page);
    const store = page.querySelector('bc-store')!;
    elements = [...store.querySelectorAll('bc-group-price')];
    await allPriced(elements);
    expect(requestsTo('/bc/prices'), '/prices requests').to.equal(1);
    expect(requestsTo('/customer/current.jwt'), 'current.jwt requests').to.equal(1);
    expect(elements.map(shown)).to.deep.equal(await emulatorPrices(ITEMS, null));
  });

  it('re-prices every element on sign-in, for another group, and on sign-out, one request each', async () => {
    const wholesale = config.customers.find((c) => c.groupId === 1)!;
    const vip = config.customers.find((c) => c.groupId === 2)!;
    const guestPrices = elements.map(shown);

    await signIn(wholesale.email, wholesale.password);
    performance.clearResourceTimings();
    await recheckCustomer();
    await allPriced(elements);
    expect(requestsTo('/bc/prices')).to.equal(1);
    const wholesalePrices = elements.map(shown);
    expect(wholesalePrices).to.deep.equal(await emulatorPrices(ITEMS, 1));
    expect(wholesalePrices).to.not.deep.equal(guestPrices);

    await signOut();
    await signIn(vip.email, vip.password);
    performance.clearResourceTimings();
    await recheckCustomer();
    await allPriced(elements);
    expect(requestsTo('/bc/prices')).to.equal(1);
    const vipPrices = elements.map(shown);
    expect(vipPrices).to.deep.equal(await emulatorPrices(ITEMS, 2));
    expect(vipPrices).to.not.deep.equal(wholesalePrices);

    await signOut();
    performance.clearResourceTimings();
    await recheckCustomer();
    await allPriced(elements);
    expect(elements.map(shown)).to.deep.equal(guestPrices);
  });

  it('prices a late element from the cache, and a new item in the next batch', async () => {
    performance.clearResourceTimings();
    const cached = document.createElement('bc-group-price');
    cached.setAttribute('product-id', '78');
    elements[0]!.parentElement!.append(cached);
    await cached.updateComplete;
    expect(cached.status).to.equal('priced');
    expect(shown(cached)).to.equal((await emulatorPrices([{ productId: 78 }], null))[0]);

    const fresh = document.createElement('bc-group-price');
    fresh.setAttribute('product-id', '86');
    fresh.setAttribute('variant-id', '83');
    elements[0]!.parentElement!.append(fresh);
    await allPriced([fresh]);
    expect(shown(fresh)).to.equal((await emulatorPrices([{ productId: 86, variantId: 83 }], null))[0]);
    expect(requestsTo('/bc/prices')).to.equal(1);
    cached.remove();
    fresh.remove();
  });

  it('re-prices just the element whose variant changes', async () => {
    const el =
      await fixture<BcGroupPrice>(html`<bc-store app-client-id=${config.appClientId} endpoint=${config.endpoint} locale="en-US">
      <bc-group-price product-id="100" variant-id="119">$179.00</bc-group-price>
    </bc-store>`).then((store) => store.querySelector('bc-group-price')!);
    await allPriced([el]);
    expect(shown(el)).to.equal('$179.00');
    performance.clearResourceTimings();
    el.setAttribute('variant-id', '121');
    await el.updateComplete;
    await new Promise((resolve) => setTimeout(resolve, 0));
    await allPriced([el]);
    expect(shown(el)).to.equal((await emulatorPrices([{ productId: 100, variantId: 121 }], null))[0]);
    expect(shown(el)).to.equal('$199.00');
    expect(requestsTo('/bc/prices')).to.equal(1);
    const [entry] = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/bc/prices'));
    expect(entry).to.not.equal(undefined);
  });

  it('keeps the page price and fires bc-error when the backend is down', async () => {
    const untrust = trustOrigins('http://127.0.0.1:9'); // a backend the page trusts, but which is down
    try {
      const store =
        await fixture<HTMLElement>(html`<bc-store app-client-id=${config.appClientId} endpoint="http://127.0.0.1:9/bc" locale="en-US">
        <bc-group-price product-id="78">$18.00</bc-group-price>
      </bc-store>`);
      const el = store.querySelector('bc-group-price')!;
      const error = await new Promise<GlobalEventHandlersEventMap['bc-error']>((resolve) =>
        el.addEventListener('bc-error', resolve, { once: true }),
      );
      await el.updateComplete;
      expect(error.code).to.equal('ERR_BC_UPSTREAM_UNAVAILABLE');
      expect(el.status).to.equal('error');
      expect(el.shadowRoot!.querySelector('[part~="price"]')).to.equal(null);
      const fallback = el.shadowRoot!.querySelector<HTMLElement>('[part~="fallback"]')!;
      expect(getComputedStyle(fallback).visibility).to.equal('visible');
      expect(el.textContent).to.equal('$18.00');
    } finally {
      untrust();
    }
  });

  it('keeps the page price when BigCommerce fails behind the backend', async () => {
    await fetch('/__emulator/faults', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'pricing', fault: { status: 500 } }),
    });
    try {
      const store =
        await fixture<HTMLElement>(html`<bc-store app-client-id=${config.appClientId} endpoint=${config.endpoint} locale="en-US">
        <bc-group-price product-id="92" variant-id="100">$115.00</bc-group-price>
      </bc-store>`);
      const el = store.querySelector('bc-group-price')!;
      const error = await new Promise<GlobalEventHandlersEventMap['bc-error']>((resolve) =>
        el.addEventListener('bc-error', resolve, { once: true }),
      );
      expect(error.code).to.equal('ERR_BC_UPSTREAM');
      await el.updateComplete;
      expect(el.status).to.equal('error');
      expect(getComputedStyle(el.shadowRoot!.querySelector<HTMLElement>('[part~="fallback"]')!).visibility).to.equal(
        'visible',
      );
    } finally {
      await fetch('/__emulator/faults', { method: 'DELETE' });
    }
  });

  it('is accessible, sale price included', async () => {
    const store =
      await fixture<HTMLElement>(html`<bc-store app-client-id=${config.appClientId} endpoint=${config.endpoint} locale="en-US">
      <p>Canvas Tote: <bc-group-price product-id="78" show-bulk>$18.00</bc-group-price></p>
      <p>Ceramic Mug: <bc-group-price product-id="79" show-bulk>$12.50</bc-group-price></p>
    </bc-store>`);
    const [tote, mug] = [...store.querySelectorAll('bc-group-price')];
    await allPriced([tote!, mug!]);
    expect(shown(tote!)).to.equal('was $18.00, now $15.00');
    expect([...mug!.shadowRoot!.querySelectorAll('[part="bulk-tier"]')].map((li) => li.textContent)).to.deep.equal([
      '5–9: $11.88 each',
      '10+: $11.25 each',
    ]);
    await expect(store).to.be.accessible();
  });

  it('renders 500 elements after one answer (logs the time, asserts no time)', async () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ productId: 77 + (i % 26) }));
    // New prices for every one of them: sign in, so nothing comes from the guest cache.
    const wholesale = config.customers.find((c) => c.groupId === 1)!;
    await signIn(wholesale.email, wholesale.password);
    await recheckCustomer();
    performance.clearResourceTimings();
    const store =
      await fixture<HTMLElement>(html`<bc-store app-client-id=${config.appClientId} endpoint=${config.endpoint} locale="en-US">
      ${items.map((i) => html`<bc-group-price product-id=${i.productId}>$0.00</bc-group-price>`)}
    </bc-store>`);
    const many = [...store.querySelectorAll('bc-group-price')];
    // Timestamps on the price path itself: the last bc-price-change, then Lit's commit of every element, then the
    // next frame (the paint that shows them).
    let seen = 0;
    let lastEvent = 0;
    let committed = 0;
    let painted = 0;
    const done = new Promise<void>((resolve) => {
      store.addEventListener('bc-price-change', () => {
        seen += 1;
        if (seen < many.length) return;
        lastEvent = performance.now();
        void Promise.all(many.map((el) => el.updateComplete)).then(() => {
          committed = performance.now();
          requestAnimationFrame(() => {
            painted = performance.now();
            resolve();
          });
        });
      });
    });
    await done;
    await allPriced(many, 20_000);
    const answers = performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('/bc/prices')) as PerformanceResourceTiming[];
    expect(answers).to.have.length(1);
    const answerEnd = answers[0]!.responseEnd;
    console.log(
      `[measure] 500 <bc-group-price>, ${new Set(items.map((i) => i.productId)).size} distinct items: /prices requests ` +
        `${answers.length}; from the answer's last byte: last bc-price-change ${(lastEvent - answerEnd).toFixed(1)} ms, ` +
        `all committed ${(committed - answerEnd).toFixed(1)} ms, next frame ${(painted - answerEnd).toFixed(1)} ms`,
    );
    expect(many.every((el) => shown(el) !== null)).to.equal(true);
    await signOut();
    await recheckCustomer();
  });
});
