/**
 * Registers every bc-* element once. The only module with side effects: the script-tag bundle's entry,
 * and `import 'bc-customer-elements/define'` in apps. Loading it twice (two script tags) is harmless.
 */
import { BcCurrentCustomer } from './elements/bc-current-customer.js';
import { BcStore } from './elements/bc-store.js';
import { BcGroupPrice } from './elements/bc-group-price.js';
import { BcCheckoutButton } from './elements/bc-checkout-button.js';
import { BcSignIn } from './elements/bc-sign-in.js';

BcStore.define();
BcCurrentCustomer.define();
BcGroupPrice.define();
BcCheckoutButton.define();
BcSignIn.define();

export { BcCurrentCustomer, BcStore, BcGroupPrice, BcCheckoutButton, BcSignIn };
// The page's other languages: `BcCustomerElements.registerMessages('fr', {…})` on the script-tag bundle's global.
export { registerMessages } from './client/localize.js';
// `BcCustomerElements.signIn({email, password})` / `signOut()`: the requests load on demand (a chunk beside the ES bundle).
export { signIn, signOut } from './client/account.js';
