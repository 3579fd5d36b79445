/**
 * The Carts API: `POST /v3/carts`, `GET /v3/carts/{id}` (both with `include=redirect_urls`) and
 * `POST /v3/carts/{id}/redirect_urls`. Carts are priced for their customer's group (bulk tiers by quantity) and
 * live 30 days from their last change; redirect URLs carry single-use 64-hex tokens for `/cart.php`.
 */
import type { EmulatorContext, StoredCart } from './context.js';
import { isObject, isPositiveInt, json, randomHex, readJson, readText, storefrontOrigin, v3Error } from './http.js';
import { round } from './pricing.js';
import type { SeedProduct, SeedVariant } from './types.js';

/** Carts expire this long after their last change. */
const CART_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

/** A live cart by id, or undefined (unknown or expired). */
export function findCart(ctx: EmulatorContext, id: string): StoredCart | undefined {
  const cart = ctx.state.carts.get(id);
  if (cart && ctx.clock.now() - cart.updated > CART_LIFETIME_MS) {
    ctx.state.carts.delete(id);
    return undefined;
  }
  return cart;
}

/** The group a cart is priced for: its customer's, else the store's guest group. */
function groupOf(ctx: EmulatorContext, cart: StoredCart): number {
  return ctx.catalog.customer(cart.customerId)?.customer_group_id ?? ctx.catalog.seed.store.guest_customer_group_id;
}

/** One priced cart line. */
export interface CartLine {
  /** The stored line's id. */
  id: string;
  product: SeedProduct;
  variant: SeedVariant;
  quantity: number;
  original: number;
  unit: number;
  total: number;
}

export function cartLines(ctx: EmulatorContext, cart: StoredCart): CartLine[] {
  const group = groupOf(ctx, cart);
  return cart.lines.map((line) => {
    // Lines are checked against the catalog when added; a miss here is the emulator's own bug.
    const product = ctx.catalog.product(line.productId);
    const variant = product?.variants.find((v) => v.id === line.variantId);
    if (!product || !variant)
      throw new Error(`cart line ${line.id}: no product ${line.productId} variant ${line.variantId}`);
    const { original, unit } = ctx.prices.unitPrice(product, variant, line.quantity, group);
    return {
      id: line.id,
      product,
      variant,
      quantity: line.quantity,
      original,
      unit,
      total: round(unit * line.quantity),
    };
  });
}

/** The Cart object of the v3 API. */
function cartJson(ctx: EmulatorContext, cart: StoredCart, origin: string) {
  const lines = cartLines(ctx, cart);
  const customer = ctx.catalog.customer(cart.customerId);
  const physical = lines.map((line) => ({
    id: line.id,
    variant_id: line.variant.id,
    product_id: line.product.id,
    sku: line.variant.sku,
    name: line.product.name,
    url: `${origin}/products/${line.product.id}/`,
    quantity: line.quantity,
    is_taxable: true,
    discounts: [],
    coupons: [],
    discount_amount: 0,
    coupon_amount: 0,
    original_price: line.original,
    list_price: line.unit,
    sale_price: line.unit,
    extended_list_price: line.total,
    extended_sale_price: line.total,
    options: line.variant.option_values.map((ov) => {
      const option = line.product.options.find((o) => o.id === ov.option_id);
      const value = option?.option_values.find((v) => v.id === ov.id);
      if (!option || !value)
        throw new Error(`product ${line.product.id}: variant ${line.variant.id} has an unknown option value`);
      return { name: option.display_name, nameId: option.id, value: value.label, valueId: ov.id };
    }),
  }));
  const amount = round(lines.reduce((sum, line) => sum + line.total, 0));
  return {
    id: cart.id,
    customer_id: cart.customerId,
    channel_id: cart.channelId,
    email: customer?.email ?? '',
    currency: { code: cart.currency },
    tax_included: ctx.catalog.seed.store.prices_entered_inclusive,
    base_amount: amount,
    discount_amount: 0,
    manual_discount_amount: 0,
    cart_amount: amount,
    coupons: [],
    discounts: [],
    line_items: { physical_items: physical, digital_items: [], gift_certificates: [], custom_items: [] },
    created_time: new Date(cart.created).toISOString(),
    updated_time: new Date(cart.updated).toISOString(),
    locale: cart.locale,
    version: cart.version,
  };
}

/** Mints the three single-use redirect URLs of a cart (one token shared by them, as BigCommerce does). */
export function redirectUrls(
  ctx: EmulatorContext,
  cart: StoredCart,
  origin: string,
  query: Record<string, string> = {},
) {
  const token = randomHex(32);
  ctx.state.redirectTokens.set(token, cart.id);
  const extra = Object.keys(query).length > 0 ? `&${new URLSearchParams(query)}` : '';
  const params = `id=${cart.id}&token=${token}${extra}`;
  return {
    cart_url: `${origin}/cart.php?action=load&${params}`,
    checkout_url: `${origin}/cart.php?action=loadInCheckout&${params}`,
    embedded_checkout_url: `${origin}/cart.php?embedded=1&action=loadInCheckout&${params}`,
  };
}

function wantsRedirectUrls(request: Request): boolean {
  const include = new URL(request.url).searchParams.get('include') ?? '';
  return include.split(',').includes('redirect_urls');
}

function answerCart(ctx: EmulatorContext, request: Request, cart: StoredCart, status: number): Response {
  const origin = storefrontOrigin(request, ctx.storefrontUrl);
  const data: Record<string, unknown> = cartJson(ctx, cart, origin);
  if (wantsRedirectUrls(request)) data.redirect_urls = redirectUrls(ctx, cart, origin);
  return json({ data, meta: {} }, status);
}

type Line = StoredCart['lines'][number];

function checkLines(ctx: EmulatorContext, value: unknown, errors: Record<string, string>): Line[] {
  if (!Array.isArray(value) || value.length === 0) {
    errors.line_items = 'must be a non-empty array (custom items and gift certificates are not emulated)';
    return [];
  }
  return value.flatMap((raw, i): Line[] => {
    const at = `line_items.${i}`;
    if (!isObject(raw)) {
      errors[at] = 'must be an object';
      return [];
    }
    if (!isPositiveInt(raw.quantity)) errors[`${at}.quantity`] = 'must be a positive integer';
    const product = isPositiveInt(raw.product_id) ? ctx.catalog.product(raw.product_id) : undefined;
    if (!product) {
      errors[`${at}.product_id`] = 'does not name a product';
      return [];
    }
    let variant: SeedVariant | undefined;
    if (raw.variant_id !== undefined) {
      variant = product.variants.find((v) => v.id === raw.variant_id);
      if (!variant) errors[`${at}.variant_id`] = `is not a variant of product ${product.id}`;
    } else if (product.variants.length === 1) {
      variant = product.variants[0];
    } else {
      errors[`${at}.variant_id`] = 'is required: the product has variants';
    }
    if (!variant || !isPositiveInt(raw.quantity)) return [];
    return [{ id: crypto.randomUUID(), productId: product.id, variantId: variant.id, quantity: raw.quantity }];
  });
}

/** `POST /v3/carts`. */
export async function createCart(ctx: EmulatorContext, request: Request): Promise<Response> {
  const body = await readJson(request);
  if (!body.ok) return body.response;
  const input = body.value;
  const { store } = ctx.catalog.seed;
  const errors: Record<string, string> = {};
  const customerId = input.customer_id ?? 0;
  if (customerId !== 0 && !(isPositiveInt(customerId) && ctx.catalog.customer(customerId)))
    errors.customer_id = 'does not name a customer';
  const channelId = input.channel_id ?? store.channel_id;
  if (channelId !== store.channel_id) errors.channel_id = `channel ${String(channelId)} does not exist`;
  const currency = isObject(input.currency) ? input.currency.code : store.currency;
  if (typeof currency !== 'string' || currency.toUpperCase() !== store.currency)
    errors['currency.code'] = `carts are emulated in ${store.currency} only`;
  const locale = input.locale ?? store.locale;
  if (typeof locale !== 'string') errors.locale = 'must be a string';
  const lines = checkLines(ctx, input.line_items, errors);
  if (Object.keys(errors).length > 0) return v3Error(422, errors);

  const now = ctx.clock.now();
  const cart: StoredCart = {
    id: crypto.randomUUID(),
    customerId: customerId as number,
    channelId: channelId as number,
    currency: store.currency,
    locale: locale as string,
    lines,
    created: now,
    updated: now,
    version: 1,
  };
  ctx.state.carts.set(cart.id, cart);
  return answerCart(ctx, request, cart, 201);
}

/** `GET /v3/carts/{id}`. */
export function getCart(ctx: EmulatorContext, request: Request, [id]: string[]): Response {
  const cart = findCart(ctx, decodeURIComponent(id ?? ''));
  return cart ? answerCart(ctx, request, cart, 200) : v3Error(404, {}, 'Cart not found');
}

/** `POST /v3/carts/{id}/redirect_urls`, body optional: `{query_params: {…}}` appended to the URLs. */
export async function createRedirectUrls(ctx: EmulatorContext, request: Request, [id]: string[]): Promise<Response> {
  const cart = findCart(ctx, decodeURIComponent(id ?? ''));
  if (!cart) return v3Error(404, {}, 'Cart not found');
  let query: Record<string, string> = {};
  const text = await readText(request);
  if (text === undefined) return v3Error(413);
  if (text.trim() !== '') {
    if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) return v3Error(415);
    let params: unknown;
    try {
      const value: unknown = JSON.parse(text);
      params = isObject(value) ? value.query_params : undefined;
    } catch {
      return v3Error(400, { body: 'The request body is not valid JSON' });
    }
    if (params !== undefined) {
      if (!isObject(params) || !Object.values(params).every((v) => typeof v === 'string'))
        return v3Error(422, { query_params: 'must be an object of strings' });
      query = params as Record<string, string>;
    }
  }
  const origin = storefrontOrigin(request, ctx.storefrontUrl);
  return json({ data: redirectUrls(ctx, cart, origin, query), meta: {} }, 201);
}
