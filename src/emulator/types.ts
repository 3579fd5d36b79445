/**
 * The emulator's public types: its options, the handle it returns, the seed format (docs/emulator.md describes it
 * field by field) and faults. Seed field names follow BigCommerce's own Catalog and Customers APIs (snake_case), so
 * a seed reads like data exported from a real store.
 */

/** A fault injected into one route (see `Emulator.faults`). */
export interface Fault {
  /** Answer with this status (and a v3 error body) instead of running the route. */
  status?: number;
  /** Wait this long (real time) before answering. */
  latencyMs?: number;
  /** Replace or damage the body: invalid JSON, the real body cut short, an HTML error page, nothing, or ~12 MB. */
  body?: 'malformed' | 'truncated' | 'html' | 'empty' | 'huge';
  /** Never answer (until the client gives up). */
  hang?: boolean;
  /** Send the headers at once, then the body one byte at a time, slowly. */
  trickle?: boolean;
  /** Whether the faulted answer carries the X-Rate-Limit-* headers (default true). */
  rateLimitHeaders?: boolean;
  /** The X-Rate-Limit-Time-Reset-Ms a faulted status announces (default: what is left of the real window). */
  resetMs?: number;
  /** Apply the fault this many times, then drop it (default: until cleared). */
  times?: number;
}

/** Route names used for faults and call counting. */
export type RouteName =
  | 'time'
  | 'pricing'
  | 'carts'
  | 'redirect_urls'
  | 'impersonation'
  | 'storefront_token'
  | 'private_token'
  | 'pages'
  | 'settings'
  | 'graphql'
  | 'current_jwt';

export const ROUTE_NAMES: readonly RouteName[] = [
  'time',
  'pricing',
  'carts',
  'redirect_urls',
  'impersonation',
  'storefront_token',
  'private_token',
  'pages',
  'settings',
  'graphql',
  'current_jwt',
];

export interface EmulatorOptions {
  /** The store's data; default: the package's seed (src/emulator/seed.json). */
  seed?: EmulatorSeed;
  /** Clock in ms; default Date.now. `clock.set/advance` move the emulator's clock relative to it. */
  now?: () => number;
  /** Algorithm of `/customer/current.jwt` tokens; default HS512 as real stores use. */
  tokenAlgorithm?: 'HS512' | 'HS256';
  /** Management API quota per window; default 150 / 30000 (BigCommerce Standard and Plus plans). */
  rateLimit?: { quota: number; windowMs: number };
  /**
   * Origin of the storefront, used in the absolute URLs the Management API returns (cart redirect URLs), e.g.
   * `http://shop.example.test:4000` when a browser maps that host to 127.0.0.1. Default: the origin of the request
   * being answered (the emulator serves both at one origin, under whatever host name it is reached by).
   */
  storefrontUrl?: string;
  /**
   * Failed sign-ins in a row (GraphQL `login` and `/login.php` together) that lock an account, and for how long;
   * default 5 and 900000 ms (15 minutes) [assumed: BigCommerce documents no numbers]; `false` for no lockout.
   */
  loginLockout?: { attempts: number; lockoutMs: number } | false;
}

export interface EmulatorApp {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly storeHash: string;
  readonly accessToken: string;
  readonly channelId: number;
  /**
   * The store's storefront token for `/graphql` (what a Stencil theme exposes as `{{settings.storefront_api.token}}`):
   * requests with it speak for the session cookie's customer.
   */
  readonly storefrontToken: string;
}

export interface Emulator {
  /** Storefront pages, Management API, /graphql and the /__emulator admin routes. */
  handle(request: Request): Promise<Response>;
  /** Whether `handle` answers this URL: its fixed routes, or a raw page created through the Pages API. */
  owns(url: URL): boolean;
  readonly app: EmulatorApp;
  readonly seed: EmulatorSeed;
  readonly faults: { set(route: RouteName | string, fault: Fault): void; clear(): void };
  readonly clock: { now(): number; set(ms: number): void; advance(ms: number): void };
  /** Calls seen per route name (Management API, current.jwt and /graphql). */
  readonly calls: { count(route?: string): number; reset(): void };
  /**
   * Forgets sessions, carts, redirect tokens, used jtis, GraphQL tokens (storefront, private, impersonation,
   * customer access tokens, session-sync URLs), pages, faults, calls and the rate window, and restores the default
   * storefront security settings.
   */
  reset(): void;
}

// ---- Seed ----------------------------------------------------------------------------------------------------

export interface EmulatorSeed {
  store: SeedStore;
  app: SeedApp;
  /** More Management API tokens, e.g. one missing a scope (for 403 tests). */
  api_tokens?: SeedApiToken[];
  customer_groups: SeedCustomerGroup[];
  customers: SeedCustomer[];
  categories: SeedCategory[];
  products: SeedProduct[];
}

export interface SeedStore {
  name: string;
  store_hash: string;
  channel_id: number;
  /** ISO 4217 code of the default currency; prices in the catalog are in it. */
  currency: string;
  /** Other transactional currencies: code → exchange rate from the default currency. */
  currencies?: Record<string, number>;
  /** Tax rate applied to every product, e.g. 0.08 for 8 %. */
  tax_rate: number;
  /** Whether catalog prices are entered tax-inclusive (`entered_inclusive`). */
  prices_entered_inclusive: boolean;
  /** Group whose rules guests get (BigCommerce's "guest customer group"); 0 = none. */
  guest_customer_group_id: number;
  locale: string;
}

export interface SeedApp {
  client_id: string;
  client_secret: string;
  access_token: string;
  scopes: string[];
}

export interface SeedApiToken {
  access_token: string;
  scopes: string[];
}

export interface SeedCustomerGroup {
  id: number;
  name: string;
  discount_rules: SeedDiscountRule[];
}

/** BigCommerce's customer-group discount rule: the most specific matching rule wins (product > category > all). */
export interface SeedDiscountRule {
  type: 'all' | 'category' | 'product';
  /** As BigCommerce: `percent`: percent off; `price`: amount off each unit; `fixed`: the unit price becomes `amount`. */
  method: 'percent' | 'fixed' | 'price';
  amount: number;
  category_id?: number;
  product_id?: number;
}

export interface SeedCustomer {
  id: number;
  email: string;
  /** Plain text: these are demo accounts. */
  password: string;
  first_name: string;
  last_name: string;
  /** 0 = in no group. */
  customer_group_id: number;
}

export interface SeedCategory {
  id: number;
  name: string;
}

/** As BigCommerce: `price`: amount off each unit; `percent`: percent off; `fixed`: the unit price becomes `amount`. */
export interface SeedBulkRule {
  quantity_min: number;
  /** 0 = no upper limit. */
  quantity_max: number;
  type: 'price' | 'percent' | 'fixed';
  amount: number;
}

export interface SeedOptionValue {
  id: number;
  label: string;
}

/** A variant option (Size, Colour): its values combine into variants. */
export interface SeedOption {
  id: number;
  display_name: string;
  option_values: SeedOptionValue[];
}

/** A modifier (gift wrap, engraving): its values adjust the price but make no variant. */
export interface SeedModifier {
  id: number;
  display_name: string;
  option_values: (SeedOptionValue & { adjuster?: { type: 'relative' | 'percentage'; amount: number } })[];
}

export interface SeedVariant {
  id: number;
  sku: string;
  /** null: the product's price applies. */
  price: number | null;
  sale_price: number | null;
  retail_price: number | null;
  option_values: { option_id: number; id: number }[];
}

export interface SeedProduct {
  id: number;
  name: string;
  sku: string;
  price: number;
  /** 0 = not on sale (as BigCommerce stores it). */
  sale_price: number;
  /** 0 = none. */
  retail_price: number;
  /** Minimum advertised price; 0 = none. */
  map_price: number;
  categories: number[];
  bulk_pricing_rules: SeedBulkRule[];
  options: SeedOption[];
  modifiers: SeedModifier[];
  /** Every product has at least one variant (its base variant, with no option values). */
  variants: SeedVariant[];
  image_url?: string;
}
