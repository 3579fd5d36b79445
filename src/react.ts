/**
 * React components for the bc-* elements, made with `@lit/react`, for React 18 (React 19 renders custom elements
 * itself: see `bc-customer-elements/jsx`). Properties are set as properties (objects, arrays and functions too) and
 * events are `on…` props: `<BcGroupPrice productId={80} onPriceChange={(event) => event.text} />`.
 *
 * Importing this module defines nothing, so it is safe in server rendering (the elements render as their tags with
 * their light-DOM children, e.g. the page's own price). Register the elements once in the browser, before or after
 * the first render: `import 'bc-customer-elements/define'`.
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { BcCheckoutButton as BcCheckoutButtonElement } from './elements/bc-checkout-button.js';
import { BcCurrentCustomer as BcCurrentCustomerElement } from './elements/bc-current-customer.js';
import { BcGroupPrice as BcGroupPriceElement } from './elements/bc-group-price.js';
import { BcSignIn as BcSignInElement } from './elements/bc-sign-in.js';
import { BcStore as BcStoreElement } from './elements/bc-store.js';
import type {
  BcBeforeCheckoutEvent,
  BcCheckoutEvent,
  BcCustomerChangeEvent,
  BcErrorEvent,
  BcPriceChangeEvent,
  BcSignInEvent,
} from './client/events.js';

const onError = 'bc-error' as EventName<BcErrorEvent>;

/** `<bc-store>`: the page's configuration. */
export const BcStore = createComponent({
  react: React,
  tagName: 'bc-store',
  elementClass: BcStoreElement,
  displayName: 'BcStore',
});

/** `<bc-current-customer>`: `onCustomerChange` (`BcCustomerChangeEvent`), `onError` (`BcErrorEvent`). */
export const BcCurrentCustomer = createComponent({
  react: React,
  tagName: 'bc-current-customer',
  elementClass: BcCurrentCustomerElement,
  displayName: 'BcCurrentCustomer',
  events: {
    onCustomerChange: 'bc-customer-change' as EventName<BcCustomerChangeEvent>,
    onError,
  },
});

/** `<bc-group-price>`: `onPriceChange` (`BcPriceChangeEvent`), `onError` (`BcErrorEvent`). */
export const BcGroupPrice = createComponent({
  react: React,
  tagName: 'bc-group-price',
  elementClass: BcGroupPriceElement,
  displayName: 'BcGroupPrice',
  events: {
    onPriceChange: 'bc-price-change' as EventName<BcPriceChangeEvent>,
    onError,
  },
});

/**
 * `<bc-checkout-button>`: `onBeforeCheckout` (`BcBeforeCheckoutEvent`, cancelable), `onCheckout` (`BcCheckoutEvent`),
 * `onError` (`BcErrorEvent`).
 */
export const BcCheckoutButton = createComponent({
  react: React,
  tagName: 'bc-checkout-button',
  elementClass: BcCheckoutButtonElement,
  displayName: 'BcCheckoutButton',
  events: {
    onBeforeCheckout: 'bc-before-checkout' as EventName<BcBeforeCheckoutEvent>,
    onCheckout: 'bc-checkout' as EventName<BcCheckoutEvent>,
    onError,
  },
});

/** `<bc-sign-in>`: `onSignIn` (`BcSignInEvent`), `onError` (`BcErrorEvent`). */
export const BcSignIn = createComponent({
  react: React,
  tagName: 'bc-sign-in',
  elementClass: BcSignInElement,
  displayName: 'BcSignIn',
  events: {
    onSignIn: 'bc-sign-in' as EventName<BcSignInEvent>,
    onError,
  },
});
