/**
 * The price engine, computed from the seed the way BigCommerce does:
 * variant price (or the product's) + modifier adjusters → sale price when set → the customer group's most specific
 * discount rule (product > category > all) → `calculated_price`; amounts converted to the currency and given
 * tax-exclusive and tax-inclusive at the store's tax rate. Bulk tiers are listed, and applied by quantity in carts.
 */
import type { Catalog } from './seed.js';
import type { SeedBulkRule, SeedCustomerGroup, SeedDiscountRule, SeedProduct, SeedVariant } from './types.js';

/** BigCommerce's price object. */
export interface PriceObject {
  as_entered: number;
  entered_inclusive: boolean;
  tax_exclusive: number;
  tax_inclusive: number;
}

export interface OptionRef {
  option_id: number;
  value_id: number;
}

export interface PriceRequestItem {
  product_id: number;
  variant_id?: number;
  options?: OptionRef[];
}

export interface BulkTier {
  minimum: number;
  maximum: number;
  discount_amount: number;
  discount_type: 'price' | 'percent' | 'fixed';
  tax_discount_amount: PriceObject[];
}

/** One item of the Pricing API's answer (`data[]`). */
export interface ItemPricing {
  product_id: number;
  variant_id?: number;
  options: OptionRef[];
  reference_request: PriceRequestItem;
  price: PriceObject;
  sale_price?: PriceObject;
  retail_price?: PriceObject;
  minimum_advertised_price?: PriceObject;
  calculated_price: PriceObject;
  saved?: PriceObject;
  price_range?: { minimum: PriceObject; maximum: PriceObject };
  retail_price_range?: { minimum: PriceObject; maximum: PriceObject };
  bulk_pricing: BulkTier[];
}

/** Whom and in what currency to price for. */
export interface PricingContext {
  /** 0: plain catalog prices. */
  customerGroupId: number;
  currency: string;
}

/** Rounds to the currency's two decimals. */
export const round = (amount: number): number => Math.round((amount + Number.EPSILON) * 100) / 100;

export interface PriceEngine {
  /** Whether prices can be given in this currency. */
  supportsCurrency(code: string): boolean;
  /** Prices one item; undefined when the product, variant or an option does not exist. */
  priceItem(item: PriceRequestItem, context: PricingContext): ItemPricing | undefined;
  /**
   * What a cart charges for `quantity` of a variant, in the default currency: `original` is the variant's default
   * price, `unit` its calculated price with the quantity's bulk tier applied.
   */
  unitPrice(
    product: SeedProduct,
    variant: SeedVariant,
    quantity: number,
    customerGroupId: number,
  ): { original: number; unit: number };
}

function discountRule(
  group: SeedCustomerGroup | undefined,
  product: SeedProduct,
  amount: number,
): SeedDiscountRule | undefined {
  if (!group) return undefined;
  const rules = group.discount_rules;
  const byProduct = rules.find((r) => r.type === 'product' && r.product_id === product.id);
  if (byProduct) return byProduct;
  // Of several category rules, the shopper gets the lowest price.
  const byCategory = rules
    .filter((r) => r.type === 'category' && r.category_id !== undefined && product.categories.includes(r.category_id))
    .sort((a, b) => applyAdjustment(amount, a.method, a.amount) - applyAdjustment(amount, b.method, b.amount))[0];
  return byCategory ?? rules.find((r) => r.type === 'all');
}

/** BigCommerce's adjustment methods, shared by group rules and bulk tiers. */
function applyAdjustment(amount: number, method: 'percent' | 'price' | 'fixed', value: number): number {
  switch (method) {
    case 'percent':
      return Math.max(0, amount * (1 - value / 100));
    case 'price':
      return Math.max(0, amount - value);
    case 'fixed':
      return value;
  }
}

function bulkRuleFor(rules: readonly SeedBulkRule[], quantity: number): SeedBulkRule | undefined {
  return rules.find((r) => quantity >= r.quantity_min && (r.quantity_max === 0 || quantity <= r.quantity_max));
}

/** Finds the variant a full set of variant-option selections names. */
function variantFor(product: SeedProduct, options: readonly OptionRef[]): SeedVariant | undefined {
  if (product.variants.length === 1) return product.variants[0];
  const variantOptions = new Set(product.options.map((o) => o.id));
  const chosen = options.filter((o) => variantOptions.has(o.option_id));
  if (chosen.length !== product.options.length) return undefined;
  return product.variants.find((v) =>
    chosen.every((o) => v.option_values.some((ov) => ov.option_id === o.option_id && ov.id === o.value_id)),
  );
}

export function createPriceEngine(catalog: Catalog): PriceEngine {
  const { store } = catalog.seed;
  const rates: Record<string, number> = { ...store.currencies, [store.currency]: 1 };

  function money(amount: number, currency: string): PriceObject {
    const exchange = rates[currency];
    // Callers check the currency first (an unknown one is the request's 4xx); reaching here with one is a bug.
    if (exchange === undefined) throw new Error(`the store does not sell in ${currency}`);
    const entered = round(amount * exchange);
    const rate = 1 + store.tax_rate;
    return store.prices_entered_inclusive
      ? { as_entered: entered, entered_inclusive: true, tax_exclusive: round(entered / rate), tax_inclusive: entered }
      : { as_entered: entered, entered_inclusive: false, tax_exclusive: entered, tax_inclusive: round(entered * rate) };
  }

  /** Price, sale price and calculated price of a variant with modifier adjusters, in the default currency. */
  function amounts(
    product: SeedProduct,
    variant: SeedVariant | undefined,
    options: readonly OptionRef[],
    groupId: number,
  ) {
    const price = variant?.price ?? product.price;
    const sale = variant?.sale_price ?? (product.sale_price > 0 ? product.sale_price : null);
    let adjust = (amount: number) => amount;
    for (const modifier of product.modifiers) {
      const chosen = options.find((o) => o.option_id === modifier.id);
      const adjuster = modifier.option_values.find((v) => v.id === chosen?.value_id)?.adjuster;
      if (!adjuster) continue;
      const previous = adjust;
      adjust =
        adjuster.type === 'relative'
          ? (amount) => previous(amount) + adjuster.amount
          : (amount) => previous(amount) * (1 + adjuster.amount / 100);
    }
    const base = adjust(sale ?? price);
    const rule = discountRule(catalog.group(groupId), product, base);
    const calculated = rule ? applyAdjustment(base, rule.method, rule.amount) : base;
    return { price: adjust(price), sale: sale === null ? null : adjust(sale), calculated: round(calculated) };
  }

  function range(values: number[], currency: string) {
    return { minimum: money(Math.min(...values), currency), maximum: money(Math.max(...values), currency) };
  }

  return {
    supportsCurrency: (code) => code in rates,

    priceItem(item, { customerGroupId, currency }) {
      const product = catalog.product(item.product_id);
      if (!product) return undefined;
      const options = item.options ?? [];
      const knownValue = (o: OptionRef) =>
        [...product.options, ...product.modifiers].some(
          (opt) => opt.id === o.option_id && opt.option_values.some((v) => v.id === o.value_id),
        );
      if (!options.every(knownValue)) return undefined;
      let variant: SeedVariant | undefined;
      if (item.variant_id !== undefined) {
        variant = product.variants.find((v) => v.id === item.variant_id);
        if (!variant) return undefined;
      } else {
        variant = variantFor(product, options);
      }
      const { price, sale, calculated } = amounts(product, variant, options, customerGroupId);
      const retail = variant?.retail_price ?? (product.retail_price > 0 ? product.retail_price : null);
      const result: ItemPricing = {
        product_id: product.id,
        ...(variant ? { variant_id: variant.id } : {}),
        options,
        reference_request: item,
        price: money(price, currency),
        calculated_price: money(calculated, currency),
        bulk_pricing: product.bulk_pricing_rules.map((rule) => ({
          minimum: rule.quantity_min,
          maximum: rule.quantity_max,
          discount_amount: rule.amount,
          discount_type: rule.type,
          // A percentage is not money: it is the same with or without tax.
          tax_discount_amount: [
            rule.type === 'percent'
              ? {
                  as_entered: rule.amount,
                  entered_inclusive: store.prices_entered_inclusive,
                  tax_exclusive: rule.amount,
                  tax_inclusive: rule.amount,
                }
              : money(rule.amount, currency),
          ],
        })),
      };
      if (sale !== null) result.sale_price = money(sale, currency);
      if (retail !== null) {
        result.retail_price = money(retail, currency);
        result.saved = money(Math.max(0, retail - calculated), currency);
      }
      if (product.map_price > 0) result.minimum_advertised_price = money(product.map_price, currency);
      if (product.variants.length > 1) {
        result.price_range = range(
          product.variants.map((v) => amounts(product, v, options, customerGroupId).calculated),
          currency,
        );
        const retails = product.variants
          .map((v) => v.retail_price ?? (product.retail_price > 0 ? product.retail_price : null))
          .filter((r): r is number => r !== null);
        if (retails.length > 0) result.retail_price_range = range(retails, currency);
      }
      return result;
    },

    unitPrice(product, variant, quantity, customerGroupId) {
      const { price, calculated } = amounts(product, variant, [], customerGroupId);
      const rule = bulkRuleFor(product.bulk_pricing_rules, quantity);
      const unit = rule ? applyAdjustment(calculated, rule.type, rule.amount) : calculated;
      return { original: round(price), unit: round(unit) };
    },
  };
}
