// The price page's script-tag bundle (dist/bc-customer-elements.prices.min.js, built by `npm run build`) alone on a
// page: it registers <bc-store> and <bc-group-price>, nothing else, and shows a signed-in shopper's group prices.
// This file imports none of the sources, so the page holds only the bundle's copies.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { emulatorState, resetEmulator, signIn, signOut } from '../client/emulator.js';
import type { TestConfig } from '../support/servers.js';

const BUNDLE = '/dist/bc-customer-elements.prices.min.js';

const shown = (el: Element) =>
  el.shadowRoot!.querySelector('[part~="price"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? null;

/** The backend's price for `productId` with a token (signed in) or without (guest), formatted as the element shows it. */
async function backendLabel(config: TestConfig, productId: number, token: string | null): Promise<string> {
  const response = await fetch(`${config.endpoint}/prices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ currency: 'USD', items: [{ productId }] }),
  });
  const { items } = (await response.json()) as {
    items: { price: { taxExclusive: number }; calculatedPrice: { taxExclusive: number } }[];
  };
  const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
  const { price, calculatedPrice } = items[0]!;
  return price.taxExclusive > calculatedPrice.taxExclusive
    ? `was ${usd.format(price.taxExclusive)}, now ${usd.format(calculatedPrice.taxExclusive)}`
    : usd.format(calculatedPrice.taxExclusive);
}

describe('the price page bundle alone', () => {
  after(() => signOut());

  it('registers <bc-store> and <bc-group-price> only, and shows the signed-in shopper their group prices', async () => {
    const config = (await (await fetch('/__test/config.json')).json()) as TestConfig;
    const emulator = await emulatorState();
    await resetEmulator();
    const guestLabel = await backendLabel(config, 77, null);
    const wholesale = config.customers.find((c) => c.groupId === 1)!;
    await signIn(wholesale.email, wholesale.password);
    const token = await (
      await fetch(`/customer/current.jwt?app_client_id=${emulator.app.clientId}`, { credentials: 'include' })
    ).text();
    const groupLabel = await backendLabel(config, 77, token);
    expect(groupLabel, 'the seed prices product 77 differently for group 1').to.not.equal(guestLabel);

    await import(/* @vite-ignore */ BUNDLE);
    expect(customElements.get('bc-store')).to.be.a('function');
    expect(customElements.get('bc-group-price')).to.be.a('function');
    for (const tag of ['bc-current-customer', 'bc-checkout-button', 'bc-sign-in'])
      expect(customElements.get(tag), tag).to.equal(undefined);

    const shownTexts: string[] = [];
    const root =
      await fixture<HTMLElement>(html`<div @bc-price-change=${(event: { text: string }) => shownTexts.push(event.text)}>
      <bc-store app-client-id=${emulator.app.clientId} endpoint=${config.endpoint} locale="en-US" currency="USD"></bc-store>
      <bc-group-price product-id="77">$0.00</bc-group-price>
    </div>`);
    const el = root.querySelector('bc-group-price')!;
    await new Promise<void>((resolve) => root.addEventListener('bc-price-change', () => resolve(), { once: true }));
    await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(shownTexts).to.deep.equal([groupLabel]);
    expect(shown(el)).to.equal(groupLabel);
  });

  it('reports a developer mistake by its code, a number and the address of the table that decodes the number', async () => {
    await import(/* @vite-ignore */ BUNDLE);
    const { version } = (await (await fetch('/package.json')).json()) as { version: string };
    // The table served as the repository has it (scripts/diagnostics.mjs generates it from the source).
    const table = await (await fetch('/docs/diagnostics.md')).text();
    const row = /^\| (\d+) \| `ERR_BC_INVALID_PRODUCT` \| `product-id must be a positive integer` \|/m.exec(table);
    expect(row, 'the row of the message in docs/diagnostics.md').to.not.equal(null);
    const emulator = await emulatorState();
    const config = (await (await fetch('/__test/config.json')).json()) as TestConfig;
    const store = document.createElement('bc-store');
    store.setAttribute('app-client-id', emulator.app.clientId);
    store.setAttribute('endpoint', config.endpoint);
    const el = document.createElement('bc-group-price');
    el.setAttribute('product-id', 'abc');
    el.textContent = '$30.00';
    const failed = oneEvent(el, 'bc-error');
    document.body.append(store, el);
    const error = (await failed) as unknown as { code: string; message: string };
    el.remove();
    store.remove();
    expect([error.code, error.message]).to.deep.equal([
      'ERR_BC_INVALID_PRODUCT',
      `bc-customer-elements #${row![1]} https://unpkg.com/bc-customer-elements@${version}/docs/diagnostics.md`,
    ]);
  });
});
