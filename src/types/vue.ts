/**
 * Vue template typing of the bc-* elements (`import 'bc-customer-elements/vue'` in an `env.d.ts`): declared in
 * `GlobalComponents` the way Vue's own guide types custom elements, so Volar / vue-tsc check props (`:productId="80"`,
 * `product-id="80"`) and events (`@bc-price-change`, i.e. `onBcPriceChange`). Vue must still be told that `bc-*` are
 * custom elements: `compilerOptions.isCustomElement: (tag) => tag.startsWith('bc-')`.
 */
import type { EmitFn, HTMLAttributes } from 'vue';
import type { BcElements, BcTag, PascalEventName } from './elements.js';

export type * from './elements.js';

/** What a Vue template may set on `<T>`: Vue's HTML attributes, the element's props and `on…` event handlers. */
export type BcVueProps<T extends BcTag> = Omit<HTMLAttributes, keyof BcElements[T]['props']> &
  BcElements[T]['props'] & {
    [E in keyof BcElements[T]['events'] as `on${PascalEventName<E & string>}`]?: (
      event: BcElements[T]['events'][E],
    ) => void;
  };

/** A custom element as Vue's `GlobalComponents` wants it: a constructor whose instances carry `$props` and `$emit`. */
export type BcVueComponent<T extends BcTag> = new () => BcElements[T]['element'] & {
  /** For template type checking only; not a property of the element. */
  $props: BcVueProps<T>;
  /** For template type checking only; not a property of the element. */
  $emit: EmitFn<{ [E in keyof BcElements[T]['events']]: (event: BcElements[T]['events'][E]) => void }>;
};

export type BcVueComponents = { [T in BcTag]: BcVueComponent<T> };

declare module 'vue' {
  interface GlobalComponents extends BcVueComponents {}
}
