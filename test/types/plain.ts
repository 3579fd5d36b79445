// A plain TypeScript app: the tags and events are typed through HTMLElementTagNameMap and
// GlobalEventHandlersEventMap, with no framework and no extra import beyond the package's types.
import type {
  BcBeforeCheckoutEvent,
  BcCheckoutButton,
  BcCheckoutEvent,
  BcCurrentCustomer,
  BcCustomerChangeEvent,
  BcErrorCode,
  BcErrorEvent,
  BcGroupPrice,
  BcPriceChangeEvent,
  BcSignIn,
  BcSignInEvent,
  BcStore,
} from 'bc-customer-elements';
import type { BcElements } from 'bc-customer-elements/jsx';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const exact = <T extends true>(value: T): T => value;

// Every tag maps to its class.
exact<Equal<HTMLElementTagNameMap['bc-store'], BcStore>>(true);
exact<Equal<HTMLElementTagNameMap['bc-current-customer'], BcCurrentCustomer>>(true);
exact<Equal<HTMLElementTagNameMap['bc-group-price'], BcGroupPrice>>(true);
exact<Equal<HTMLElementTagNameMap['bc-checkout-button'], BcCheckoutButton>>(true);
exact<Equal<HTMLElementTagNameMap['bc-sign-in'], BcSignIn>>(true);

// Every bc-* tag the package declares has typed props and events for the frameworks, and the other way round.
type DeclaredTags = Extract<keyof HTMLElementTagNameMap, `bc-${string}`>;
exact<Equal<DeclaredTags, keyof BcElements>>(true);

// Every event an element dispatches is in GlobalEventHandlersEventMap with the same class.
type ElementEvents = { [T in keyof BcElements]: BcElements[T]['events'] }[keyof BcElements];
type EventNames = { [T in keyof BcElements]: keyof BcElements[T]['events'] }[keyof BcElements];
exact<
  Equal<
    { [E in EventNames]: GlobalEventHandlersEventMap[E] },
    { [E in EventNames]: Extract<ElementEvents, Record<E, unknown>>[E] }
  >
>(true);
exact<Equal<GlobalEventHandlersEventMap['bc-customer-change'], BcCustomerChangeEvent>>(true);
exact<Equal<GlobalEventHandlersEventMap['bc-price-change'], BcPriceChangeEvent>>(true);
exact<Equal<GlobalEventHandlersEventMap['bc-before-checkout'], BcBeforeCheckoutEvent>>(true);
exact<Equal<GlobalEventHandlersEventMap['bc-checkout'], BcCheckoutEvent>>(true);
exact<Equal<GlobalEventHandlersEventMap['bc-error'], BcErrorEvent>>(true);
// The codes are a closed union: a misspelt one in a comparison or a switch does not compile.
exact<Equal<BcErrorEvent['code'], BcErrorCode>>(true);
exact<Equal<GlobalEventHandlersEventMap['bc-sign-in'], BcSignInEvent>>(true);

export function wire(): void {
  const price = document.createElement('bc-group-price');
  price.productId = 80;
  price.variantId = null;
  price.options = [{ optionId: 1, valueId: 2 }];
  // @ts-expect-error productId is a number, not a string
  price.productId = '80';
  price.addEventListener('bc-price-change', (event) => {
    const text: string = event.text;
    const currency: string = event.currency;
    void [text, currency];
  });

  const button = document.querySelector('bc-checkout-button');
  button?.addEventListener('bc-before-checkout', (event) => {
    const cartId: string = event.cartId;
    if (!cartId) event.preventDefault();
  });
  button?.addEventListener('bc-checkout', (event) => void event.url.startsWith('https:'));

  document.addEventListener('bc-customer-change', (event) => {
    const email: string | undefined = event.customer?.email;
    // @ts-expect-error status is a union of strings, not a number
    const status: number = event.status;
    void [email, status];
  });
  document.addEventListener('bc-error', (event) => void event.code.startsWith('ERR_BC_'));
}
