/**
 * Svelte 5 typing of the bc-* elements (`import 'bc-customer-elements/svelte'` in a `.d.ts` or the app's entry):
 * added to `svelte/elements`' `SvelteHTMLElements`, which `svelteHTML.IntrinsicElements` extends, so svelte-check
 * checks properties (`productId={80}`), attributes (`product-id="80"`) and events (`onbc-price-change={…}`).
 */
import type { HTMLAttributes } from 'svelte/elements';
import type { BcElements, BcTag } from './elements.js';

export type * from './elements.js';

/** What a Svelte template may set on `<T>`: Svelte's HTML attributes, the element's props and `onbc-…` handlers. */
export type BcSvelteProps<T extends BcTag> = Omit<
  HTMLAttributes<BcElements[T]['element']>,
  keyof BcElements[T]['props']
> &
  BcElements[T]['props'] & {
    [E in keyof BcElements[T]['events'] as `on${E & string}`]?: (event: BcElements[T]['events'][E]) => void;
  };

export type BcSvelteElements = { [T in BcTag]: BcSvelteProps<T> };

declare module 'svelte/elements' {
  interface SvelteHTMLElements extends BcSvelteElements {}
}
