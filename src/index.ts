/**
 * Public browser API: the element classes, their events and errors, and what their properties take. Re-exports only;
 * importing it registers nothing. The browser core (sessions, configuration, the backend client) is
 * `bc-customer-elements/client`; the wire shapes and their rules are `bc-customer-elements/protocol`.
 */
export { BcStore } from './elements/bc-store.js';
export { BcCurrentCustomer } from './elements/bc-current-customer.js';
export { BcGroupPrice, type GroupPriceStatus } from './elements/bc-group-price.js';
export { BcCheckoutButton, type Navigate } from './elements/bc-checkout-button.js';
export { BcSignIn } from './elements/bc-sign-in.js';
// An element of the page's own that shows the current customer as <bc-current-customer> does.
export { CustomerController, type CustomerControllerOptions } from './elements/customer-controller.js';
// A page's own element that takes the same settings as ours, resolved the same way.
export { ConfigController, type ConfigHost, type ElementConfig } from './elements/config-controller.js';
export { StoreSettingsElement } from './elements/store-settings.js';
// The page's other languages.
export { registerMessages, type BcMessages } from './client/localize.js';
export {
  BcBeforeCheckoutEvent,
  BcCheckoutEvent,
  BcCustomerChangeEvent,
  BcErrorEvent,
  BcPriceChangeEvent,
  BcSignInEvent,
} from './client/events.js';
export { BcError, type BcErrorCode } from './errors.js';
// `<bc-group-price>.priceService`, `<bc-checkout-button>.cartIdSource`, and the page's own prices formatted as the
// element formats them.
export {
  createPriceBatcher,
  type BatchScheduler,
  type PriceBatcher,
  type PriceTransport,
} from './client/price-batcher.js';
export { cookieCartIdSource, type CartIdSource } from './client/cart-id.js';
export {
  formatPrice,
  type FormattedBulkTier,
  type FormattedPrice,
  type PriceDisplay,
  type TaxDisplay,
} from './client/price-format.js';
// `<bc-sign-in>`'s call without the form, and signing out: hosted on the storefront, through the backend elsewhere.
export { signIn, signOut, type AccountOptions, type SignInOptions } from './client/account.js';
export type { CurrentCustomer, CustomerStatus, SessionState } from './client/session.js';
export type { StoreConfig } from './client/config.js';
export type {
  BulkTier,
  Customer,
  Money,
  OptionSelection,
  PricedItem,
  PriceRange,
  PricesRequest,
  PricesResponse,
} from './protocol.js';
