/**
 * Demo only: the emulator seed as the demo pages show it (the CMS page rendered by `demo`, and the React, Vue and
 * Svelte apps, which get `publicDemoStore` at build time). The light-DOM "public" price is the catalog's own price
 * from the seed, so nothing on the pages is a hand-copied price that could drift from what the emulator computes.
 */
import type { EmulatorSeed, SeedApp, SeedCustomerGroup, SeedProduct, SeedStore } from '../emulator/types.js';
import type { BulkTier } from '../protocol.js';

/** A variant the shopper can pick (only for products with more than one). */
export interface DemoVariant {
  readonly id: number;
  /** "Navy / Small". */
  readonly label: string;
  /** The variant's own public price, when it differs from the product's. */
  readonly publicPrice: number;
}

/** A modifier (engraving, gift wrap) the shopper can choose; it changes the price but makes no variant. */
export interface DemoModifier {
  readonly optionId: number;
  readonly name: string;
  readonly values: readonly { readonly id: number; readonly label: string }[];
}

export interface DemoProduct {
  readonly id: number;
  readonly name: string;
  readonly sku: string;
  readonly category: string;
  /** The price the CMS page prints (sale price when on sale): the light-DOM fallback of `<bc-group-price>`. */
  readonly publicPrice: number;
  /** The list price when the product is on sale, else `null`. */
  readonly listPrice: number | null;
  /** Variants to choose from; empty for a product with a single variant. */
  readonly variants: readonly DemoVariant[];
  /** The variant added to the cart when none is chosen. */
  readonly defaultVariantId: number;
  readonly modifiers: readonly DemoModifier[];
  /** Whether the product has bulk (quantity) tiers. */
  readonly bulk: boolean;
  /** The bulk tiers as the storefront publishes them (the same for every customer group), lowest quantity first. */
  readonly bulkTiers: readonly BulkTier[];
  /** Whether variant prices differ (the card shows a range). */
  readonly ranged: boolean;
}

export interface DemoCustomer {
  readonly email: string;
  readonly password: string;
  readonly group: string;
  /** What the customer should see, from the group's discount rules: "20% off everything". */
  readonly sees: string;
}

/**
 * What a browser app may know of the seeded store: the seed's shape, cut down to a list of public fields (never the
 * client secret, API tokens or customers).
 */
export interface PublicDemoStore {
  readonly store: Pick<SeedStore, 'name' | 'currency' | 'locale' | 'channel_id'>;
  readonly app: Pick<SeedApp, 'client_id'>;
  readonly products: readonly DemoProduct[];
}

function variantLabel(product: SeedProduct, optionValues: readonly { option_id: number; id: number }[]): string {
  return optionValues
    .map(
      (ov) =>
        product.options.find((o) => o.id === ov.option_id)?.option_values.find((v) => v.id === ov.id)?.label ?? '?',
    )
    .join(' / ');
}

/** Every product of the seed, in seed order. */
export function demoCatalog(seed: EmulatorSeed): DemoProduct[] {
  const categories = new Map(seed.categories.map((c) => [c.id, c.name]));
  return seed.products.map((product) => {
    const onSale = product.sale_price > 0 && product.sale_price < product.price;
    const publicPrice = onSale ? product.sale_price : product.price;
    const variants =
      product.variants.length > 1
        ? product.variants.map((variant) => ({
            id: variant.id,
            label: variantLabel(product, variant.option_values),
            publicPrice: variant.sale_price ?? (onSale ? product.sale_price : (variant.price ?? product.price)),
          }))
        : [];
    const [defaultVariant] = product.variants;
    if (!defaultVariant)
      throw new Error(`the seed's product ${product.id} has no variant (every BigCommerce product has one)`);
    return {
      id: product.id,
      name: product.name,
      sku: product.sku,
      category: categories.get(product.categories[0] ?? 0) ?? '',
      publicPrice,
      listPrice: onSale ? product.price : null,
      variants,
      defaultVariantId: defaultVariant.id,
      modifiers: product.modifiers.map((m) => ({
        optionId: m.id,
        name: m.display_name,
        values: m.option_values.map((v) => ({ id: v.id, label: v.label })),
      })),
      bulk: product.bulk_pricing_rules.length > 0,
      bulkTiers: product.bulk_pricing_rules
        .map((rule) => ({
          minimum: rule.quantity_min,
          maximum: rule.quantity_max === 0 ? null : rule.quantity_max,
          discountAmount: rule.amount,
          discountType: rule.type,
        }))
        .sort((a, b) => a.minimum - b.minimum),
      ranged: new Set(variants.map((v) => v.publicPrice)).size > 1,
    };
  });
}

/** The public part of the seed, field by field, for the framework demos' bundles. */
export function publicDemoStore(seed: EmulatorSeed): PublicDemoStore {
  const { name, currency, locale, channel_id } = seed.store;
  return {
    store: { name, currency, locale, channel_id },
    app: { client_id: seed.app.client_id },
    products: demoCatalog(seed),
  };
}

/** The seeded customers to sign in as, with their group's name. */
export function demoCustomers(seed: EmulatorSeed): DemoCustomer[] {
  const groups = new Map(seed.customer_groups.map((g) => [g.id, g]));
  return seed.customers.map((c) => {
    const group = groups.get(c.customer_group_id);
    return {
      email: c.email,
      password: c.password,
      group: group?.name ?? 'no group',
      sees: group ? describeGroup(seed, group) : 'catalog prices, as guests',
    };
  });
}

/** A customer group's discount rules in words, most general first. */
export function describeGroup(seed: EmulatorSeed, group: SeedCustomerGroup): string {
  const order = { all: 0, category: 1, product: 2 };
  return [...group.discount_rules]
    .sort((a, b) => order[a.type] - order[b.type])
    .map((rule) => {
      const target =
        rule.type === 'all'
          ? 'everything'
          : rule.type === 'category'
            ? (seed.categories.find((c) => c.id === rule.category_id)?.name ?? `category ${rule.category_id}`)
            : (seed.products.find((p) => p.id === rule.product_id)?.name ?? `product ${rule.product_id}`);
      if (rule.method === 'percent') return `${rule.amount}% off ${target}`;
      if (rule.method === 'price') return `${formatMoney(seed, rule.amount)} off ${target}`;
      return `${target} at ${formatMoney(seed, rule.amount)}`;
    })
    .join(', ');
}

/** Formats an amount in the store's currency and locale, as the CMS would print it. */
export function formatMoney(seed: { readonly store: Pick<SeedStore, 'locale' | 'currency'> }, amount: number): string {
  return new Intl.NumberFormat(seed.store.locale, { style: 'currency', currency: seed.store.currency }).format(amount);
}
