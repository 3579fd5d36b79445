/**
 * React components for the bc-* elements, made with `@lit/react`, for React 18 (React 19 renders custom elements
 * itself: see `bc-customer-elements/jsx`). Properties are set as properties (objects, arrays and functions too) and
 * events are `on…` props: `<BcGroupPrice productId={80} onPriceChange={(event) => event.text} />`.
 *
 * They are also the components for server rendering (Next.js, Remix), React 19 included: React's hydration sets no
 * property and adds no listener on a custom element (it only compares attributes), so `<bc-group-price productId={80}
 * onbc-price-change={…}>` arrives in the browser as `productid="80"` with no handler until a re-render. The wrappers
 * set properties and listeners in an effect, which hydration runs, and also render every property that has an
 * attribute as that attribute (`product-id="80"`, `app-client-id="…"`), so the server's HTML configures the elements
 * as soon as they are defined, before React hydrates.
 *
 * Importing this module defines nothing, so it is safe in server rendering (the elements render as their tags with
 * their light-DOM children, e.g. the page's own price). Register the elements once in the browser, before or after
 * the first render: `import 'bc-customer-elements/define'`.
 */
import { createComponent, type EventName, type ReactWebComponent } from '@lit/react';
import type { ReactiveElement } from 'lit';
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

/** Property name → attribute name, for the element's properties that have an attribute (Lit's own table). */
function attributeNames(elementClass: typeof ReactiveElement): Map<string, string> {
  const names = new Map<string, string>();
  for (const [name, options] of elementClass.elementProperties) {
    if (typeof name !== 'string' || options.attribute === false || options.state) continue;
    const attribute = typeof options.attribute === 'string' ? options.attribute : name.toLowerCase();
    // `endpoint`, `currency`…: a prop of the property's own name is the property for `@lit/react`, never rendered.
    // HTML attribute names are case-insensitive (the parser and setAttribute lower-case them) where props are
    // not, so `Endpoint` renders as the `endpoint` attribute.
    names.set(name, attribute === name ? attribute.charAt(0).toUpperCase() + attribute.slice(1) : attribute);
  }
  return names;
}

/**
 * `createComponent` of `@lit/react`, wrapped to also render the element's attributes from its props: on the server
 * they are the only settings the HTML can carry; in the browser they say the same as the properties the effect
 * sets. Text and numbers as text, `true` as a present attribute, `false` absent (never `"false"`, which Lit reads as
 * true); objects, arrays and functions stay properties. An attribute written out as a prop (`product-id="80"`) wins.
 */
function component<I extends ReactiveElement, E extends Record<string, EventName<Event>> = Record<never, never>>(
  elementClass: (new () => I) & typeof ReactiveElement,
  tagName: string,
  displayName: string,
  events?: E,
): ReactWebComponent<I, E> {
  const wrapped = createComponent({ react: React, tagName, elementClass, displayName, ...(events ? { events } : {}) });
  const names = attributeNames(elementClass);
  const WithAttributes = React.forwardRef<unknown, Record<string, unknown>>((props, ref) => {
    const attributes: Record<string, string | undefined> = {};
    for (const [key, value] of Object.entries(props)) {
      const attribute = names.get(key);
      if (attribute === undefined) continue;
      if (typeof value === 'boolean') attributes[attribute] = value ? '' : undefined;
      else if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))
        attributes[attribute] = String(value);
    }
    return React.createElement(wrapped, { ...attributes, ...props, ref } as never);
  });
  WithAttributes.displayName = displayName;
  return WithAttributes;
}

/** `<bc-store>`: the page's configuration. */
export const BcStore = component(BcStoreElement, 'bc-store', 'BcStore');

/** `<bc-current-customer>`: `onCustomerChange` (`BcCustomerChangeEvent`), `onError` (`BcErrorEvent`). */
export const BcCurrentCustomer = component(BcCurrentCustomerElement, 'bc-current-customer', 'BcCurrentCustomer', {
  onCustomerChange: 'bc-customer-change' as EventName<BcCustomerChangeEvent>,
  onError,
});

/** `<bc-group-price>`: `onPriceChange` (`BcPriceChangeEvent`), `onError` (`BcErrorEvent`). */
export const BcGroupPrice = component(BcGroupPriceElement, 'bc-group-price', 'BcGroupPrice', {
  onPriceChange: 'bc-price-change' as EventName<BcPriceChangeEvent>,
  onError,
});

/**
 * `<bc-checkout-button>`: `onBeforeCheckout` (`BcBeforeCheckoutEvent`, cancelable), `onCheckout` (`BcCheckoutEvent`),
 * `onError` (`BcErrorEvent`).
 */
export const BcCheckoutButton = component(BcCheckoutButtonElement, 'bc-checkout-button', 'BcCheckoutButton', {
  onBeforeCheckout: 'bc-before-checkout' as EventName<BcBeforeCheckoutEvent>,
  onCheckout: 'bc-checkout' as EventName<BcCheckoutEvent>,
  onError,
});

/** `<bc-sign-in>`: `onSignIn` (`BcSignInEvent`), `onError` (`BcErrorEvent`). */
export const BcSignIn = component(BcSignInElement, 'bc-sign-in', 'BcSignIn', {
  onSignIn: 'bc-sign-in' as EventName<BcSignInEvent>,
  onError,
});
