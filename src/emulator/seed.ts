/**
 * The seed: the package's default store (seed.json) and the checks and indexes every other module relies on.
 * A bad seed is a programmer's mistake, so it throws a TypeError naming the field at start-up.
 */
import defaultSeedData from './seed.json';
import type { EmulatorSeed, SeedCustomer, SeedCustomerGroup, SeedProduct, SeedVariant } from './types.js';

/** A deep copy of the package's default seed. */
export function defaultSeed(): EmulatorSeed {
  return structuredClone(defaultSeedData) as EmulatorSeed;
}

/** Lookups over a checked seed. */
export interface Catalog {
  readonly seed: EmulatorSeed;
  customer(id: number): SeedCustomer | undefined;
  customerByEmail(email: string): SeedCustomer | undefined;
  group(id: number): SeedCustomerGroup | undefined;
  product(id: number): SeedProduct | undefined;
  /** The token's scopes, or undefined for an unknown token. */
  scopes(accessToken: string): readonly string[] | undefined;
}

function fail(path: string, what: string): never {
  throw new TypeError(`Invalid emulator seed: ${path} ${what}`);
}

const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
const isAmount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

function unique<T>(items: readonly T[], key: (item: T) => unknown, path: string): void {
  const seen = new Set<unknown>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) fail(path, `has a duplicate ${String(k)}`);
    seen.add(k);
  }
}

function checkProduct(product: SeedProduct, path: string, categories: Set<number>): void {
  if (!isId(product.id)) fail(`${path}.id`, 'must be a positive integer');
  if (!isText(product.name)) fail(`${path}.name`, 'must be a non-empty string');
  for (const field of ['price', 'sale_price', 'retail_price', 'map_price'] as const) {
    if (!isAmount(product[field])) fail(`${path}.${field}`, 'must be a non-negative number');
  }
  for (const id of product.categories)
    if (!categories.has(id)) fail(`${path}.categories`, `names unknown category ${id}`);
  for (const [i, rule] of product.bulk_pricing_rules.entries()) {
    if (!isId(rule.quantity_min) || !Number.isSafeInteger(rule.quantity_max) || rule.quantity_max < 0)
      fail(`${path}.bulk_pricing_rules[${i}]`, 'needs integer quantity_min ≥ 1 and quantity_max ≥ 0');
    if (!['price', 'percent', 'fixed'].includes(rule.type)) fail(`${path}.bulk_pricing_rules[${i}].type`, 'is unknown');
    if (!isAmount(rule.amount)) fail(`${path}.bulk_pricing_rules[${i}].amount`, 'must be a non-negative number');
  }
  if (!Array.isArray(product.variants) || product.variants.length === 0) fail(`${path}.variants`, 'must not be empty');
  const optionValues = new Map(product.options.flatMap((o) => o.option_values.map((v) => [v.id, o.id] as const)));
  for (const [i, variant] of product.variants.entries()) {
    if (!isId(variant.id)) fail(`${path}.variants[${i}].id`, 'must be a positive integer');
    for (const field of ['price', 'sale_price', 'retail_price'] as const) {
      if (variant[field] !== null && !isAmount(variant[field]))
        fail(`${path}.variants[${i}].${field}`, 'must be null or a number');
    }
    for (const value of variant.option_values) {
      if (optionValues.get(value.id) !== value.option_id)
        fail(`${path}.variants[${i}].option_values`, `names unknown value ${value.id} of option ${value.option_id}`);
    }
  }
}

/** Checks a seed and builds its lookups. */
export function createCatalog(seed: EmulatorSeed): Catalog {
  if (typeof seed !== 'object' || seed === null) fail('', 'must be an object');
  const { store, app } = seed;
  if (!/^[a-z0-9]+$/.test(store?.store_hash ?? '')) fail('store.store_hash', 'must be lower-case letters and digits');
  if (!isId(store.channel_id)) fail('store.channel_id', 'must be a positive integer');
  if (!/^[A-Z]{3}$/.test(store.currency)) fail('store.currency', 'must be an ISO 4217 code');
  if (!isAmount(store.tax_rate) || store.tax_rate >= 1) fail('store.tax_rate', 'must be a fraction such as 0.08');
  if (!isText(app?.client_id)) fail('app.client_id', 'must be a non-empty string');
  // jose refuses short HMAC secrets for HS512 tokens in spirit (RFC 7518 §3.2): keep demo secrets realistic.
  if (typeof app.client_secret !== 'string' || app.client_secret.length < 32)
    fail('app.client_secret', 'must be ≥ 32 characters');
  if (!isText(app.access_token)) fail('app.access_token', 'must be a non-empty string');

  const categories = new Set(seed.categories.map((c) => c.id));
  unique(seed.customer_groups, (g) => g.id, 'customer_groups');
  unique(seed.customers, (c) => c.id, 'customers');
  unique(seed.customers, (c) => c.email.toLowerCase(), 'customers (email)');
  unique(seed.products, (p) => p.id, 'products');
  unique(
    seed.products.flatMap((p) => p.variants),
    (v: SeedVariant) => v.id,
    'products[].variants',
  );
  const groups = new Map(seed.customer_groups.map((g) => [g.id, g]));
  for (const [i, customer] of seed.customers.entries()) {
    if (!isId(customer.id)) fail(`customers[${i}].id`, 'must be a positive integer');
    if (!isText(customer.email) || !isText(customer.password)) fail(`customers[${i}]`, 'needs an email and a password');
    if (customer.customer_group_id !== 0 && !groups.has(customer.customer_group_id))
      fail(`customers[${i}].customer_group_id`, `names unknown group ${customer.customer_group_id}`);
  }
  for (const [i, group] of seed.customer_groups.entries()) {
    for (const [j, rule] of group.discount_rules.entries()) {
      const path = `customer_groups[${i}].discount_rules[${j}]`;
      if (!['all', 'category', 'product'].includes(rule.type)) fail(`${path}.type`, 'is unknown');
      if (!['percent', 'fixed', 'price'].includes(rule.method)) fail(`${path}.method`, 'is unknown');
      if (!isAmount(rule.amount)) fail(`${path}.amount`, 'must be a non-negative number');
      if (rule.type === 'category' && !categories.has(rule.category_id ?? NaN))
        fail(`${path}.category_id`, 'is unknown');
      if (rule.type === 'product' && !seed.products.some((p) => p.id === rule.product_id))
        fail(`${path}.product_id`, 'is unknown');
    }
  }
  seed.products.forEach((p, i) => checkProduct(p, `products[${i}]`, categories));

  const customers = new Map(seed.customers.map((c) => [c.id, c]));
  const byEmail = new Map(seed.customers.map((c) => [c.email.toLowerCase(), c]));
  const products = new Map(seed.products.map((p) => [p.id, p]));
  const tokens = new Map<string, readonly string[]>([
    [app.access_token, app.scopes],
    ...(seed.api_tokens ?? []).map((t) => [t.access_token, t.scopes] as const),
  ]);
  return {
    seed,
    customer: (id) => customers.get(id),
    customerByEmail: (email) => byEmail.get(email.trim().toLowerCase()),
    group: (id) => groups.get(id),
    product: (id) => products.get(id),
    scopes: (token) => tokens.get(token),
  };
}
