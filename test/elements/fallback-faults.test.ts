// The elements under upstream faults (SECURITY class E seen from the page): with BigCommerce failing behind the real
// backend, every element keeps its light-DOM fallback and emits bc-error. Faults are set through the emulator's
// /__emulator/faults admin route and cleared after each test. The backend used here is the short-deadline mount
// (test/support/servers.ts): the same handler with a 1 s upstream deadline, so hangs end quickly.
import { expect, fixture, html, oneEvent as anyEvent } from '@open-wc/testing';
import '../../src/define.js';
import { getSession } from '../../src/client/session.js';
import type { BcCheckoutButton } from '../../src/elements/bc-checkout-button.js';
import type { BcCurrentCustomer } from '../../src/elements/bc-current-customer.js';
import type { BcGroupPrice } from '../../src/elements/bc-group-price.js';
import type { Fault } from '../../src/emulator/types.js';
import { clearFaults, emulatorState, resetEmulator, setFault, signIn, type EmulatorState } from '../client/emulator.js';

const oneEvent = <K extends keyof GlobalEventHandlersEventMap>(target: EventTarget, type: K) =>
  anyEvent(target, type) as unknown as Promise<GlobalEventHandlersEventMap[K]>;

const ENDPOINT = `${location.origin}/bc-short`;

/** Each fault the emulator injects, and the code the backend's answer turns into in the browser. */
const FAULTS: ReadonlyArray<readonly [string, Fault, string]> = [
  // A backend that meets a 429 holds all its calls until the announced reset: 5 ms here, so the next case is not held.
  ['429 with rate-limit headers', { status: 429, resetMs: 5 }, 'ERR_BC_UPSTREAM_UNAVAILABLE'],
  ['429 without rate-limit headers', { status: 429, rateLimitHeaders: false }, 'ERR_BC_UPSTREAM_UNAVAILABLE'],
  ['500', { status: 500 }, 'ERR_BC_UPSTREAM'],
  ['503', { status: 503 }, 'ERR_BC_UPSTREAM'],
  ['a hanging response', { hang: true }, 'ERR_BC_UPSTREAM_TIMEOUT'],
  ['a trickling response', { trickle: true }, 'ERR_BC_UPSTREAM_TIMEOUT'],
  ['a malformed body', { body: 'malformed' }, 'ERR_BC_UPSTREAM'],
  ['a truncated body', { body: 'truncated' }, 'ERR_BC_UPSTREAM'],
  ['an HTML body', { body: 'html' }, 'ERR_BC_UPSTREAM'],
  ['an empty body', { body: 'empty' }, 'ERR_BC_UPSTREAM'],
  ['an oversized body', { body: 'huge' }, 'ERR_BC_UPSTREAM'],
];

const text = (node: Node | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
const slotted = (root: ShadowRoot, selector: string) =>
  root.querySelector<HTMLSlotElement>(selector)!.assignedNodes({ flatten: true }).map(text).filter(Boolean).join(' ');

let emulator: EmulatorState;

async function createCart(): Promise<string> {
  const state = (await (await fetch('/__emulator/state')).json()) as {
    app: { storeHash: string; accessToken: string; channelId: number };
  };
  const response = await fetch(`/stores/${state.app.storeHash}/v3/carts`, {
    method: 'POST',
    headers: { 'x-auth-token': state.app.accessToken, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      channel_id: state.app.channelId,
      line_items: [{ quantity: 1, product_id: 78, variant_id: 64 }],
    }),
  });
  expect(response.status).to.equal(201);
  return ((await response.json()) as { data: { id: string } }).data.id;
}

describe('elements keep their fallback under upstream faults', () => {
  before(async () => {
    emulator = await emulatorState();
    await resetEmulator();
    await getSession({ storefront: location.origin, appClientId: emulator.app.clientId }).refresh();
  });
  afterEach(() => clearFaults());

  describe('<bc-group-price> (pricing faulted)', () => {
    FAULTS.forEach(([name, fault, code], i) => {
      it(`${name}: keeps the page's price and emits bc-error ${code}`, async () => {
        await setFault('pricing', fault);
        const productId = 77 + i; // one product per fault: nothing cached from another test
        const store =
          await fixture<HTMLElement>(html`<bc-store app-client-id=${emulator.app.clientId} endpoint=${ENDPOINT} locale="en-US">
          <bc-group-price product-id=${productId}>$12.34</bc-group-price>
        </bc-store>`);
        const el = store.querySelector('bc-group-price') as BcGroupPrice;
        const error = el.status === 'error' ? null : await oneEvent(el, 'bc-error');
        await el.updateComplete;
        expect(error?.code).to.equal(code);
        expect(el.status).to.equal('error');
        expect(el.shadowRoot!.querySelector('[part~="price"]')).to.equal(null);
        const fallback = el.shadowRoot!.querySelector<HTMLElement>('[part~="fallback"]')!;
        expect(getComputedStyle(fallback).visibility).to.equal('visible');
        expect(slotted(el.shadowRoot!, '[part~="fallback"] slot')).to.equal('$12.34');
      });
    });
  });

  describe('<bc-checkout-button> (redirect_urls faulted)', () => {
    let cartId: string;
    before(async () => {
      cartId = await createCart();
    });

    for (const [name, fault, code] of FAULTS) {
      it(`${name}: stays on the page, keeps its label, emits bc-error ${code} and can be used again`, async () => {
        await setFault('redirect_urls', fault);
        const visited: string[] = [];
        const store =
          await fixture<HTMLElement>(html`<bc-store app-client-id=${emulator.app.clientId} endpoint=${ENDPOINT}>
          <bc-checkout-button cart-id=${cartId} .navigate=${(url: string) => visited.push(url)}>Checkout</bc-checkout-button>
        </bc-store>`);
        const el = store.querySelector('bc-checkout-button') as BcCheckoutButton;
        const failed = oneEvent(el, 'bc-error');
        await el.checkout();
        const error = await failed;
        await el.updateComplete;
        expect(error.code).to.equal(code);
        expect(visited).to.deep.equal([]);
        const button = el.shadowRoot!.querySelector('button')!;
        expect([button.getAttribute('aria-disabled'), button.getAttribute('aria-busy')]).to.deep.equal([
          'false',
          'false',
        ]);
        expect(slotted(el.shadowRoot!, '[part="label"] slot')).to.equal('Checkout');
        // Once BigCommerce is well again, a click takes the shopper to checkout.
        await clearFaults();
        const done = oneEvent(el, 'bc-checkout');
        button.click();
        expect((await done).url.startsWith(`${location.origin}/`)).to.equal(true);
        expect(visited).to.have.length(1);
      });
    }
  });

  describe('<bc-current-customer> (current.jwt faulted on a page that knows no customer yet)', () => {
    const session = () => getSession({ storefront: location.origin, appClientId: emulator.app.clientId });
    const buyer = () => emulator.customers.find((c) => c.email === 'buyer@example.com')!;
    after(async () => {
      await clearFaults();
      await resetEmulator();
      await session().refresh();
    });

    // With a still-valid token in hand, a transient failure keeps showing the customer (by design); the fallback
    // matters when no token is known, as on a page's first load: the shopper is signed in at the storefront, and
    // current.jwt fails. Hanging and trickling current.jwt end at the session's own 10 s timeout (covered with a
    // controlled clock in test/client/session-emulator.test.ts); every fault that answers is here.
    for (const [name, fault] of FAULTS.filter(([, f]) => !f.hang && !f.trickle)) {
      it(`${name}: shows the signed-out fallback and emits bc-error`, async () => {
        await resetEmulator();
        expect((await session().refresh()).status).to.equal('guest');
        await signIn(buyer().email, buyer().password);
        const root = await fixture<HTMLElement>(html`<div>
          <bc-store app-client-id=${emulator.app.clientId}></bc-store>
          <bc-current-customer><a slot="signed-out" href="/login.php">Sign in</a></bc-current-customer>
        </div>`);
        const el = root.querySelector('bc-current-customer') as BcCurrentCustomer;
        await setFault('current_jwt', fault);
        const failed = oneEvent(document, 'bc-error');
        await session().refresh();
        const error = await failed;
        await el.updateComplete;
        expect(error.code).to.match(/^ERR_BC_/);
        expect(el.status).to.equal('error');
        expect(slotted(el.shadowRoot!, '[part="signed-out"] slot')).to.equal('Sign in');
        expect(el.shadowRoot!.querySelector('[part="signed-in"]')).to.equal(null);
      });
    }
  });
});
