/**
 * Vue template typing of the bc-* elements (`import 'bc-customer-elements/vue'` in an `env.d.ts`): declared in
 * `GlobalComponents` the way Vue's own guide types custom elements, so Volar / vue-tsc check props (`:productId.prop="80"`,
 * `product-id="80"`) and events (`@bc-price-change`, i.e. `onBcPriceChange`). Vue must still be told that `bc-*` are
 * custom elements: `compilerOptions.isCustomElement: (tag) => tag.startsWith('bc-')`.
 */
import type { EmitFn, HTMLAttributes } from 'vue';
import type { BcElements, BcTag, CamelCaseName, PascalEventName } from './elements.js';

export type * from './elements.js';

type Props<T extends BcTag> = BcElements[T]['props'];
/** The attribute names among `<T>`'s props (`product-id`, `app-client-id`). */
type AttributeName<T extends BcTag> = Extract<keyof Props<T>, `${string}-${string}`>;

/**
 * `<T>`'s props as Vue checks them: Vue camelizes an attribute written on a component, so `product-id="84"` is
 * checked as the `productId` prop; each property therefore also takes its attribute's values (`"84"` as well as
 * `84`, but not `"eighty"`).
 */
export type BcVueElementProps<T extends BcTag> = Omit<Props<T>, CamelCaseName<AttributeName<T>>> & {
  [A in AttributeName<T> as CamelCaseName<A>]?:
    Props<T>[A] | (CamelCaseName<A> extends keyof Props<T> ? Props<T>[CamelCaseName<A>] : never);
};

/** What a Vue template may set on `<T>`: Vue's HTML attributes, the element's props and `on…` event handlers. */
export type BcVueProps<T extends BcTag> = Omit<HTMLAttributes, keyof BcVueElementProps<T>> &
  BcVueElementProps<T> & {
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
