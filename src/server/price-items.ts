/**
 * `/prices` data: the request checked strictly (before anything goes upstream), item identity for de-duplication
 * and caching, and BigCommerce's snake_case price objects turned into the protocol's camelCase shapes.
 */
import {
  itemKey,
  MAX_ITEM_OPTIONS,
  MAX_PRICE_ITEMS,
  type BulkTier,
  type Money,
  type OptionSelection,
  type PriceRange,
  type PricedItem,
} from '../protocol.js';
import { HttpError } from './http.js';
import { invalid, isPlainObject, onlyKeys, positiveId } from './validate.js';

// An item's identity is the protocol's (the browser keys by the same); re-exported for the backend's modules.
export { itemKey };

/** One distinct item to price, options sorted by option id (so equal selections share one key). */
export interface PriceItem {
  readonly productId: number;
  readonly variantId: number | null;
  readonly options: readonly OptionSelection[];
}

export interface ParsedPricesRequest {
  readonly currency: string;
  readonly channelId: number | undefined;
  /** Distinct items, in order of first appearance. */
  readonly items: readonly PriceItem[];
}

function parseItem(value: unknown, where: string): PriceItem {
  if (!isPlainObject(value)) invalid(`${where} must be an object.`);
  onlyKeys(value, ['productId', 'variantId', 'options'], where);
  const productId = positiveId(value['productId'], `${where}.productId`);
  const variantId =
    value['variantId'] === undefined || value['variantId'] === null
      ? null
      : positiveId(value['variantId'], `${where}.variantId`);
  const rawOptions = value['options'] ?? [];
  if (!Array.isArray(rawOptions) || rawOptions.length > MAX_ITEM_OPTIONS) {
    invalid(`${where}.options must be an array of at most ${MAX_ITEM_OPTIONS} selections.`);
  }
  const seen = new Set<number>();
  const options = rawOptions.map((option: unknown, i) => {
    const at = `${where}.options[${i}]`;
    if (!isPlainObject(option)) invalid(`${at} must be an object.`);
    onlyKeys(option, ['optionId', 'valueId'], at);
    const optionId = positiveId(option['optionId'], `${at}.optionId`);
    const valueId = positiveId(option['valueId'], `${at}.valueId`);
    if (seen.has(optionId)) invalid(`${at}.optionId is repeated.`);
    seen.add(optionId);
    return { optionId, valueId };
  });
  options.sort((a, b) => a.optionId - b.optionId);
  return { productId, variantId, options };
}

/** Checks a `/prices` body; duplicates merge into one item. Throws `ERR_BC_INVALID_REQUEST` (400). */
export function parsePricesRequest(body: unknown): ParsedPricesRequest {
  if (!isPlainObject(body)) invalid('The body must be a JSON object.');
  onlyKeys(body, ['currency', 'channelId', 'items'], 'The body');
  const { currency, channelId, items } = body;
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency))
    invalid('currency must be an ISO 4217 code such as USD.');
  const channel = channelId === undefined ? undefined : positiveId(channelId, 'channelId');
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_PRICE_ITEMS) {
    invalid(`items must be an array of 1 to ${MAX_PRICE_ITEMS} items.`);
  }
  const distinct = new Map<string, PriceItem>();
  items.forEach((value: unknown, i) => {
    const item = parseItem(value, `items[${i}]`);
    const key = itemKey(item);
    if (!distinct.has(key)) distinct.set(key, item);
  });
  return { currency, channelId: channel, items: [...distinct.values()] };
}

/** The Management API body for a batch. `groupId` undefined = guest (no `customer_group_id`), 0 = no group. */
export function upstreamPricingBody(
  items: readonly PriceItem[],
  { channelId, currency, groupId }: { channelId: number; currency: string; groupId: number | undefined },
): Record<string, unknown> {
  return {
    channel_id: channelId,
    currency_code: currency,
    ...(groupId === undefined ? {} : { customer_group_id: groupId }),
    items: items.map((item) => ({
      product_id: item.productId,
      ...(item.variantId === null ? {} : { variant_id: item.variantId }),
      ...(item.options.length === 0
        ? {}
        : { options: item.options.map((o) => ({ option_id: o.optionId, value_id: o.valueId })) }),
    })),
  };
}

class Malformed extends Error {}

function num(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Malformed(`${what} is not a number`);
  return value;
}

function money(value: unknown, what: string): Money {
  if (!isPlainObject(value)) throw new Malformed(`${what} is not a price object`);
  const enteredInclusive = value['entered_inclusive'];
  if (typeof enteredInclusive !== 'boolean') throw new Malformed(`${what}.entered_inclusive`);
  return {
    asEntered: num(value['as_entered'], `${what}.as_entered`),
    enteredInclusive,
    taxExclusive: num(value['tax_exclusive'], `${what}.tax_exclusive`),
    taxInclusive: num(value['tax_inclusive'], `${what}.tax_inclusive`),
  };
}

function optionalMoney(value: unknown, what: string): Money | undefined {
  return value === undefined || value === null ? undefined : money(value, what);
}

function range(value: unknown, what: string): PriceRange | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) throw new Malformed(`${what} is not a range`);
  return { minimum: money(value['minimum'], `${what}.minimum`), maximum: money(value['maximum'], `${what}.maximum`) };
}

function bulk(value: unknown): BulkTier[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new Malformed('bulk_pricing is not an array');
  return value.map((tier: unknown, i) => {
    if (!isPlainObject(tier)) throw new Malformed(`bulk_pricing[${i}]`);
    const type = tier['discount_type'];
    if (type !== 'price' && type !== 'percent' && type !== 'fixed')
      throw new Malformed(`bulk_pricing[${i}].discount_type`);
    const maximum = num(tier['maximum'] ?? 0, `bulk_pricing[${i}].maximum`);
    return {
      minimum: num(tier['minimum'], `bulk_pricing[${i}].minimum`),
      maximum: maximum === 0 ? null : maximum,
      discountAmount: num(tier['discount_amount'], `bulk_pricing[${i}].discount_amount`),
      discountType: type,
    };
  });
}

/** One upstream price record as the protocol's `PricedItem`, identified by the item that was asked for. */
export function normalisePrice(record: Record<string, unknown>, asked: PriceItem): PricedItem {
  const out: {
    -readonly [K in keyof PricedItem]: PricedItem[K];
  } = {
    productId: asked.productId,
    variantId: asked.variantId,
    options: asked.options,
    price: money(record['price'], 'price'),
    calculatedPrice: money(record['calculated_price'], 'calculated_price'),
  };
  const salePrice = optionalMoney(record['sale_price'], 'sale_price');
  if (salePrice) out.salePrice = salePrice;
  const retailPrice = optionalMoney(record['retail_price'], 'retail_price');
  if (retailPrice) out.retailPrice = retailPrice;
  const saved = optionalMoney(record['saved'], 'saved');
  if (saved) out.saved = saved;
  const priceRange = range(record['price_range'], 'price_range');
  if (priceRange) out.range = priceRange;
  const retailRange = range(record['retail_price_range'], 'retail_price_range');
  if (retailRange) out.retailRange = retailRange;
  const tiers = bulk(record['bulk_pricing']);
  if (tiers && tiers.length > 0) out.bulk = tiers;
  return out;
}

function keyOfRecord(record: Record<string, unknown>): string | undefined {
  const ref = isPlainObject(record['reference_request']) ? record['reference_request'] : record;
  const productId = ref['product_id'];
  if (typeof productId !== 'number') return undefined;
  const variantId = typeof ref['variant_id'] === 'number' && ref['variant_id'] > 0 ? ref['variant_id'] : null;
  const options = Array.isArray(ref['options'])
    ? ref['options']
        .filter(isPlainObject)
        .map((o) => ({ optionId: o['option_id'] as number, valueId: o['value_id'] as number }))
    : [];
  return itemKey({ productId, variantId, options });
}

/**
 * Matches an upstream answer to the asked items (by `reference_request`, which echoes what was asked even when
 * BigCommerce resolved a variant) and normalises each. Items the answer leaves out are left out (the browser keeps
 * its fallback price). A malformed answer is a 502.
 */
export function normalisePricingAnswer(body: unknown, asked: readonly PriceItem[]): Map<string, PricedItem> {
  const data = isPlainObject(body) ? body['data'] : undefined;
  if (!Array.isArray(data)) throw new HttpError('ERR_BC_UPSTREAM', { cause: new Malformed('data is not an array') });
  const wanted = new Map(asked.map((item) => [itemKey(item), item]));
  const result = new Map<string, PricedItem>();
  try {
    for (const record of data) {
      if (!isPlainObject(record)) throw new Malformed('item is not an object');
      const key = keyOfRecord(record);
      const item = key === undefined ? undefined : wanted.get(key);
      if (item && key !== undefined && !result.has(key)) result.set(key, normalisePrice(record, item));
    }
  } catch (error) {
    throw new HttpError('ERR_BC_UPSTREAM', { cause: error });
  }
  return result;
}
