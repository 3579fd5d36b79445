// A Svelte 5 app: `bc-customer-elements/svelte` adds the tags to svelte/elements' SvelteHTMLElements, which the
// language server's svelteHTML.IntrinsicElements extends (loaded here the way svelte-check loads it).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- svelte-check loads it this way, not as a module
/// <reference path="../../node_modules/svelte/svelte-html.d.ts" />
import 'bc-customer-elements/svelte';
import type { SvelteHTMLElements } from 'svelte/elements';

type Props<T extends keyof svelteHTML.IntrinsicElements> = svelteHTML.IntrinsicElements[T];

export const price: Props<'bc-group-price'> = {
  productId: 80,
  'show-range': true,
  class: 'price',
  'onbc-price-change': (event) => {
    const text: string = event.text;
    void text;
  },
};

export const button: SvelteHTMLElements['bc-checkout-button'] = {
  'cart-cookie': 'cartId',
  'onbc-before-checkout': (event) => event.preventDefault(),
};

export const customer: Props<'bc-current-customer'> = {
  'onbc-customer-change': (event) => void event.status,
};

export const store: Props<'bc-store'> = { 'app-client-id': 'abc123', currency: 'EUR' };

// @ts-expect-error productId is a number
export const wrong: Props<'bc-group-price'> = { productId: '80' };
