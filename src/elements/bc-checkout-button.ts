import { css, html, nothing, type PropertyValues } from 'lit';
import { createBackendClient, type BackendClient } from '../client/backend.js';
import { cartIdFrom, cookieCartIdSource, normalizeCartId, type CartIdSource } from '../client/cart-id.js';
import { requestCheckoutUrl } from '../client/checkout.js';
import { configError } from '../client/config.js';
import { BcBeforeCheckoutEvent, BcCheckoutEvent, BcErrorEvent, errorEventFor } from '../client/events.js';
import { getSession } from '../client/session.js';
import { ConfigController } from './config-controller.js';
import { StoreSettingsElement } from './store-settings.js';
// Kept in the declarations too (a bare import survives there): importing only this element, or only
// `bc-customer-elements/define`, types `addEventListener('bc-…', …)` through GlobalEventHandlersEventMap.
import '../client/events.js';

/** Sends the browser to a URL; the default is `location.assign(url)`. */
export type Navigate = (url: string) => void;

/**
 * A button that sends the shopper to BigCommerce's checkout for a cart, signed in as the same customer when they
 * are signed in on the page (the backend's `/checkout`, through the Customer Login API), as a guest otherwise.
 * The browser only ever goes to the configured storefront's origin.
 *
 * @summary Checkout button that carries the shopper's sign-in into checkout.
 * @tagname bc-checkout-button
 * @fires {BcBeforeCheckoutEvent} bc-before-checkout - Cancelable, with `cartId`: `preventDefault()` stops the
 *   checkout.
 * @fires {BcCheckoutEvent} bc-checkout - The checked checkout `url` (and `signedIn`); with `embedded` this is the
 *   result, without it the browser navigates right after.
 * @fires {BcErrorEvent} bc-error - The checkout could not start (backend down, cart gone, URL refused); the button
 *   is usable again.
 * @slot - The button's label.
 * @slot no-cart - Why the button is disabled when there is no cart (default: the language's `cartEmpty`, "Your cart is
 *   empty." in English).
 * @csspart button - The native `<button>`.
 * @csspart label - Wrapper of the slotted label.
 * @csspart spinner - The busy indicator, shown while the checkout URL is asked for.
 * @csspart explanation - The text explaining why the button is disabled.
 * @cssproperty [--bc-checkout-button-background=#1a1a1a] - Button background.
 * @cssproperty [--bc-checkout-button-color=#fff] - Button text color.
 * @cssproperty [--bc-checkout-button-padding=0.6em 1.2em] - Button padding.
 * @cssproperty [--bc-checkout-button-radius=4px] - Button corner radius.
 * @cssproperty [--bc-checkout-button-font=inherit] - Button font.
 * @cssproperty [--bc-checkout-button-disabled-opacity=0.55] - Opacity while disabled or busy.
 * @cssproperty [--bc-checkout-button-focus-ring=2px solid #2563eb] - Outline of the focused button.
 * @cssproperty [--bc-checkout-button-explanation-color=inherit] - Color of the explanation text.
 */
export class BcCheckoutButton extends StoreSettingsElement {
  static override styles = css`
    :host {
      display: inline-block;
    }
    :host([hidden]) {
      display: none;
    }
    button {
      display: inline-flex;
      align-items: center;
      gap: 0.5em;
      border: 0;
      cursor: pointer;
      font: var(--bc-checkout-button-font, inherit);
      padding: var(--bc-checkout-button-padding, 0.6em 1.2em);
      border-radius: var(--bc-checkout-button-radius, 4px);
      background: var(--bc-checkout-button-background, #1a1a1a);
      color: var(--bc-checkout-button-color, #fff);
    }
    button:focus-visible {
      outline: var(--bc-checkout-button-focus-ring, 2px solid #2563eb);
      outline-offset: 2px;
    }
    button[aria-disabled='true'],
    button:disabled {
      cursor: not-allowed;
      opacity: var(--bc-checkout-button-disabled-opacity, 0.55);
    }
    button[aria-busy='true'] {
      cursor: progress;
    }
    .spinner {
      width: 0.9em;
      height: 0.9em;
      border: 2px solid currentColor;
      border-inline-end-color: transparent;
      border-radius: 50%;
      animation: spin 0.8s linear infinite;
    }
    .spinner[hidden] {
      display: none;
    }
    .explanation {
      display: block;
      margin-top: 0.25em;
      font-size: 0.875em;
      color: var(--bc-checkout-button-explanation-color, inherit);
    }
    @keyframes spin {
      to {
        transform: rotate(360deg);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .spinner {
        animation: none;
      }
    }
  `;

  static override properties = {
    cartId: { attribute: 'cart-id' },
    cartCookie: { attribute: 'cart-cookie' },
    cartIdSource: { attribute: false },
    embedded: { type: Boolean, reflect: true },
    disabled: { type: Boolean, reflect: true },
    navigate: { attribute: false },
    backend: { attribute: false },
    _sourcedCartId: { attribute: false },
    _busy: { attribute: false },
  };
  // The accessors exist as soon as the class does (as decorators made them), not only once it is defined: the React
  // wrappers decide property or attribute by them, on the server too.
  static {
    this.finalize();
  }

  /** The BigCommerce cart id (a UUID). Takes precedence over `cartIdSource` and `cart-cookie`. */
  cartId = '';

  /** Read the cart id from this cookie when `cart-id` is not set (the cookie must not be `HttpOnly`). */
  cartCookie = '';

  /** A function giving the cart id (may be async), asked when `cart-id` is not set; see `cookieCartIdSource`. */
  cartIdSource: CartIdSource | null = null;

  /** Emit the embedded checkout URL in `bc-checkout` instead of navigating (for checkout-sdk `embedCheckout`). */
  embedded = false;

  /** Disables the button whatever the cart. */
  disabled = false;

  /** How the browser is sent to checkout (default `location.assign`); SPAs and tests may replace it. */
  navigate: Navigate = (url) => window.location.assign(url);

  /** The backend client to ask; default: one for the resolved configuration, with the page's session. */
  backend: Pick<BackendClient, 'postJson'> | null = null;

  private readonly _settings = new ConfigController(this);
  private _sourcedCartId: string | null = null;
  private _busy = false;
  /** The cart id source must be asked at the next update (just connected, or the source changed). */
  private _cartIdStale = false;

  private readonly _recheckCart = () => {
    if (document.visibilityState !== 'hidden') void this.refreshCartId();
  };

  /** The cart the button checks out: `cart-id`, else the last answer of the cart-id source, else `null`. */
  get effectiveCartId(): string | null {
    return normalizeCartId(this.cartId) ?? this._sourcedCartId;
  }

  static define(tag = 'bc-checkout-button', registry: CustomElementRegistry = customElements): void {
    if (!registry.get(tag)) registry.define(tag, this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The cart cookie may change in another tab or in checkout: look again when the shopper comes back.
    window.addEventListener('focus', this._recheckCart);
    window.addEventListener('pageshow', this._recheckCart);
    document.addEventListener('visibilitychange', this._recheckCart);
    // Asked at the update, not now: a framework may set `cartCookie` or `cartIdSource` as properties right after
    // connecting (the React 18 wrappers do, in a layout effect), and the update sees those.
    this._cartIdStale = true;
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('focus', this._recheckCart);
    window.removeEventListener('pageshow', this._recheckCart);
    document.removeEventListener('visibilitychange', this._recheckCart);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this._cartIdStale || changed.has('cartIdSource') || changed.has('cartCookie')) {
      this._cartIdStale = false;
      void this.refreshCartId();
    }
  }

  override render() {
    const noCart = this.effectiveCartId === null;
    const inert = noCart || this._busy;
    return html`<button
        part="button"
        type="button"
        ?disabled=${this.disabled}
        aria-disabled=${inert ? 'true' : 'false'}
        aria-busy=${this._busy ? 'true' : 'false'}
        aria-describedby=${noCart && !this.disabled ? 'explanation' : nothing}
        @click=${this._onClick}
      >
        <span part="label"><slot></slot></span>
        <span part="spinner" class="spinner" aria-hidden="true" ?hidden=${!this._busy}></span>
      </button>
      ${
        noCart && !this.disabled
          ? html`<span part="explanation" class="explanation" id="explanation"><slot name="no-cart">${this._settings.value.messages.cartEmpty ?? 'Your cart is empty.'}</slot></span>`
          : nothing
      }`;
  }

  private _onClick(): void {
    void this.checkout();
  }

  /** Asks the cart-id source (or the `cart-cookie`) again; resolves with the cart the button now checks out. */
  async refreshCartId(): Promise<string | null> {
    const source = this.cartIdSource ?? (this.cartCookie ? this._cookieSource(this.cartCookie) : null);
    this._sourcedCartId = await cartIdFrom(source);
    return this.effectiveCartId;
  }

  /**
   * Starts the checkout, as a click does: `bc-before-checkout`, the backend's `/checkout`, the origin check, then
   * navigation (or, with `embedded`, `bc-checkout` only). Resolves once done; failures become `bc-error`.
   */
  async checkout(): Promise<void> {
    if (this._busy || this.disabled) return;
    const cartId = normalizeCartId(this.cartId) ?? (await this.refreshCartId());
    if (cartId === null || this._busy) return;
    const embedded = this.embedded;
    const before = new BcBeforeCheckoutEvent({ cartId, embedded });
    this.dispatchEvent(before);
    if (before.defaultPrevented) return;

    this._busy = true;
    try {
      const config = this._settings.value;
      let backend = this.backend;
      let ready: (() => Promise<unknown>) | undefined;
      // Checkout only ever leaves for the configured storefront, which the page must trust.
      const problem = configError(config, backend ? ['storefront'] : ['appClientId', 'endpoint', 'storefront']);
      if (problem) throw problem;
      if (!backend) {
        const session = getSession(config);
        backend = createBackendClient({ endpoint: config.endpoint, session });
        // A signed-in shopper's token must be known first, or they would reach checkout as a guest.
        ready = () => session.ready();
      }
      const client = backend;
      const { url, signedIn } = await requestCheckoutUrl({
        cartId,
        embedded,
        storefront: config.storefront,
        postJson: (route, body, init) => client.postJson(route, body, init),
        ...(ready ? { ready } : {}),
      });
      this.dispatchEvent(new BcCheckoutEvent({ cartId, url, signedIn, embedded }));
      if (!embedded) this.navigate(url);
    } catch (error) {
      this.dispatchEvent(errorEventFor(error, 'The checkout could not start.'));
    } finally {
      this._busy = false;
    }
  }

  private _cookieSource(name: string): CartIdSource | null {
    try {
      return cookieCartIdSource(name);
    } catch (cause) {
      this.dispatchEvent(
        new BcErrorEvent({ code: 'ERR_BC_INVALID_OPTIONS', message: (cause as Error).message, cause }),
      );
      return null;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bc-checkout-button': BcCheckoutButton;
  }
}
