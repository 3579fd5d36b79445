/**
 * `pricing: 'graphql'`: `/prices` answered from the GraphQL Storefront API as the verified customer sees the store,
 * in the protocol's shape, with the same request checks and
 * the same single-flight cache as the REST route (keyed per customer here: the answer is that customer's view).
 *
 * What the GraphQL shape cannot carry: how prices were entered (`asEntered` is the tax-exclusive amount and
 * `enteredInclusive` is false), and a range whose ends are equal (left out; the elements never show one).
 * `checkout: 'graphql'` takes the cart's redirect URLs from `cart { createCartRedirectUrls }` instead of REST.
 * How a call speaks for the customer (a customer access token, or the older impersonation token with
 * `X-Bc-Customer-Id`) is the GraphQL client's business (graphql-client.ts, customer-access-token.ts).
 */
import type { BulkTier, Money, PricedItem } from '../protocol.js';
import type { GraphqlClient } from './graphql-client.js';
import { HttpError } from './http.js';
import type { PriceSource } from './price-service.js';
import { itemKey, type PriceItem } from './price-items.js';
import type { RedirectUrlsSource } from './checkout.js';
import { UpstreamStatusError } from './upstream.js';
import { isPlainObject } from './validate.js';

/** Items per GraphQL document (one aliased `product` field each). */
export const GRAPHQL_PRICE_BATCH = 25;

const MONEY = '{ value }';
const RANGE = `{ min ${MONEY} max ${MONEY} }`;
const PRICE_FIELDS = `price ${MONEY} salePrice ${MONEY} basePrice ${MONEY} retailPrice ${MONEY} saved ${MONEY}
    priceRange ${RANGE} retailPriceRange ${RANGE}`;

/** The document for a batch: each item an aliased `product` with its prices without and with tax. */
export function pricesDocument(items: readonly PriceItem[]): string {
  const fields = items.map((item, i) => {
    const args = [`entityId: ${item.productId}`];
    if (item.variantId !== null) args.push(`variantEntityId: ${item.variantId}`);
    if (item.options.length > 0) {
      args.push(
        `optionValueIds: [${item.options.map((o) => `{ optionEntityId: ${o.optionId}, valueEntityId: ${o.valueId} }`).join(', ')}]`,
      );
    }
    return `    i${i}: product(${args.join(', ')}) { ...ItemPrices }`;
  });
  return `query BcCustomerElementsPrices($currency: currencyCode!) {
  site {
${fields.join('\n')}
  }
}
fragment ItemPrices on Product {
  ex: prices(currencyCode: $currency, includeTax: false) {
    ${PRICE_FIELDS}
    bulkPricing {
      __typename minimumQuantity maximumQuantity
      ... on BulkPricingFixedPriceDiscount { price }
      ... on BulkPricingPercentageDiscount { percentOff }
      ... on BulkPricingRelativePriceDiscount { priceAdjustment }
    }
  }
  inc: prices(currencyCode: $currency, includeTax: true) { ${PRICE_FIELDS} }
}`;
}

class Malformed extends Error {}

function num(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Malformed(`${what} is not a number`);
  return value;
}

const valueOf = (money: unknown, what: string) =>
  num(isPlainObject(money) ? money['value'] : undefined, `${what}.value`);

function money(ex: Record<string, unknown>, inc: Record<string, unknown>, field: string): Money | undefined {
  const a = ex[field];
  const b = inc[field];
  if (a === null || a === undefined || b === null || b === undefined) return undefined;
  const taxExclusive = valueOf(a, field);
  return { asEntered: taxExclusive, enteredInclusive: false, taxExclusive, taxInclusive: valueOf(b, field) };
}

function range(ex: Record<string, unknown>, inc: Record<string, unknown>, field: string) {
  const a = ex[field];
  const b = inc[field];
  if (!isPlainObject(a) || !isPlainObject(b)) return undefined;
  const minimum = money(a, b, 'min');
  const maximum = money(a, b, 'max');
  if (!minimum || !maximum) throw new Malformed(`${field} lacks min or max`);
  return minimum.taxExclusive === maximum.taxExclusive && minimum.taxInclusive === maximum.taxInclusive
    ? undefined
    : { minimum, maximum };
}

function bulk(value: unknown): BulkTier[] {
  if (!Array.isArray(value)) throw new Malformed('bulkPricing is not a list');
  return value.map((tier: unknown, i) => {
    if (!isPlainObject(tier)) throw new Malformed(`bulkPricing[${i}]`);
    const maximum = tier['maximumQuantity'];
    const bounds = {
      minimum: num(tier['minimumQuantity'], `bulkPricing[${i}].minimumQuantity`),
      maximum: maximum === null || maximum === undefined ? null : num(maximum, `bulkPricing[${i}].maximumQuantity`),
    };
    if ('price' in tier)
      return { ...bounds, discountAmount: num(tier['price'], 'price'), discountType: 'fixed' as const };
    if ('percentOff' in tier)
      return { ...bounds, discountAmount: num(tier['percentOff'], 'percentOff'), discountType: 'percent' as const };
    if ('priceAdjustment' in tier)
      return {
        ...bounds,
        discountAmount: num(tier['priceAdjustment'], 'priceAdjustment'),
        discountType: 'price' as const,
      };
    throw new Malformed(`bulkPricing[${i}] has an unknown type`);
  });
}

/** One aliased product of the answer as the protocol's `PricedItem`; `null` when the store has no such item. */
export function graphqlPricedItem(product: unknown, asked: PriceItem): PricedItem | null {
  if (product === null || product === undefined) return null;
  if (!isPlainObject(product)) throw new Malformed('product is not an object');
  const ex = product['ex'];
  const inc = product['inc'];
  if (ex === null || inc === null) return null;
  if (!isPlainObject(ex) || !isPlainObject(inc)) throw new Malformed('prices are not objects');
  const calculatedPrice = money(ex, inc, 'price');
  if (!calculatedPrice) throw new Malformed('price is missing');
  const out: { -readonly [K in keyof PricedItem]: PricedItem[K] } = {
    productId: asked.productId,
    variantId: asked.variantId,
    options: asked.options,
    price: money(ex, inc, 'basePrice') ?? calculatedPrice,
    calculatedPrice,
  };
  const salePrice = money(ex, inc, 'salePrice');
  if (salePrice) out.salePrice = salePrice;
  const retailPrice = money(ex, inc, 'retailPrice');
  if (retailPrice) out.retailPrice = retailPrice;
  const saved = money(ex, inc, 'saved');
  if (saved) out.saved = saved;
  const priceRange = range(ex, inc, 'priceRange');
  if (priceRange) out.range = priceRange;
  const retailRange = range(ex, inc, 'retailPriceRange');
  if (retailRange) out.retailRange = retailRange;
  const tiers = bulk(ex['bulkPricing']);
  if (tiers.length > 0) out.bulk = tiers;
  return out;
}

/** Prices one batch; a currency the store does not sell is the browser's mistake (400), anything else a 502. */
async function priceBatch(
  graphql: GraphqlClient,
  items: readonly PriceItem[],
  currency: string,
  customerId: number | undefined,
) {
  const { data, errors } = await graphql(pricesDocument(items), { currency }, customerId);
  if (errors.some((e) => /currenc/i.test(e.message))) {
    throw new HttpError('ERR_BC_INVALID_REQUEST', {
      message: 'BigCommerce cannot price these items in this currency.',
    });
  }
  const site = data && isPlainObject(data['site']) ? data['site'] : undefined;
  if (!site)
    throw new HttpError('ERR_BC_UPSTREAM', {
      cause: new Error(`graphql answer without site: ${errors[0]?.message ?? ''}`),
    });
  try {
    return items.map((item, i) => graphqlPricedItem(site[`i${i}`], item));
  } catch (error) {
    throw new HttpError('ERR_BC_UPSTREAM', { cause: error });
  }
}

/**
 * Prices from the storefront's /graphql as the customer sees the store, cached per customer (the answer is that
 * customer's view), in documents of at most GRAPHQL_PRICE_BATCH items. The storefront serves its own channel only.
 * A customer signed in through the backend is asked for with their session's own customer access token (`speakAs`);
 * others through `graphql`'s credential (a customer access token the backend logs in for, or impersonation).
 */
export function graphqlPriceSource(graphql: GraphqlClient, storefrontChannelId: number): PriceSource {
  return {
    servesChannel: (channelId) => channelId === storefrontChannelId,
    scope: (customer) => (customer ? `c${customer.id}` : 'guest'),
    async fetch(items, { currency, customer, speakAs }) {
      const found = new Map<string, PricedItem>();
      const batches: Promise<void>[] = [];
      for (let start = 0; start < items.length; start += GRAPHQL_PRICE_BATCH) {
        const batchItems = items.slice(start, start + GRAPHQL_PRICE_BATCH);
        batches.push(
          priceBatch(customer && speakAs ? speakAs : graphql, batchItems, currency, customer?.id).then((priced) =>
            batchItems.forEach((item, j) => {
              if (priced[j]) found.set(itemKey(item), priced[j]);
            }),
          ),
        );
      }
      await Promise.all(batches);
      return found;
    },
  };
}

export const REDIRECT_URLS_DOCUMENT = `mutation BcCustomerElementsCheckout($cart: String) {
  cart { createCartRedirectUrls(input: { cartEntityId: $cart }) { redirectUrls { redirectedCheckoutUrl embeddedCheckoutUrl } } }
}`;

/**
 * `createCartRedirectUrls` for a cart, in the REST answer's shape (an unknown cart is an `UpstreamStatusError` 404),
 * speaking for `customerId` when one is given (the GraphQL client adds that customer's headers) and for nobody
 * otherwise (the server-side bearer token alone: BigCommerce answers the plain checkout URLs).
 *
 * Speaking for a customer through a customer access token makes BigCommerce answer session-sync URLs, which sign in
 * whoever visits them. Ask so only for a shopper whose storefront session the backend itself holds (a sign-in through
 * the backend, where no bearer token exists to steal), never for one identified by a current-customer token.
 */
export async function cartRedirectUrls(
  graphql: GraphqlClient,
  cartId: string,
  customerId: number | undefined,
): Promise<unknown> {
  const { data, errors } = await graphql(REDIRECT_URLS_DOCUMENT, { cart: cartId }, customerId);
  const cart = data && isPlainObject(data['cart']) ? data['cart'] : undefined;
  const created = cart && isPlainObject(cart['createCartRedirectUrls']) ? cart['createCartRedirectUrls'] : undefined;
  const urls = created && isPlainObject(created['redirectUrls']) ? created['redirectUrls'] : undefined;
  if (!urls) {
    if (errors.some((e) => /not found|does not exist/i.test(e.message))) throw new UpstreamStatusError(404);
    throw new HttpError('ERR_BC_UPSTREAM', { cause: new Error(`no redirect URLs: ${errors[0]?.message ?? ''}`) });
  }
  return { data: { checkout_url: urls['redirectedCheckoutUrl'], embedded_checkout_url: urls['embeddedCheckoutUrl'] } };
}

/**
 * `/checkout`'s redirect URLs with `checkout: 'graphql'`, for a guest or a shopper identified by a current-customer
 * token: always the plain checkout URL, which the shopper's own storefront session carries into checkout signed in
 * (checkout.ts). With customer access tokens the call carries none (see `cartRedirectUrls`); with the older
 * impersonation token (`nameShopper`) it names the shopper with `X-Bc-Customer-Id`, to which BigCommerce answers the
 * plain URLs too.
 */
export function graphqlRedirectUrls(graphql: GraphqlClient, options: { nameShopper: boolean }): RedirectUrlsSource {
  return (cartId, customer) => cartRedirectUrls(graphql, cartId, options.nameShopper ? customer?.id : undefined);
}
