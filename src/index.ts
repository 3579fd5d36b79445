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
export { BcError } from './errors.js';
export * from './protocol.js';
