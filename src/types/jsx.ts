/**
 * JSX typing of the bc-* elements for React 19 (`import 'bc-customer-elements/jsx'`, or list it in `types`):
 * properties by their JavaScript name (`productId={80}`), attributes by their HTML name (`product-id="80"`) and
 * events as `onbc-…` props (`onbc-price-change={(event) => event.text}`), the way React 19 passes them to custom
 * elements. Define the elements before the first render (`import 'bc-customer-elements/define'`), or React sets
 * attributes instead of properties. React 18, and server rendering (Next.js) in any React: use the wrappers of
 * `bc-customer-elements/react`; React's hydration sets no property and adds no listener on a custom element.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { BcElements, BcTag } from './elements.js';

export type * from './elements.js';

/** The props React 19 accepts on `<T>`: the element's own, React's HTML ones, and `onbc-…` event handlers. */
export type BcReactProps<T extends BcTag> = Omit<
  DetailedHTMLProps<HTMLAttributes<BcElements[T]['element']>, BcElements[T]['element']>,
  keyof BcElements[T]['props']
> &
  BcElements[T]['props'] & {
    /** React 19 passes `class` through to custom elements as it is. */
    class?: string;
  } & {
    [E in keyof BcElements[T]['events'] as `on${E & string}`]?: (event: BcElements[T]['events'][E]) => void;
  };

export type BcReactIntrinsicElements = { [T in BcTag]: BcReactProps<T> };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends BcReactIntrinsicElements {}
  }
}
