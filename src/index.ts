/** Public browser API: element classes, events and types. Re-exports only; importing it registers nothing. */
export { BcStore } from './elements/bc-store.js';
export { BcCurrentCustomer } from './elements/bc-current-customer.js';
export { CustomerController, type CustomerControllerOptions } from './elements/customer-controller.js';
export { resolveConfig, type StoreConfig } from './client/config.js';
export {
  getSession,
  createSession,
  type CurrentCustomer,
  type CustomerStatus,
  type Session,
  type SessionOptions,
  type SessionState,
} from './client/session.js';
export { createBackendClient, type BackendClient } from './client/backend.js';
export { BcCustomerChangeEvent, BcErrorEvent } from './client/events.js';
export { BcGroupPrice, type GroupPriceStatus } from './elements/bc-group-price.js';
export { BcCheckoutButton, type Navigate } from './elements/bc-checkout-button.js';
export { BcPriceChangeEvent, BcBeforeCheckoutEvent, BcCheckoutEvent } from './client/events.js';
export { getPriceService, createPriceService, type PriceService, type PriceServiceOptions } from './client/prices.js';
export { createPriceBatcher, type PriceBatcher, type PriceTransport, type BatchScheduler } from './client/price-batcher.js';
export { formatPrice, type FormattedPrice, type FormattedBulkTier, type TaxDisplay } from './client/price-format.js';
export { parseOptions } from './client/price-item.js';
export { cookieCartIdSource, readCookie, DEFAULT_CART_COOKIE, type CartIdSource } from './client/cart-id.js';
export { requestCheckoutUrl, checkStorefrontUrl, type CheckoutUrl } from './client/checkout.js';
export { BcError } from './errors.js';
export * from './protocol.js';
