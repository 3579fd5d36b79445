// Hostile markup (SECURITY.md, class G): HTML injected into the page's body (CMS content, a sanitizer that lets
// custom elements and their attributes through), with no script, must not send the signed-in shopper's token, their
// password or their checkout anywhere the page does not trust. The page's own store uses the backend at the page's
// origin; the recorder at `foreignOrigin` plays the attacker's server and tells what reached it.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import { TRUSTED_ORIGINS_META } from '../../src/client/config.js';
import type { BcErrorEvent } from '../../src/client/events.js';
import { getSession } from '../../src/client/session.js';
import type { BcGroupPrice } from '../../src/elements/bc-group-price.js';
import type { ForeignRecord } from '../support/foreign-recorder.js';
import type { TestConfig } from '../support/servers.js';
import { emulatorState, resetEmulator, signIn } from '../client/emulator.js';

let config: TestConfig;
let evil: string;
let storefrontToken: string;

async function foreignLog(): Promise<ForeignRecord[]> {
  return (await (await fetch(`${evil}/__log`, { cache: 'no-store' })).json()) as ForeignRecord[];
}

/** The shown text of a price element (what the shopper reads). */
const shown = (el: BcGroupPrice) =>
  el.shadowRoot!.querySelector('[part~="price"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/**
 * The settled state of a price element, heard from before it connects: its `bc-price-change` text or its `bc-error`
 * code. Bind `on` as `@bc-price-change` and `@bc-error` in the template.
 */
function outcome() {
  let resolve!: (value: string) => void;
  const settled = new Promise<string>((done) => (resolve = done));
  let error: BcErrorEvent | null = null;
  const on = (event: Event) => {
    if (event.type === 'bc-error') error = event as BcErrorEvent;
    resolve(
      event.type === 'bc-error'
        ? `error ${(event as BcErrorEvent).code}`
        : `price ${(event as Event & { text: string }).text}`,
    );
  };
  return { on, settled, error: () => error };
}

describe('hostile markup: the token goes only where the page trusts', () => {
  before(async () => {
    config = (await (await fetch('/__test/config.json')).json()) as TestConfig;
    evil = config.foreignOrigin;
    storefrontToken = ((await emulatorState()) as unknown as { app: { storefrontToken: string } }).app.storefrontToken;
  });

  beforeEach(async () => {
    await resetEmulator();
    await foreignLog();
    const wholesale = config.customers.find((c) => c.email === 'wholesale@example.com')!;
    await signIn(wholesale.email, wholesale.password);
    await getSession({ storefront: location.origin, appClientId: config.appClientId }).refresh();
  });

  afterEach(() => {
    for (const meta of document.head.querySelectorAll(`meta[name="${TRUSTED_ORIGINS_META}"]`)) meta.remove();
  });

  it('ignores an injected endpoint on an element: the page backend prices it, nothing reaches the other origin', async () => {
    const { on, settled } = outcome();
    const root = await fixture<HTMLElement>(html`<div>
      <bc-store app-client-id=${config.appClientId} endpoint=${config.endpoint}></bc-store>
      <bc-group-price product-id="80" endpoint=${`${evil}/bc`} @bc-price-change=${on} @bc-error=${on}>$25.00</bc-group-price>
    </div>`);
    const price = root.querySelector('bc-group-price')!;
    expect(await settled).to.match(/^price /);
    expect(shown(price)).to.not.contain('0.01');
    expect(await foreignLog()).to.deep.equal([]);
  });

  it('skips an injected store placed before the page store: real prices, no request to its endpoint', async () => {
    const { on, settled } = outcome();
    const root = await fixture<HTMLElement>(html`<div>
      <bc-store app-client-id=${config.appClientId} endpoint=${`${evil}/bc`} storefront=${evil}></bc-store>
      <bc-group-price product-id="80" @bc-price-change=${on} @bc-error=${on}>$25.00</bc-group-price>
      <bc-store app-client-id=${config.appClientId} endpoint=${config.endpoint} storefront=${location.origin}></bc-store>
    </div>`);
    const price = root.querySelector('bc-group-price')!;
    expect(await settled).to.match(/^price /);
    expect(shown(price)).to.not.contain('0.01');
    expect(await foreignLog()).to.deep.equal([]);
  });

  it('fails with ERR_BC_UNTRUSTED_ORIGIN, naming the fix, when only an untrusted endpoint is given', async () => {
    const { on, settled, error } = outcome();
    const root = await fixture<HTMLElement>(html`<div>
      <bc-store app-client-id=${config.appClientId} endpoint=${`${evil}/bc`}></bc-store>
      <bc-group-price product-id="80" @bc-price-change=${on} @bc-error=${on}>$25.00</bc-group-price>
    </div>`);
    const price = root.querySelector('bc-group-price')!;
    expect(await settled).to.equal('error ERR_BC_UNTRUSTED_ORIGIN');
    expect(error()?.message).to.equal(
      `bc-customer-elements: ${evil} is not trusted by this page, so the shopper's identity is not sent there. ` +
        `If it is yours, list it in <meta name="bc-trusted-origins" content="${evil}"> in <head>.`,
    );
    expect(price.textContent).to.equal('$25.00'); // the page's own price stays
    expect(await foreignLog()).to.deep.equal([]);
  });

  it('does not trust a bc-trusted-origins meta injected into the body', async () => {
    const { on, settled } = outcome();
    await fixture<HTMLElement>(html`<div>
      <meta name="bc-trusted-origins" content=${evil} />
      <bc-store app-client-id=${config.appClientId} endpoint=${`${evil}/bc`}></bc-store>
      <bc-group-price product-id="80" @bc-price-change=${on} @bc-error=${on}>$25.00</bc-group-price>
    </div>`);
    expect(await settled).to.equal('error ERR_BC_UNTRUSTED_ORIGIN');
    expect(await foreignLog()).to.deep.equal([]);
  });

  it('sends to an origin the page lists in <head> (the trust is the page author’s to give)', async () => {
    const meta = Object.assign(document.createElement('meta'), {
      name: TRUSTED_ORIGINS_META,
      content: `https://cdn.example ${evil}`,
    });
    document.head.append(meta);
    const { on, settled } = outcome();
    await fixture<HTMLElement>(html`<div>
      <bc-store app-client-id=${config.appClientId} endpoint=${`${evil}/bc`}></bc-store>
      <bc-group-price product-id="80" @bc-price-change=${on} @bc-error=${on}>$25.00</bc-group-price>
    </div>`);
    expect(await settled).to.match(/^price /);
    const log = await foreignLog();
    const post = log.find((record) => record.method === 'POST' && record.path === '/bc/prices');
    expect(post?.authorization).to.match(/^Bearer ey/);
  });

  it('checks out only through the page backend and to the page storefront, whatever storefront and endpoint are injected', async () => {
    const visited: string[] = [];
    const root = await fixture<HTMLElement>(html`<div>
      <bc-store app-client-id=${config.appClientId} endpoint=${`${evil}/bc`} storefront=${evil}></bc-store>
      <bc-store app-client-id=${config.appClientId} endpoint=${config.endpoint} storefront=${location.origin}></bc-store>
      <bc-checkout-button cart-id="not-a-real-cart" endpoint=${`${evil}/bc`} storefront=${evil} .navigate=${(url: string) => visited.push(url)}>Checkout</bc-checkout-button>
    </div>`);
    const button = root.querySelector('bc-checkout-button')!;
    const failed = oneEvent<BcErrorEvent>(button, 'bc-error');
    await button.checkout();
    // The page's backend was asked (and knows no such cart): the injected one never was.
    expect((await failed).code).to.equal('ERR_BC_CART_NOT_FOUND');
    expect(visited).to.deep.equal([]);
    expect(await foreignLog()).to.deep.equal([]);
  });

  it('never posts the shopper’s password to an injected storefront', async () => {
    await fetch('/login.php?action=logout', { credentials: 'include' });
    const root = await fixture<HTMLElement>(html`<div>
      <bc-store app-client-id=${config.appClientId} storefront-token=${storefrontToken} storefront=${evil}></bc-store>
      <bc-sign-in></bc-sign-in>
    </div>`);
    const form = root.querySelector('bc-sign-in')!;
    await form.updateComplete;
    const part = (name: string) => form.shadowRoot!.querySelector<HTMLInputElement>(`[part~="${name}"]`)!;
    part('email').value = 'wholesale@example.com';
    part('password').value = 'wholesale-demo-1';
    const failed = oneEvent<BcErrorEvent>(form, 'bc-error');
    part('button').click();
    expect((await failed).code).to.equal('ERR_BC_UNTRUSTED_ORIGIN');
    expect(await foreignLog()).to.deep.equal([]);
  });
});
