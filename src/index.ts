/** Public browser API: element classes, events and types. Re-exports only; importing it registers nothing. */
export { BcStore } from './elements/bc-store.js';
export { BcCurrentCustomer } from './elements/bc-current-customer.js';
export { CustomerController, type CustomerControllerOptions } from './elements/customer-controller.js';
export { ConfigController, type ConfigHost, type ElementConfig } from './elements/config-controller.js';
export { StoreSettingsElement } from './elements/store-settings.js';
export { BcGroupPrice, type GroupPriceStatus } from './elements/bc-group-price.js';
export { BcCheckoutButton, type Navigate } from './elements/bc-checkout-button.js';
export * from './client/index.js';
export { BcSignIn } from './elements/bc-sign-in.js';
export { BcSignInEvent } from './client/events.js';
export { signIn, type SignInOptions } from './client/sign-in.js';
export { BcError, type BcErrorCode } from './errors.js';
export * from './protocol.js';
