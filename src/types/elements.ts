/**
 * Framework-neutral typing of the bc-* elements: for each tag, its class, what a template may set on it (properties
 * by their JavaScript name, attributes by their HTML name) and the events it dispatches. The React, Vue and Svelte
 * declarations (`bc-customer-elements/jsx`, `/vue`, `/svelte`) are all mapped from `BcElements`, so a new element
 * needs one entry here. Types only: this module has no runtime code.
 */
import type { BcCheckoutButton } from '../elements/bc-checkout-button.js';
import type { BcCurrentCustomer } from '../elements/bc-current-customer.js';
import type { BcGroupPrice } from '../elements/bc-group-price.js';
import type { BcSignIn } from '../elements/bc-sign-in.js';
import type { BcStore } from '../elements/bc-store.js';
import type { StoreSettingsElement } from '../elements/store-settings.js';
import type {
  BcBeforeCheckoutEvent,
  BcCheckoutEvent,
  BcCustomerChangeEvent,
  BcErrorEvent,
  BcPriceChangeEvent,
  BcSignInEvent,
} from '../client/events.js';
import type { TaxDisplay } from '../client/price-format.js';

/** A number attribute as a template writes it: the number, or its text (`product-id="80"`; frameworks turn numbers into text). */
type NumberAttribute = number | `${number}`;

/**
 * The `<bc-store>` settings, as properties and attributes: `<bc-store>` and every element declare them
 * (`StoreSettingsElement`), an element's own overriding the page's stores.
 */
export interface BcStoreSettingAttributes extends Partial<
  Pick<
    StoreSettingsElement,
    | 'appClientId'
    | 'storefront'
    | 'endpoint'
    | 'channelId'
    | 'currency'
    | 'locale'
    | 'taxDisplay'
    | 'storefrontToken'
    | 'bridge'
  >
> {
  'app-client-id'?: string;
  storefront?: string;
  endpoint?: string;
  'channel-id'?: NumberAttribute;
  currency?: string;
  locale?: string;
  /** Tax display of `<bc-group-price>` elements. */
  'tax-display'?: TaxDisplay;
  /** GraphQL Storefront API token for `<bc-sign-in>`. */
  'storefront-token'?: string;
  bridge?: string;
}

export interface BcStoreProps extends BcStoreSettingAttributes {}

export interface BcCurrentCustomerProps
  extends Partial<Pick<BcCurrentCustomer, 'signedInAnnouncement' | 'signedOutAnnouncement'>>, BcStoreSettingAttributes {
  'signed-in-announcement'?: string;
  'signed-out-announcement'?: string;
}

export interface BcGroupPriceProps
  extends
    Partial<Pick<BcGroupPrice, 'productId' | 'variantId' | 'options' | 'showRange' | 'showBulk' | 'priceService'>>,
    BcStoreSettingAttributes {
  'product-id'?: NumberAttribute;
  'variant-id'?: NumberAttribute;
  'show-range'?: boolean;
  'show-bulk'?: boolean;
}

export interface BcCheckoutButtonProps
  extends
    Partial<
      Pick<
        BcCheckoutButton,
        'cartId' | 'cartCookie' | 'cartIdSource' | 'embedded' | 'disabled' | 'navigate' | 'backend'
      >
    >,
    BcStoreSettingAttributes {
  'cart-id'?: string;
  'cart-cookie'?: string;
}

export interface BcSignInProps
  extends Partial<Pick<BcSignIn, 'emailLabel' | 'passwordLabel' | 'submitLabel'>>, BcStoreSettingAttributes {
  'email-label'?: string;
  'password-label'?: string;
  'submit-label'?: string;
}

export interface BcSignInEvents {
  'bc-sign-in': BcSignInEvent;
  'bc-error': BcErrorEvent;
}

export interface BcCurrentCustomerEvents {
  'bc-customer-change': BcCustomerChangeEvent;
  'bc-error': BcErrorEvent;
}

export interface BcGroupPriceEvents {
  'bc-price-change': BcPriceChangeEvent;
  'bc-error': BcErrorEvent;
}

export interface BcCheckoutButtonEvents {
  'bc-before-checkout': BcBeforeCheckoutEvent;
  'bc-checkout': BcCheckoutEvent;
  'bc-error': BcErrorEvent;
}

/** One entry per element: its class, its template props and the events it dispatches. */
export interface BcElements {
  'bc-store': { element: BcStore; props: BcStoreProps; events: Record<never, never> };
  'bc-current-customer': { element: BcCurrentCustomer; props: BcCurrentCustomerProps; events: BcCurrentCustomerEvents };
  'bc-group-price': { element: BcGroupPrice; props: BcGroupPriceProps; events: BcGroupPriceEvents };
  'bc-checkout-button': { element: BcCheckoutButton; props: BcCheckoutButtonProps; events: BcCheckoutButtonEvents };
  'bc-sign-in': { element: BcSignIn; props: BcSignInProps; events: BcSignInEvents };
}

export type BcTag = keyof BcElements;

/** `product-id` → `productId`: the prop Vue checks an attribute against (it camelizes a component's attributes). */
export type CamelCaseName<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCaseName<Tail>>}`
  : S;

/** `bc-price-change` → `BcPriceChange`: how Vue names the handler of `@bc-price-change` (`onBcPriceChange`). */
export type PascalEventName<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${PascalEventName<Tail>}`
  : Capitalize<S>;
