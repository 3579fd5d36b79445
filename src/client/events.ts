/**
 * The events the bc-* elements and the browser core dispatch: one class per event, typed readonly fields,
 * declared in `GlobalEventHandlersEventMap` so `addEventListener('bc-customer-change', …)` is typed everywhere.
 * Each `type` is a static getter, not a static field: a field is an assignment run when the class is defined, which
 * keeps every event class in a bundle that never dispatches it; a getter lets the bundler drop the unused ones.
 */
import type { CurrentCustomer, CustomerStatus, SessionState } from './session.js';
import type { Customer, PricedItem } from '../protocol.js';
import { toBcError, type BcErrorCode } from '../errors.js';

/**
 * The signed-in customer changed (signed in, signed out, another customer, another group, or the check failed).
 * Dispatched once per change on `document`, and on each connected element that shows the customer.
 */
export class BcCustomerChangeEvent extends Event {
  static get type(): 'bc-customer-change' {
    return 'bc-customer-change';
  }

  /** `loading`, `guest`, `signed-in` or `error` (the check failed: shown as a guest). */
  readonly status: CustomerStatus;
  /** The customer as decoded for display, or `null` when not signed in. Never trust it for anything but display. */
  readonly customer: CurrentCustomer | null;

  constructor(state: SessionState, init: EventInit = { bubbles: true, composed: true }) {
    super('bc-customer-change', init);
    this.status = state.status;
    this.customer = state.customer;
  }
}

/** Something went wrong that the page may want to know about: missing configuration, an unreachable storefront. */
export class BcErrorEvent extends Event {
  static get type(): 'bc-error' {
    return 'bc-error';
  }

  /** Stable machine-readable code, e.g. `ERR_BC_CONFIG_MISSING` (each documented in docs/elements.md). */
  readonly code: BcErrorCode;
  /** Human-readable description, safe to log; never holds a token. */
  readonly message: string;
  /** The underlying failure, when there is one. */
  readonly cause: unknown;

  constructor(detail: { code: BcErrorCode; message: string; cause?: unknown }) {
    super('bc-error', { bubbles: true, composed: true });
    this.code = detail.code;
    this.message = detail.message;
    this.cause = detail.cause;
  }
}

/**
 * The `bc-error` event for anything caught: the code of a `BcError`, `ERR_BC_INTERNAL` for anything else
 * (`toBcError`), the thrown value as `cause`. Every element reports what it catches through this.
 */
export function errorEventFor(error: unknown, fallbackMessage: string): BcErrorEvent {
  const { code, message } = toBcError(error, fallbackMessage);
  return new BcErrorEvent({ code, message, cause: error });
}

/** A `<bc-group-price>` shows a price (first shown, or changed by a variant or a customer change). */
export class BcPriceChangeEvent extends Event {
  static get type(): 'bc-price-change' {
    return 'bc-price-change';
  }

  /** The backend's priced item: list, sale and calculated prices, range and bulk tiers. */
  readonly price: PricedItem;
  /** ISO 4217 code of the amounts. */
  readonly currency: string;
  /** The price as the element shows it and screen readers hear it: `$17.60 – $22.00`, `was $30.00, now $25.00`, `$25.00`. */
  readonly text: string;

  constructor(detail: { price: PricedItem; currency: string; text: string }) {
    super('bc-price-change', { bubbles: true, composed: true });
    this.price = detail.price;
    this.currency = detail.currency;
    this.text = detail.text;
  }
}

/** `<bc-checkout-button>` is about to ask for the checkout URL. Cancelable: `preventDefault()` stops everything. */
export class BcBeforeCheckoutEvent extends Event {
  static get type(): 'bc-before-checkout' {
    return 'bc-before-checkout';
  }

  /** The cart going to checkout. */
  readonly cartId: string;
  /** Whether the embedded checkout URL is asked for (no navigation). */
  readonly embedded: boolean;

  constructor(detail: { cartId: string; embedded: boolean }) {
    super('bc-before-checkout', { bubbles: true, composed: true, cancelable: true });
    this.cartId = detail.cartId;
    this.embedded = detail.embedded;
  }
}

/**
 * `<bc-checkout-button>` has the checkout URL, checked to lead to the storefront. Without `embedded` the browser
 * goes there right after this event; with `embedded` nothing else happens: pass `url` to checkout-sdk's
 * `embedCheckout`.
 */
export class BcCheckoutEvent extends Event {
  static get type(): 'bc-checkout' {
    return 'bc-checkout';
  }

  readonly cartId: string;
  /** The storefront URL: through `/login/token/…` (single use, valid 30 s) when `signedIn`. */
  readonly url: string;
  /** Whether following `url` signs the shopper in. */
  readonly signedIn: boolean;
  readonly embedded: boolean;

  constructor(detail: { cartId: string; url: string; signedIn: boolean; embedded: boolean }) {
    super('bc-checkout', { bubbles: true, composed: true });
    this.cartId = detail.cartId;
    this.url = detail.url;
    this.signedIn = detail.signedIn;
    this.embedded = detail.embedded;
  }
}

/** `<bc-sign-in>` signed the shopper in on the storefront (the session has been asked again). */
export class BcSignInEvent extends Event {
  static get type(): 'bc-sign-in' {
    return 'bc-sign-in';
  }

  /** The customer the storefront signed in, as its GraphQL `login` answered (display only). */
  readonly customer: Pick<Customer, 'id' | 'email'>;

  constructor(customer: Pick<Customer, 'id' | 'email'>) {
    super('bc-sign-in', { bubbles: true, composed: true });
    this.customer = customer;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bc-sign-in': BcSignInEvent;
    'bc-customer-change': BcCustomerChangeEvent;
    'bc-error': BcErrorEvent;
    'bc-price-change': BcPriceChangeEvent;
    'bc-before-checkout': BcBeforeCheckoutEvent;
    'bc-checkout': BcCheckoutEvent;
  }
}
