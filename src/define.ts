/**
 * Registers every bc-* element once. The only module with side effects: the script-tag bundle's entry,
 * and `import 'bc-customer-elements/define'` in apps. Loading it twice (two script tags) is harmless.
 */
import { BcCurrentCustomer } from './elements/bc-current-customer.js';
import { BcStore } from './elements/bc-store.js';

BcStore.define();
BcCurrentCustomer.define();

export { BcCurrentCustomer, BcStore };
