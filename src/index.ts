/** Public browser API: element classes, events and types. Re-exports only; importing it registers nothing. */
export { BcStore } from './elements/bc-store.js';
export { BcError } from './errors.js';
export * from './protocol.js';
