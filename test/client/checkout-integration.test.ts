// <bc-checkout-button> against the real chain at the page origin: the emulated storefront (sign-in, carts,
// the checkout page) and the backend's /checkout under /bc. Navigation is observed through the
// element's `navigate` hook and then followed with fetch, on the same origin, with the page's cookies.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import { createBackendClient } from '../../src/client/backend.js';
import { getSession } from '../../src/client/session.js';
import type { TestConfig } from '../support/servers.js';
import { trustOrigins } from './helpers.js';

interface EmulatorState {
  app: { storeHash: string; accessToken: string; channelId: number };
}

let config: TestConfig;
let state: EmulatorState;

async function createCart(): Promise<string> {
  const response = await fetch(`/stores/${state.app.storeHash}/v3/carts`, {
    method: 'POST',
    headers: { 'x-auth-token': state.app.accessToken, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      channel_id: state.app.channelId,
      line_items: [{ quantity: 2, product_id: 78, variant_id: 64 }],
    }),
  });
  expect(response.status).to.equal(201);
  return ((await response.json()) as { data: { id: string } }).data.id;
}

async function signIn(email: string, password: string): Promise<void> {
  const form = new URLSearchParams({ login_email: email, login_pass: password });
  const response = await fetch('/login.php?action=check_login', { method: 'POST', body: form, credentials: 'include' });
  expect(response.ok).to.equal(true);
  await session().refresh();
}

async function signOut(): Promise<void> {
  await fetch('/login.php?action=logout', { credentials: 'include' });
  await session().refresh();
}

const session = () => getSession({ storefront: location.origin, appClientId: config.appClientId });

/** Follows a URL as the browser would (redirects, cookies) and reads the page it lands on. */
async function follow(url: string): Promise<{ path: string; doc: Document }> {
  const response = await fetch(url, { credentials: 'include' });
  const landed = new URL(response.url);
  return {
    path: `${landed.pathname}${landed.search}`,
    doc: new DOMParser().parseFromString(await response.text(), 'text/html'),
  };
}

function requestsTo(path: string): number {
  return performance.getEntriesByType('resource').filter((entry) => new URL(entry.name).pathname === path).length;
}

/** A checkout button in a configured store; `visited` collects the URLs it navigates to. */
async function checkoutButton(cartId: string, options: { embedded?: boolean; endpoint?: string } = {}) {
  const visited: string[] = [];
  const store =
    await fixture<HTMLElement>(html`<bc-store app-client-id=${config.appClientId} endpoint=${options.endpoint ?? config.endpoint}>
    <bc-checkout-button cart-id=${cartId} ?embedded=${options.embedded ?? false} .navigate=${(url: string) => visited.push(url)}>Checkout</bc-checkout-button>
  </bc-store>`);
  const el = store.querySelector('bc-checkout-button')!;
  return { el, visited, native: el.shadowRoot!.querySelector('button')! };
}

function next<K extends keyof GlobalEventHandlersEventMap>(
  el: EventTarget,
  type: K,
): Promise<GlobalEventHandlersEventMap[K]> {
  return new Promise((resolve) => el.addEventListener(type, resolve as EventListener, { once: true }));
}

describe('bc-checkout-button against the emulator and the backend', () => {
  before(async () => {
    performance.setResourceTimingBufferSize(100_000);
    config = await (await fetch('/__test/config.json')).json();
    state = await (await fetch('/__emulator/state')).json();
    await signOut();
  });

  afterEach(signOut);

  it('lands a signed-in shopper on checkout signed in as that customer, through their own storefront session', async () => {
    const wholesale = config.customers.find((c) => c.groupId === 1)!;
    const cartId = await createCart();
    await signIn(wholesale.email, wholesale.password);
    const { el, native, visited } = await checkoutButton(cartId);
    const checkout = next(el, 'bc-checkout');
    native.click();
    const event = await checkout;
    expect(event.signedIn).to.equal(true);
    expect(visited).to.deep.equal([event.url]);
    expect(event.url.startsWith(`${location.origin}/cart.php?`)).to.equal(true);
    const landed = await follow(event.url);
    expect(landed.path).to.equal('/checkout');
    expect(landed.doc.querySelector('#customer-email')?.textContent).to.equal(wholesale.email);
    expect(landed.doc.querySelector('#cart')?.getAttribute('data-cart-id')).to.equal(cartId);
  });

  it('lands a guest on checkout as a guest', async () => {
    const cartId = await createCart();
    const { el, native, visited } = await checkoutButton(cartId);
    const checkout = next(el, 'bc-checkout');
    native.click();
    const event = await checkout;
    expect(event.signedIn).to.equal(false);
    expect(visited).to.deep.equal([event.url]);
    const url = new URL(event.url);
    expect([url.origin, url.pathname, url.searchParams.get('action'), url.searchParams.get('id')]).to.deep.equal([
      location.origin,
      '/cart.php',
      'loadInCheckout',
      cartId,
    ]);
    const landed = await follow(event.url);
    expect(landed.path).to.equal('/checkout');
    expect(landed.doc.querySelector('#customer')?.textContent).to.equal('Guest');
    expect(landed.doc.querySelector('#cart')?.getAttribute('data-cart-id')).to.equal(cartId);
  });

  it('in embedded mode gives the embedded checkout URL and does not navigate', async () => {
    const vip = config.customers.find((c) => c.groupId === 2)!;
    const cartId = await createCart();
    await signIn(vip.email, vip.password);
    const { el, native, visited } = await checkoutButton(cartId, { embedded: true });
    const checkout = next(el, 'bc-checkout');
    native.click();
    const event = await checkout;
    expect([event.embedded, event.signedIn, visited]).to.deep.equal([true, true, []]);
    const landed = await follow(event.url);
    expect(landed.path).to.equal('/checkout?embedded=1');
    expect(landed.doc.querySelector('#customer-email')?.textContent).to.equal(vip.email);
  });

  it('stops everything when bc-before-checkout is cancelled', async () => {
    const cartId = await createCart();
    const { el, visited } = await checkoutButton(cartId);
    let checkedOut = false;
    el.addEventListener('bc-before-checkout', (event) => event.preventDefault());
    el.addEventListener('bc-checkout', () => (checkedOut = true));
    performance.clearResourceTimings();
    await el.checkout();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect([requestsTo('/bc/checkout'), visited.length, checkedOut]).to.deep.equal([0, 0, false]);
  });

  it('refuses a foreign URL from a tampered backend', async () => {
    const cartId = await createCart();
    const { el, visited } = await checkoutButton(cartId);
    const real = createBackendClient({ endpoint: config.endpoint, session: session() });
    el.backend = {
      async postJson<T>(route: string, body: unknown, init?: { signal?: AbortSignal }): Promise<T> {
        const answer = await real.postJson<{ url: string; signedIn: boolean }>(route, body, init);
        const url = new URL(answer.url);
        return { ...answer, url: `https://evil.example.com${url.pathname}${url.search}` } as T;
      },
    };
    const failed = next(el, 'bc-error');
    await el.checkout();
    const error = await failed;
    expect([error.code, error.message]).to.deep.equal([
      'ERR_BC_INVALID_REDIRECT',
      `Refused to leave for a checkout URL outside the storefront ${location.origin}.`,
    ]);
    expect(visited).to.deep.equal([]);
    expect(el.shadowRoot!.querySelector('button')!.getAttribute('aria-disabled')).to.equal('false');
  });

  it('reports a cart that is gone and stays usable', async () => {
    const { el, visited, native } = await checkoutButton('0b7a5c3e-0000-4000-8000-000000000000');
    const failed = next(el, 'bc-error');
    native.click();
    const error = await failed;
    await el.updateComplete;
    expect(error.code).to.equal('ERR_BC_CART_NOT_FOUND');
    expect(visited).to.deep.equal([]);
    expect([native.getAttribute('aria-disabled'), native.getAttribute('aria-busy')]).to.deep.equal(['false', 'false']);
  });

  it('reports a backend that is down and stays usable', async () => {
    const untrust = trustOrigins('http://127.0.0.1:9'); // a backend the page trusts, but which is down
    try {
      const { el, visited, native } = await checkoutButton('some-cart', { endpoint: 'http://127.0.0.1:9/bc' });
      const failed = next(el, 'bc-error');
      native.click();
      const error = await failed;
      await el.updateComplete;
      expect(error.code).to.equal('ERR_BC_UPSTREAM_UNAVAILABLE');
      expect(visited).to.deep.equal([]);
      expect(native.getAttribute('aria-disabled')).to.equal('false');
      await expect(el).to.be.accessible();
    } finally {
      untrust();
    }
  });
});
