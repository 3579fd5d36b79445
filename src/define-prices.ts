/**
 * The price page's script-tag bundle (dist/bc-customer-elements.prices.min.js and .prices.iife.min.js): registers
 * `<bc-store>` and `<bc-group-price>` only, for a page that shows group prices and nothing else of the shopper's, at
 * a fraction of the bytes of every element. Like define.ts, a registering entry; loading it beside the full bundle
 * is harmless (each tag is defined once).
 */
import { BcStore } from './elements/bc-store.js';
import { BcGroupPrice } from './elements/bc-group-price.js';

BcStore.define();
BcGroupPrice.define();

export { BcStore, BcGroupPrice };
