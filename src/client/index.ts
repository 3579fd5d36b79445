/** The browser core: configuration, the current-customer session, the backend client and events. No Lit here. */
export { resolveConfig, observeConfig, notifyConfigChange, STORE_CHANGE_EVENT, type StoreConfig } from './config.js';
export {
  createSession,
  getSession,
  type BroadcastChannelLike,
  type CurrentCustomer,
  type CustomerStatus,
  type ManagedSession,
  type Session,
  type SessionOptions,
  type SessionState,
  type Timers,
} from './session.js';
export { readDisplayClaims, tokenFromBody, MAX_TOKEN_CHARS, type DisplayClaims } from './token.js';
export { createBackendClient, type BackendClient, type BackendClientOptions } from './backend.js';
export { signIn, signOut, type AccountOptions, type SignInOptions } from './account.js';
export {
  BcCustomerChangeEvent,
  BcErrorEvent,
  BcPriceChangeEvent,
  BcBeforeCheckoutEvent,
  BcCheckoutEvent,
} from './events.js';
export { getPriceBatcher, createSessionPriceBatcher, type SessionPriceBatcherOptions } from './prices.js';
export { createPriceBatcher, type PriceBatcher, type PriceTransport, type BatchScheduler } from './price-batcher.js';
export { registerMessages, messagesFor, type BcMessages } from './localize.js';
export {
  formatPrice,
  type FormattedPrice,
  type FormattedBulkTier,
  type PriceDisplay,
  type TaxDisplay,
} from './price-format.js';
export { parseOptions } from './price-item.js';
export { cookieCartIdSource, readCookie, DEFAULT_CART_COOKIE, type CartIdSource } from './cart-id.js';
export { requestCheckoutUrl, checkStorefrontUrl, type CheckoutUrl } from './checkout.js';
