/**
 * The events the bc-* elements and the browser core dispatch: one class per event, typed readonly fields,
 * declared in `GlobalEventHandlersEventMap` so `addEventListener('bc-customer-change', …)` is typed everywhere.
 */
import type { CurrentCustomer, CustomerStatus, SessionState } from './session.js';

/**
 * The signed-in customer changed (signed in, signed out, another customer, another group, or the check failed).
 * Dispatched once per change on `document`, and on each connected element that shows the customer.
 */
export class BcCustomerChangeEvent extends Event {
  static readonly type = 'bc-customer-change';

  /** `loading`, `guest`, `signed-in` or `error` (the check failed: shown as a guest). */
  readonly status: CustomerStatus;
  /** The customer as decoded for display, or `null` when not signed in. Never trust it for anything but display. */
  readonly customer: CurrentCustomer | null;

  constructor(state: SessionState, init: EventInit = { bubbles: true, composed: true }) {
    super(BcCustomerChangeEvent.type, init);
    this.status = state.status;
    this.customer = state.customer;
  }
}

/** Something went wrong that the page may want to know about: missing configuration, an unreachable storefront. */
export class BcErrorEvent extends Event {
  static readonly type = 'bc-error';

  /** Stable machine-readable code, e.g. `ERR_BC_CONFIG_MISSING`. */
  readonly code: string;
  /** Human-readable description, safe to log; never holds a token. */
  readonly message: string;
  /** The underlying failure, when there is one. */
  readonly cause: unknown;

  constructor(detail: { code: string; message: string; cause?: unknown }) {
    super(BcErrorEvent.type, { bubbles: true, composed: true });
    this.code = detail.code;
    this.message = detail.message;
    this.cause = detail.cause;
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'bc-customer-change': BcCustomerChangeEvent;
    'bc-error': BcErrorEvent;
  }
}
