/**
 * Where a price is formatted: `formatPrice` decides what a priced item shows (price, was price, range, bulk tiers)
 * and its words, with `Intl.NumberFormat` for the numbers. Both are cached: the formatters (building one costs far
 * more than using it), and each item's formatted price (a page shows the same products many times over).
 */
import { BcError } from '../errors.js';
import type { BulkTier, Money, PricedItem } from '../protocol.js';
import { fill, type BcMessages } from './localize.js';
import { count as probe } from './probe.js';

/** Which amount of a price to show: with tax (`inclusive`) or without (`exclusive`). */
export type TaxDisplay = 'inclusive' | 'exclusive';

export interface PriceFormatOptions {
  /** BCP 47 locale; the runtime's default when empty. */
  readonly locale?: string;
  /** ISO 4217 currency code of the amounts. */
  readonly currency: string;
  /** Default `exclusive`. */
  readonly tax?: TaxDisplay;
  /** Show the range over the product's variants, when they differ, instead of the price (`show-range`). */
  readonly range?: boolean;
  /** The words (default English): `priceSale` for the label of a sale, `bulkTier` for each bulk tier's text. */
  readonly messages?: Pick<BcMessages, 'priceSale' | 'bulkTier'>;
}

/**
 * What a formatted price shows: the range over the variants (asked for, and they differ), the struck-through list
 * price before the price (the shopper pays less), or the price alone.
 */
export type PriceDisplay = 'range' | 'sale' | 'price';

/** One bulk tier, ready to display. */
export interface FormattedBulkTier {
  readonly tier: BulkTier;
  /** The quantities the tier covers: `2–4`, `10+`. */
  readonly quantity: string;
  /** What one unit costs in this tier (the tax choice applied to the shopper's price). */
  readonly unitPrice: string;
  /** The tier's discount as the merchant set it: `10%`, `$2.00`, or the fixed unit price. */
  readonly discount: string;
  /** One line for people and screen readers: `2–4: $9.00 each`. */
  readonly text: string;
}

/** A priced item, formatted for display. */
export interface FormattedPrice {
  /** What the shopper pays. */
  readonly now: string;
  /** The list price when the shopper pays less than it (sale or group discount), else `null`. */
  readonly was: string | null;
  /** `min – max` over the product's variants when they differ, else `null`. */
  readonly range: string | null;
  /** Bulk tiers, lowest quantity first (empty when the item has none). */
  readonly bulk: readonly FormattedBulkTier[];
  /** Which of the above is shown. */
  readonly display: PriceDisplay;
  /**
   * What is shown, as one sentence: `$17.60 – $22.00`, `was $30.00, now $25.00` or `$25.00`. Screen readers hear it
   * from the rendered price, `bc-price-change` carries it as `text`, and a change of it is announced.
   */
  readonly label: string;
}

/** The English of the words a formatted price holds (`BcMessages`). */
export const PRICE_WORDS: Readonly<Pick<BcMessages, 'priceSale' | 'bulkTier'>> = {
  priceSale: 'was {was}, now {now}',
  bulkTier: '{quantity}: {price} each',
};

/** Most formatters kept: a page uses a few locales and currencies, three formatters each. */
export const MAX_FORMATTERS = 24;

/** The formatters by locale and options, least recently used first. */
const formatters = new Map<string, Intl.NumberFormat>();
/** Each priced item's formatted prices, by how they were formatted. */
let formatted = new WeakMap<PricedItem, Map<string, FormattedPrice>>();
let watching = false;

/**
 * A cached `Intl.NumberFormat`; the cache keeps the `MAX_FORMATTERS` last used and is emptied when the browser's
 * language changes (the default locale with it). Throws a coded `BcError` for an unknown locale or currency, which
 * come from page markup.
 */
export function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (format) {
    formatters.delete(key);
  } else {
    try {
      format = new Intl.NumberFormat(locale || undefined, options);
    } catch (cause) {
      throw new BcError(
        'ERR_BC_INVALID_FORMAT',
        `cannot format prices for locale "${locale ?? ''}" and ${JSON.stringify(options)}`,
        { cause },
      );
    }
    const oldest = formatters.keys().next();
    if (formatters.size >= MAX_FORMATTERS && !oldest.done) formatters.delete(oldest.value);
    if (!watching && typeof addEventListener === 'function') {
      watching = true;
      addEventListener('languagechange', clearFormatCaches);
    }
  }
  formatters.set(key, format);
  return format;
}

/** Empties the formatter and formatted-price caches (done when the browser's language changes). */
export function clearFormatCaches(): void {
  formatters.clear();
  formatted = new WeakMap();
}

/** The amount of a price object to show for the tax choice. */
export function amountOf(money: Money, tax: TaxDisplay = 'exclusive'): number {
  return tax === 'inclusive' ? money.taxInclusive : money.taxExclusive;
}

type RangeFormat = Intl.NumberFormat & { formatRange?: (start: number, end: number) => string };

/**
 * Formats a priced item: the shopper's price, the was price, the range and bulk tiers, and which of them is shown
 * with its label (the one place that decides what a price shows). The same item formatted the same way again is
 * the same object, formatted once.
 */
export function formatPrice(item: PricedItem, options: PriceFormatOptions): FormattedPrice {
  const messages = options.messages ?? PRICE_WORDS;
  const key = [
    options.locale ?? '',
    options.currency,
    options.tax ?? 'exclusive',
    options.range === true,
    messages.priceSale,
    messages.bulkTier,
  ].join('|');
  let byOptions = formatted.get(item);
  let result = byOptions?.get(key);
  if (!result) {
    result = formatAnew(item, options, messages);
    if (!byOptions) formatted.set(item, (byOptions = new Map()));
    byOptions.set(key, result);
  }
  return result;
}

function formatAnew(
  item: PricedItem,
  options: PriceFormatOptions,
  messages: Pick<BcMessages, 'priceSale' | 'bulkTier'>,
): FormattedPrice {
  probe('formatPrice');
  const tax = options.tax ?? 'exclusive';
  const money = numberFormat(options.locale, { style: 'currency', currency: options.currency }) as RangeFormat;
  const digits = money.resolvedOptions().maximumFractionDigits ?? 2;
  // Compare in the currency's minor units, so float noise never shows a was price equal to the price.
  const minor = (value: number) => Math.round(value * 10 ** digits);

  const nowAmount = amountOf(item.calculatedPrice, tax);
  const listAmount = amountOf(item.price, tax);
  const now = money.format(nowAmount);
  const was = minor(listAmount) > minor(nowAmount) ? money.format(listAmount) : null;

  let range: string | null = null;
  if (item.range) {
    const low = amountOf(item.range.minimum, tax);
    const high = amountOf(item.range.maximum, tax);
    if (minor(low) !== minor(high)) {
      range =
        typeof money.formatRange === 'function'
          ? money.formatRange(low, high)
          : `${money.format(low)} – ${money.format(high)}`;
    }
  }

  const count = numberFormat(options.locale, { maximumFractionDigits: 0 });
  const percent = numberFormat(options.locale, { style: 'percent', maximumFractionDigits: 2 });
  const bulk = [...(item.bulk ?? [])]
    .sort((a, b) => a.minimum - b.minimum)
    .map((tier): FormattedBulkTier => {
      const quantity =
        tier.maximum === null || tier.maximum === 0
          ? `${count.format(tier.minimum)}+`
          : tier.maximum === tier.minimum
            ? count.format(tier.minimum)
            : `${count.format(tier.minimum)}–${count.format(tier.maximum)}`;
      const unit = Math.max(0, bulkUnitAmount(tier, nowAmount));
      const discount =
        tier.discountType === 'percent' ? percent.format(tier.discountAmount / 100) : money.format(tier.discountAmount);
      const unitPrice = money.format(unit);
      return { tier, quantity, unitPrice, discount, text: fill(messages.bulkTier, { quantity, price: unitPrice }) };
    });

  const display: PriceDisplay = options.range && range !== null ? 'range' : was !== null ? 'sale' : 'price';
  const label =
    display === 'range' && range !== null
      ? range
      : display === 'sale' && was !== null
        ? fill(messages.priceSale, { was, now })
        : now;
  return { now, was, range, bulk, display, label };
}

/** The unit price a bulk tier gives, from the shopper's unit price (see `BulkTier.discountType`). */
function bulkUnitAmount(tier: BulkTier, unit: number): number {
  switch (tier.discountType) {
    case 'price':
      return unit - tier.discountAmount;
    case 'percent':
      return unit * (1 - tier.discountAmount / 100);
    case 'fixed':
      return tier.discountAmount;
  }
}
