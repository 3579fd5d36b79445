// Where every element gets its settings (src/elements/config-controller.ts): its own attributes and properties, the
// page's stores, the nearest lang; each change seen on a connected element, and the configuration resolved once
// per element per change (counted by the library's probe, src/client/probe.ts).
import { expect, fixture, fixtureCleanup, html, oneEvent as anyEvent } from '@open-wc/testing';
import '../../src/define.js';
import { PROBE, type ProbeName } from '../../src/client/probe.js';
import type { BcGroupPrice } from '../../src/elements/bc-group-price.js';
import { settleAnnouncements } from './live-region.js';
import { instantPrices, money, mount, unmount } from './price-answers.js';

/** Every item at $30.00 list, $25.00 calculated. */
const service = () => instantPrices(() => ({ calculatedPrice: money(25) }));

const oneEvent = <K extends keyof GlobalEventHandlersEventMap>(target: EventTarget, type: K) =>
  anyEvent(target, type) as unknown as Promise<GlobalEventHandlersEventMap[K]>;

/** The library's counters, installed for the test and removed after it. */
function probe(): { of(name: ProbeName): number; stop(): void } {
  const counts: Partial<Record<ProbeName, number>> = {};
  (globalThis as { [PROBE]?: object })[PROBE] = counts;
  return {
    of: (name) => counts[name] ?? 0,
    stop: () => delete (globalThis as { [PROBE]?: object })[PROBE],
  };
}

const shown = (el: BcGroupPrice) =>
  el.shadowRoot!.querySelector('[part~="price"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
/** Lets the store's notice (sent once its update is done) reach the elements, and their updates run. */
const settled = async (...elements: { updateComplete: Promise<boolean> }[]) => {
  await new Promise((resolve) => setTimeout(resolve, 0));
  await Promise.all(elements.map((el) => el.updateComplete));
};

beforeEach(() => settleAnnouncements());
afterEach(() => {
  unmount();
  fixtureCleanup();
});

describe('settings on a connected <bc-group-price>', () => {
  it('follows a change of its own currency and locale attributes, without asking again', async () => {
    const prices = service();
    const { container, first } = mount(
      html`<bc-group-price locale="en-US" currency="USD" product-id="1" .priceService=${prices}>$30.00</bc-group-price>`,
      'bc-price-change',
    );
    const el = container.querySelector('bc-group-price')!;
    await first;
    await el.updateComplete;
    expect(shown(el)).to.equal('was $30.00, now $25.00');

    const euros = oneEvent(el, 'bc-price-change');
    el.setAttribute('currency', 'eur');
    el.setAttribute('locale', 'de-DE');
    expect([(await euros).currency, (await euros).text.replace(/\s/g, ' ')]).to.deep.equal([
      'EUR',
      'was 30,00 €, now 25,00 €',
    ]);
    await el.updateComplete;
    expect(shown(el)!.replace(/\s/g, ' ')).to.equal('was 30,00 €, now 25,00 €');
    expect(prices.requests()).to.equal(1);
  });

  it('follows a change of its own endpoint: one on an origin the page does not trust is refused', async () => {
    const { container, first } = mount(
      html`<bc-group-price app-client-id="app" product-id="1">$30.00</bc-group-price>`,
      'bc-error',
    );
    const el = container.querySelector('bc-group-price')!;
    expect((await first).code).to.equal('ERR_BC_CONFIG_MISSING');
    const refused = oneEvent(el, 'bc-error');
    el.endpoint = 'https://elsewhere.example/bc';
    expect((await refused).code).to.equal('ERR_BC_UNTRUSTED_ORIGIN');
    expect(el.status).to.equal('error');
    expect(el.getAttribute('endpoint')).to.equal('https://elsewhere.example/bc');
  });

  it('follows a change of the lang around it when no locale is set', async () => {
    const prices = service();
    const { container, first } = mount(
      html`<div lang="en-US"><p><bc-group-price product-id="1" .priceService=${prices}>$30.00</bc-group-price></p></div>`,
      'bc-price-change',
    );
    const root = container.firstElementChild!;
    const el = container.querySelector('bc-group-price')!;
    expect((await first).text).to.equal('was $30.00, now $25.00');
    const german = oneEvent(el, 'bc-price-change');
    root.setAttribute('lang', 'de-DE');
    expect((await german).text.replace(/\s/g, ' ')).to.equal('was 30,00 $, now 25,00 $');
  });
});

describe('one configuration resolution per element per change', () => {
  let counts: ReturnType<typeof probe>;
  beforeEach(() => (counts = probe()));
  afterEach(() => counts.stop());

  it('resolves each price once on a page of 100 prices, once more per store change, once for its own change', async () => {
    const prices = service();
    const ids = Array.from({ length: 100 }, (_, i) => 1 + (i % 26));
    const root = await fixture<HTMLElement>(html`<div>
      <bc-store locale="en-US" currency="USD"></bc-store>
      ${ids.map((id) => html`<bc-group-price product-id=${id} .priceService=${prices}>$1.00</bc-group-price>`)}
    </div>`);
    const store = root.querySelector('bc-store')!;
    const all = [...root.querySelectorAll('bc-group-price')];
    await settled(store, ...all);
    await settled(...all);
    expect(all.every((el) => el.status === 'priced')).to.equal(true);
    expect(counts.of('resolveConfig')).to.equal(100);

    store.taxDisplay = 'inclusive';
    store.currency = 'EUR'; // a burst of changes: one notice, one resolution each
    await settled(store, ...all);
    expect(counts.of('resolveConfig')).to.equal(200);
    expect(all[0]!.price).to.not.equal(null);

    all[0]!.currency = 'GBP';
    await settled(...all);
    expect(counts.of('resolveConfig')).to.equal(201);
    expect(all.map((el) => el.status).filter((status) => status !== 'priced')).to.deep.equal([]);
  });

  it('resolves once per element when the store comes after the elements, and again when it arrives', async () => {
    const prices = service();
    const root = await fixture<HTMLElement>(html`<div>
      <bc-group-price product-id="1" .priceService=${prices}>$1.00</bc-group-price>
      <bc-group-price product-id="2" .priceService=${prices}>$1.00</bc-group-price>
    </div>`);
    const all = [...root.querySelectorAll('bc-group-price')];
    await settled(...all);
    expect(counts.of('resolveConfig')).to.equal(2);
    const store = document.createElement('bc-store');
    store.locale = 'de-DE';
    root.append(store); // a store in a CMS footer
    await settled(store, ...all);
    await settled(...all);
    expect(counts.of('resolveConfig')).to.equal(4);
    expect(shown(all[0]!)!.replace(/\s/g, ' ')).to.equal('was 30,00 $, now 25,00 $');
  });
});
