import { expect, fixture, html, oneEvent as anyEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { BcCheckoutButton } from '../../src/elements/bc-checkout-button.js';
import { BcError } from '../../src/errors.js';

/** `oneEvent`, typed by the event map the elements declare. */
const oneEvent = <K extends keyof GlobalEventHandlersEventMap>(target: EventTarget, type: K) =>
  anyEvent(target, type) as unknown as Promise<GlobalEventHandlersEventMap[K]>;

const STOREFRONT = location.origin;
const button = (el: BcCheckoutButton) => el.shadowRoot!.querySelector<HTMLButtonElement>('button[part="button"]')!;

/** A backend the test answers by hand, recording what it was asked. */
function fakeBackend() {
  const calls: Array<{ route: string; body: unknown; answer(value: unknown): void; fail(error: unknown): void }> = [];
  return {
    calls,
    postJson<T>(route: string, body: unknown): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        calls.push({ route, body, answer: (value) => resolve(value as T), fail: reject });
      });
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('bc-checkout-button (injected backend and navigation)', () => {
  it('is a real button with the light-DOM label, and goes to the storefront URL the backend gives', async () => {
    const backend = fakeBackend();
    const visited: string[] = [];
    const el = await fixture<BcCheckoutButton>(
      html`<bc-checkout-button cart-id="cart-1" storefront=${STOREFRONT} .backend=${backend} .navigate=${(url: string) => visited.push(url)}
        >Checkout</bc-checkout-button
      >`,
    );
    const native = button(el);
    expect(native.localName).to.equal('button');
    expect(native.type).to.equal('button');
    expect(native.getAttribute('aria-disabled')).to.equal('false');
    expect(el.shadowRoot!.querySelector<HTMLSlotElement>('slot:not([name])')!.assignedNodes()[0]!.textContent).to.equal(
      'Checkout',
    );
    await expect(el).to.be.accessible();

    const before = oneEvent(el, 'bc-before-checkout');
    native.click();
    const beforeEvent = await before;
    expect([beforeEvent.cartId, beforeEvent.embedded, beforeEvent.cancelable]).to.deep.equal(['cart-1', false, true]);
    await settle();
    await el.updateComplete;
    expect(native.getAttribute('aria-busy')).to.equal('true');
    expect(native.getAttribute('aria-disabled')).to.equal('true');
    native.click(); // a second click while busy does nothing
    await settle();
    expect(backend.calls.map(({ route, body }) => [route, body])).to.deep.equal([['/checkout', { cartId: 'cart-1' }]]);

    const done = oneEvent(el, 'bc-checkout');
    backend.calls[0]!.answer({ url: `${STOREFRONT}/login/token/a.b.c`, signedIn: true });
    const checkout = await done;
    expect([checkout.url, checkout.signedIn, checkout.embedded, checkout.cartId]).to.deep.equal([
      `${STOREFRONT}/login/token/a.b.c`,
      true,
      false,
      'cart-1',
    ]);
    await el.updateComplete;
    expect(visited).to.deep.equal([`${STOREFRONT}/login/token/a.b.c`]);
    expect(native.getAttribute('aria-busy')).to.equal('false');
  });

  it('is disabled with an explanation when there is no cart', async () => {
    const backend = fakeBackend();
    const el = await fixture<BcCheckoutButton>(
      html`<bc-checkout-button storefront=${STOREFRONT} .backend=${backend}>Checkout</bc-checkout-button>`,
    );
    await settle();
    await el.updateComplete;
    const native = button(el);
    expect(native.getAttribute('aria-disabled')).to.equal('true');
    const explanation = el.shadowRoot!.getElementById(native.getAttribute('aria-describedby')!)!;
    expect(explanation.getAttribute('part')).to.equal('explanation');
    expect(explanation.querySelector('slot')!.textContent).to.equal('Your cart is empty.');
    let started = false;
    el.addEventListener('bc-before-checkout', () => (started = true));
    native.click();
    await settle();
    expect([started, backend.calls.length]).to.deep.equal([false, 0]);
    await expect(el).to.be.accessible();

    el.cartId = 'cart-2';
    await el.updateComplete;
    expect(native.getAttribute('aria-disabled')).to.equal('false');
    expect(native.hasAttribute('aria-describedby')).to.equal(false);
    expect(el.shadowRoot!.querySelector('[part="explanation"]')).to.equal(null);
  });

  it('takes the cart id from a cartIdSource, read again at click time', async () => {
    const backend = fakeBackend();
    let cart: string | null = null;
    const el = await fixture<BcCheckoutButton>(
      html`<bc-checkout-button storefront=${STOREFRONT} .backend=${backend} .cartIdSource=${async () => cart} .navigate=${() => {}}
        >Checkout</bc-checkout-button
      >`,
    );
    await settle();
    await el.updateComplete;
    expect(el.effectiveCartId).to.equal(null);
    cart = 'from-source';
    expect(await el.refreshCartId()).to.equal('from-source');
    cart = 'newer';
    const before = oneEvent(el, 'bc-before-checkout');
    button(el).click();
    expect((await before).cartId).to.equal('newer');
  });

  it('takes the cart id from a cookie named by cart-cookie', async () => {
    document.cookie = 'bc_test_cart=cookie-cart-9; path=/';
    try {
      const el = await fixture<BcCheckoutButton>(
        html`<bc-checkout-button cart-cookie="bc_test_cart" storefront=${STOREFRONT} .backend=${fakeBackend()}>Checkout</bc-checkout-button>`,
      );
      await settle();
      expect(el.effectiveCartId).to.equal('cookie-cart-9');
    } finally {
      document.cookie = 'bc_test_cart=; path=/; max-age=0';
    }
  });

  it('reads a cart-cookie or cart-id source given as a property right after connecting (as framework wrappers do)', async () => {
    document.cookie = 'bc_test_cart=cookie-cart-7; path=/';
    const container = document.createElement('div');
    document.body.append(container);
    try {
      const byCookie = document.createElement('bc-checkout-button');
      const bySource = document.createElement('bc-checkout-button');
      container.append(byCookie, bySource);
      byCookie.cartCookie = 'bc_test_cart';
      bySource.cartIdSource = () => 'sourced-cart-3';
      await settle();
      expect(byCookie.effectiveCartId).to.equal('cookie-cart-7');
      expect(bySource.effectiveCartId).to.equal('sourced-cart-3');
    } finally {
      container.remove();
      document.cookie = 'bc_test_cart=; path=/; max-age=0';
    }
  });

  it('stops everything when bc-before-checkout is cancelled', async () => {
    const backend = fakeBackend();
    const visited: string[] = [];
    const el = await fixture<BcCheckoutButton>(
      html`<bc-checkout-button cart-id="c" storefront=${STOREFRONT} .backend=${backend} .navigate=${(url: string) => visited.push(url)}
        >Checkout</bc-checkout-button
      >`,
    );
    el.addEventListener('bc-before-checkout', (event) => event.preventDefault());
    await el.checkout();
    await el.updateComplete;
    expect([backend.calls.length, visited.length]).to.deep.equal([0, 0]);
    expect(button(el).getAttribute('aria-busy')).to.equal('false');
  });

  it('refuses a URL outside the storefront with bc-error, and stays usable', async () => {
    const backend = fakeBackend();
    const visited: string[] = [];
    const el = await fixture<BcCheckoutButton>(
      html`<bc-checkout-button cart-id="c" storefront=${STOREFRONT} .backend=${backend} .navigate=${(url: string) => visited.push(url)}
        >Checkout</bc-checkout-button
      >`,
    );
    const failed = oneEvent(el, 'bc-error');
    const run = el.checkout();
    await settle();
    backend.calls[0]!.answer({ url: 'https://evil.example.com/login/token/x', signedIn: true });
    const error = await failed;
    await run;
    await el.updateComplete;
    expect([error.code, error.message]).to.deep.equal([
      'ERR_BC_INVALID_REDIRECT',
      `Refused to leave for a checkout URL outside the storefront ${STOREFRONT}.`,
    ]);
    expect(visited).to.deep.equal([]);
    expect(button(el).getAttribute('aria-disabled')).to.equal('false');
    expect(button(el).getAttribute('aria-busy')).to.equal('false');
  });

  it('turns a backend failure into bc-error and can be tried again', async () => {
    const backend = fakeBackend();
    const visited: string[] = [];
    const el = await fixture<BcCheckoutButton>(
      html`<bc-checkout-button cart-id="c" storefront=${STOREFRONT} .backend=${backend} .navigate=${(url: string) => visited.push(url)}
        >Checkout</bc-checkout-button
      >`,
    );
    const failed = oneEvent(el, 'bc-error');
    const first = el.checkout();
    await settle();
    backend.calls[0]!.fail(new BcError('ERR_BC_CART_NOT_FOUND', 'Cart not found.'));
    const error = await failed;
    await first;
    expect([error.code, error.message]).to.deep.equal(['ERR_BC_CART_NOT_FOUND', 'Cart not found.']);
    const second = el.checkout();
    await settle();
    backend.calls[1]!.answer({ url: `${STOREFRONT}/checkout`, signedIn: false });
    await second;
    expect(visited).to.deep.equal([`${STOREFRONT}/checkout`]);
  });

  it('in embedded mode emits the embedded URL and does not navigate', async () => {
    const backend = fakeBackend();
    const visited: string[] = [];
    const el = await fixture<BcCheckoutButton>(
      html`<bc-checkout-button embedded cart-id="c" storefront=${STOREFRONT} .backend=${backend} .navigate=${(url: string) => visited.push(url)}
        >Checkout</bc-checkout-button
      >`,
    );
    const done = oneEvent(el, 'bc-checkout');
    const run = el.checkout();
    await settle();
    expect(backend.calls[0]!.body).to.deep.equal({ cartId: 'c', embedded: true });
    const url = `${STOREFRONT}/cart.php?embedded=1&action=loadInCheckout&id=c&token=t`;
    backend.calls[0]!.answer({ url, signedIn: false });
    const event = await done;
    await run;
    expect([event.url, event.embedded]).to.deep.equal([url, true]);
    expect(visited).to.deep.equal([]);
  });

  it('reports a missing configuration with bc-error', async () => {
    const el = await fixture<BcCheckoutButton>(html`<bc-checkout-button cart-id="c">Checkout</bc-checkout-button>`);
    const failed = oneEvent(el, 'bc-error');
    void el.checkout();
    const error = await failed;
    expect([error.code, error.message]).to.deep.equal([
      'ERR_BC_CONFIG_MISSING',
      'bc-customer-elements: set app-client-id and endpoint on <bc-store> or the element.',
    ]);
  });

  it('is focusable, also while it has no cart (so the explanation is heard)', async () => {
    const el = await fixture<BcCheckoutButton>(
      html`<bc-checkout-button storefront=${STOREFRONT}>Checkout</bc-checkout-button>`,
    );
    await settle();
    button(el).focus();
    expect(el.shadowRoot!.activeElement).to.equal(button(el));
    expect(button(el).tabIndex).to.equal(0);
  });

  it('honours the disabled attribute with a real disabled button', async () => {
    const el = await fixture<BcCheckoutButton>(
      html`<bc-checkout-button disabled cart-id="c">Checkout</bc-checkout-button>`,
    );
    expect(button(el).disabled).to.equal(true);
    let started = false;
    el.addEventListener('bc-before-checkout', () => (started = true));
    await el.checkout();
    expect(started).to.equal(false);
  });
});
