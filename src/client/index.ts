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
export { BcCustomerChangeEvent, BcErrorEvent } from './events.js';
