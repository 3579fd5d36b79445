/**
 * `POST /graphql`: a subset of BigCommerce's GraphQL Storefront API, shaped after its schema (field names, types,
 * nullability) and answering in its style (`{data}`, `{data, errors}`, or `{errors}` for a document it refuses).
 *
 * Supported: `customer { entityId email firstName lastName customerGroupId … }`; `site { product(entityId,
 * variantEntityId, optionValueIds) { entityId id name sku prices(currencyCode, includeTax) { price salePrice basePrice
 * retailPrice mapPrice saved priceRange retailPriceRange bulkPricing } } }`; mutations `login(email, password)`,
 * `logout` and `cart { createCartRedirectUrls(input: {cartEntityId}) }`; aliases, variables, fragments, `__typename`,
 * `@include`/`@skip`. Any other field is a validation error, as on a real store for a field that does not exist.
 *
 * Authentication: `Authorization: Bearer` with the store's storefront token (the customer is the session cookie's)
 * or a customer impersonation token (the customer is `X-Bc-Customer-Id`; never from a browser). Missing, unknown or
 * expired tokens are 401.
 */
import type { EmulatorContext } from './context.js';
import { redirectUrls, findCart } from './carts.js';
import { execute, FieldError, type ExecutionResult, type Schema, type TypeDef } from './graphql-execute.js';
import { parse, GraphQLSyntaxError } from './graphql-parse.js';
import { fromBrowser, isObject, readText, storefrontOrigin } from './http.js';
import type { ItemPricing, OptionRef, PriceObject } from './pricing.js';
import type { SeedCustomer, SeedProduct } from './types.js';

/** Failed sign-ins in a row that lock an account, and for how long [inferred: BigCommerce documents neither]. */
export const LOGIN_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60_000;
export const INVALID_CREDENTIALS = 'Invalid credentials';
export const ACCOUNT_LOCKED = 'Your account has been locked because of too many failed sign-in attempts. Try again later.';

/** The storefront token a Stencil theme exposes as `{{settings.storefront_api.token}}` for this emulator's store. */
export function storefrontToken(storeHash: string): string {
  return `emulatorstorefronttoken.${storeHash}`;
}

interface RequestContext {
  readonly ctx: EmulatorContext;
  readonly request: Request;
  readonly impersonating: boolean;
  /** Whom the request speaks for. */
  customer: SeedCustomer | undefined;
  /** A session cookie set by `login` or `logout`. */
  setCookie?: string;
}

/** A product as `site.product` found it: the product and the configuration its prices are for. */
interface ProductView {
  readonly product: SeedProduct;
  readonly variantId: number | undefined;
  readonly options: OptionRef[];
}

type Money = { value: number; currencyCode: string };

const money = (p: PriceObject | undefined, currency: string, tax: boolean): Money | null =>
  p ? { value: tax ? p.tax_inclusive : p.tax_exclusive, currencyCode: currency } : null;

function pricesOf(view: ProductView, args: Record<string, unknown>, rc: RequestContext) {
  const { store } = rc.ctx.catalog.seed;
  const currency = (args.currencyCode as string | undefined) ?? store.currency;
  if (!rc.ctx.prices.supportsCurrency(currency)) throw new FieldError(`Currency ${currency} is not enabled for this channel`);
  const group = rc.customer ? rc.customer.customer_group_id : store.guest_customer_group_id;
  const priced: ItemPricing | undefined = rc.ctx.prices.priceItem(
    { product_id: view.product.id, ...(view.variantId === undefined ? {} : { variant_id: view.variantId }), options: view.options },
    { customerGroupId: group, currency },
  );
  if (!priced) return null;
  const tax = args.includeTax === true;
  const m = (p: PriceObject | undefined) => money(p, currency, tax);
  const range = (r: { minimum: PriceObject; maximum: PriceObject } | undefined) => (r ? { min: m(r.minimum), max: m(r.maximum) } : null);
  return {
    price: m(priced.calculated_price),
    salePrice: m(priced.sale_price),
    basePrice: m(priced.price),
    retailPrice: m(priced.retail_price),
    mapPrice: m(priced.minimum_advertised_price),
    saved: m(priced.saved),
    // Always present in the schema (`MoneyRange!`): a product without variants ranges over its one price.
    priceRange: range(priced.price_range) ?? { min: m(priced.calculated_price), max: m(priced.calculated_price) },
    retailPriceRange: range(priced.retail_price_range),
    bulkPricing: priced.bulk_pricing.map((tier) => {
      const bounds = { minimumQuantity: tier.minimum, maximumQuantity: tier.maximum === 0 ? null : tier.maximum };
      switch (tier.discount_type) {
        case 'fixed':
          return { __typename: 'BulkPricingFixedPriceDiscount', price: tier.discount_amount, ...bounds };
        case 'percent':
          return { __typename: 'BulkPricingPercentageDiscount', percentOff: tier.discount_amount, ...bounds };
        default:
          return { __typename: 'BulkPricingRelativePriceDiscount', priceAdjustment: tier.discount_amount, ...bounds };
      }
    }),
  };
}

function findProduct(args: Record<string, unknown>, rc: RequestContext): ProductView | null {
  let id = args.entityId as number | undefined;
  if (id === undefined && typeof args.id === 'string') {
    const decoded = /^Product:(\d+)$/.exec(safeAtob(args.id));
    id = decoded ? Number(decoded[1]) : undefined;
  }
  if (id === undefined && typeof args.sku === 'string') id = rc.ctx.catalog.seed.products.find((p) => p.sku === args.sku)?.id;
  const product = id === undefined ? undefined : rc.ctx.catalog.product(id);
  if (!product) return null;
  const variantId = args.variantEntityId as number | undefined;
  if (variantId !== undefined && !product.variants.some((v) => v.id === variantId)) return null;
  const picked = (args.optionValueIds as { optionEntityId: number; valueEntityId: number }[] | undefined) ?? [];
  const options = picked.map((o) => ({ option_id: o.optionEntityId, value_id: o.valueEntityId }));
  return { product, variantId, options };
}

function safeAtob(value: string): string {
  try {
    return atob(value);
  } catch {
    return '';
  }
}

function customerJson(customer: SeedCustomer) {
  return {
    entityId: customer.id,
    email: customer.email,
    firstName: customer.first_name,
    lastName: customer.last_name,
    company: '',
    phone: '',
    customerGroupId: customer.customer_group_id,
  };
}

const scalar = (check: (v: unknown) => boolean): TypeDef<RequestContext> => ({
  kind: 'SCALAR',
  coerce: (v) => (check(v) ? { ok: true, value: v } : { ok: false }),
});

const MONEY_FIELDS = { value: { type: 'BigDecimal!' }, currencyCode: { type: 'String!' } };
const BULK_FIELDS = { minimumQuantity: { type: 'Int!' }, maximumQuantity: { type: 'Int' } };
const PRICE_ARGS = { includeTax: { type: 'Boolean', defaultValue: false }, currencyCode: { type: 'currencyCode' } };

/** The subset of BigCommerce's Storefront schema the emulator answers. */
export const STOREFRONT_SCHEMA: Schema<RequestContext> = {
  query: 'Query',
  mutation: 'Mutation',
  types: {
    BigDecimal: scalar((v) => typeof v === 'number' && Number.isFinite(v)),
    currencyCode: { kind: 'ENUM', isValue: (v) => /^[A-Z]{3}$/.test(v) },
    OptionValueId: { kind: 'INPUT_OBJECT', fields: { optionEntityId: { type: 'Int!' }, valueEntityId: { type: 'Int!' } } },
    CreateCartRedirectUrlsQueryParamsInput: { kind: 'INPUT_OBJECT', fields: { key: { type: 'String!' }, value: { type: 'String!' } } },
    CreateCartRedirectUrlsInput: {
      kind: 'INPUT_OBJECT',
      fields: { cartEntityId: { type: 'String' }, queryParams: { type: '[CreateCartRedirectUrlsQueryParamsInput!]' } },
    },
    Query: {
      kind: 'OBJECT',
      fields: {
        site: { type: 'Site!', resolve: () => ({}) },
        customer: { type: 'Customer', resolve: (_: never, __, rc) => (rc.customer ? customerJson(rc.customer) : null) },
      },
    },
    Site: {
      kind: 'OBJECT',
      fields: {
        product: {
          type: 'Product',
          args: {
            id: { type: 'ID' },
            entityId: { type: 'Int' },
            variantEntityId: { type: 'Int' },
            optionValueIds: { type: '[OptionValueId!]', defaultValue: [] },
            sku: { type: 'String' },
            useDefaultOptionSelections: { type: 'Boolean' },
          },
          resolve: (_: never, args, rc) => findProduct(args, rc),
        },
      },
    },
    Product: {
      kind: 'OBJECT',
      fields: {
        id: { type: 'ID!', resolve: (view: ProductView) => btoa(`Product:${view.product.id}`) },
        entityId: { type: 'Int!', resolve: (view: ProductView) => view.product.id },
        name: { type: 'String!', resolve: (view: ProductView) => view.product.name },
        sku: { type: 'String!', resolve: (view: ProductView) => view.product.sku },
        prices: { type: 'Prices', args: PRICE_ARGS, resolve: (view: ProductView, args, rc) => pricesOf(view, args, rc) },
      },
    },
    Prices: {
      kind: 'OBJECT',
      fields: {
        price: { type: 'Money!' },
        salePrice: { type: 'Money' },
        basePrice: { type: 'Money' },
        retailPrice: { type: 'Money' },
        mapPrice: { type: 'Money' },
        saved: { type: 'Money' },
        priceRange: { type: 'MoneyRange!' },
        retailPriceRange: { type: 'MoneyRange' },
        bulkPricing: { type: '[BulkPricingTier!]!' },
      },
    },
    Money: { kind: 'OBJECT', fields: MONEY_FIELDS },
    MoneyRange: { kind: 'OBJECT', fields: { min: { type: 'Money!' }, max: { type: 'Money!' } } },
    BulkPricingTier: {
      kind: 'INTERFACE',
      fields: BULK_FIELDS,
      resolveType: (value) => (value as { __typename: string }).__typename,
    },
    BulkPricingFixedPriceDiscount: {
      kind: 'OBJECT',
      interfaces: ['BulkPricingTier'],
      fields: { price: { type: 'BigDecimal!' }, ...BULK_FIELDS },
    },
    BulkPricingPercentageDiscount: {
      kind: 'OBJECT',
      interfaces: ['BulkPricingTier'],
      fields: { percentOff: { type: 'BigDecimal!' }, ...BULK_FIELDS },
    },
    BulkPricingRelativePriceDiscount: {
      kind: 'OBJECT',
      interfaces: ['BulkPricingTier'],
      fields: { priceAdjustment: { type: 'BigDecimal!' }, ...BULK_FIELDS },
    },
    Customer: {
      kind: 'OBJECT',
      fields: {
        entityId: { type: 'Int!' },
        email: { type: 'String!' },
        firstName: { type: 'String!' },
        lastName: { type: 'String!' },
        company: { type: 'String!' },
        phone: { type: 'String!' },
        customerGroupId: { type: 'Int!' },
      },
    },
    Mutation: {
      kind: 'OBJECT',
      fields: {
        login: {
          type: 'LoginResult!',
          args: { email: { type: 'String!' }, password: { type: 'String!' } },
          resolve: (_: never, args, rc) => login(rc, args.email as string, args.password as string),
        },
        logout: {
          type: 'LogoutResult!',
          resolve: (_: never, __, rc) => {
            if (rc.impersonating) throw new FieldError('logout is not available with a customer impersonation token');
            rc.setCookie = rc.ctx.sessions.end(rc.request);
            rc.customer = undefined;
            return { result: 'success' };
          },
        },
        cart: { type: 'CartMutations!', resolve: () => ({}) },
      },
    },
    LoginResult: { kind: 'OBJECT', fields: { result: { type: 'String!' }, customer: { type: 'Customer' } } },
    LogoutResult: { kind: 'OBJECT', fields: { result: { type: 'String!' } } },
    CartMutations: {
      kind: 'OBJECT',
      fields: {
        createCartRedirectUrls: {
          type: 'CreateCartRedirectUrlsResult!',
          args: { input: { type: 'CreateCartRedirectUrlsInput' } },
          resolve: (_: never, args, rc) => createCartRedirectUrls(rc, args.input as Record<string, unknown> | undefined),
        },
      },
    },
    CreateCartRedirectUrlsResult: { kind: 'OBJECT', fields: { redirectUrls: { type: 'CartRedirectUrls' } } },
    CartRedirectUrls: {
      kind: 'OBJECT',
      fields: { redirectedCheckoutUrl: { type: 'String!' }, embeddedCheckoutUrl: { type: 'String!' } },
    },
  },
};

function login(rc: RequestContext, email: string, password: string) {
  if (rc.impersonating) throw new FieldError('login is not available with a customer impersonation token');
  const { ctx } = rc;
  const key = email.trim().toLowerCase();
  const now = ctx.clock.now();
  const record = ctx.state.loginFailures.get(key);
  if (record && record.lockedUntil > now) throw new FieldError(ACCOUNT_LOCKED);
  const customer = ctx.catalog.customerByEmail(email);
  if (!customer || customer.password !== password) {
    const count = (record && record.lockedUntil === 0 ? record.count : 0) + 1;
    const locked = count >= LOGIN_ATTEMPTS;
    ctx.state.loginFailures.set(key, { count: locked ? 0 : count, lockedUntil: locked ? now + LOCKOUT_MS : 0 });
    throw new FieldError(INVALID_CREDENTIALS);
  }
  ctx.state.loginFailures.delete(key);
  const { cookie } = ctx.sessions.start(rc.request, customer.id);
  rc.setCookie = cookie;
  rc.customer = customer;
  return { result: 'success', customer: customerJson(customer) };
}

function createCartRedirectUrls(rc: RequestContext, input: Record<string, unknown> | undefined) {
  const id = input?.cartEntityId;
  const cart = typeof id === 'string' ? findCart(rc.ctx, id) : undefined;
  if (!cart) throw new FieldError('Cart not found');
  const params = (input?.queryParams as { key: string; value: string }[] | undefined) ?? [];
  const query = Object.fromEntries(params.map((p) => [p.key, p.value]));
  const urls = redirectUrls(rc.ctx, cart, storefrontOrigin(rc.request, rc.ctx.storefrontUrl), query);
  return { redirectUrls: { redirectedCheckoutUrl: urls.checkout_url, embeddedCheckoutUrl: urls.embedded_checkout_url } };
}

function answer(body: ExecutionResult | { errors: { message: string }[] }, status = 200, cookie?: string): Response {
  const response = new Response(JSON.stringify(body), { status });
  response.headers.set('content-type', 'application/json');
  response.headers.set('cache-control', 'no-store');
  if (cookie) response.headers.set('set-cookie', cookie);
  return response;
}

const refuse = (status: number, message: string) => answer({ errors: [{ message }] }, status);

/** `POST /graphql`. */
export async function graphql(ctx: EmulatorContext, request: Request): Promise<Response> {
  if (request.method !== 'POST') {
    const response = refuse(405, 'Use POST with a JSON body {query, variables, operationName}');
    response.headers.set('allow', 'POST');
    return response;
  }
  const auth = /^Bearer +(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!auth) return refuse(401, 'Missing or invalid Authorization header');
  const nowSeconds = Math.floor(ctx.clock.now() / 1000);
  const impersonation = ctx.state.impersonationTokens.get(auth);
  let rc: RequestContext;
  if (impersonation) {
    if (impersonation.expiresAt <= nowSeconds) return refuse(401, 'The token has expired');
    if (fromBrowser(request)) return refuse(403, 'Customer impersonation tokens cannot be used from a browser');
    const header = request.headers.get('x-bc-customer-id');
    let customer: SeedCustomer | undefined;
    if (header !== null) {
      customer = /^[1-9][0-9]{0,15}$/.test(header.trim()) ? ctx.catalog.customer(Number(header.trim())) : undefined;
      if (!customer) return refuse(400, 'X-Bc-Customer-Id does not name a customer of this store');
    }
    rc = { ctx, request, impersonating: true, customer };
  } else if (auth === storefrontToken(ctx.catalog.seed.store.store_hash)) {
    rc = { ctx, request, impersonating: false, customer: ctx.customerOf(request) };
  } else {
    return refuse(401, 'Invalid token');
  }

  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) {
    return refuse(415, 'The Content-Type header must be application/json');
  }
  const text = await readText(request);
  if (text === undefined) return refuse(413, 'The request body is too large');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refuse(400, 'The request body is not valid JSON');
  }
  if (!isObject(body) || typeof body.query !== 'string') return refuse(400, 'The body needs a "query" string');
  const variables = body.variables ?? {};
  if (!isObject(variables)) return refuse(400, '"variables" must be an object');
  if (body.operationName !== undefined && body.operationName !== null && typeof body.operationName !== 'string') {
    return refuse(400, '"operationName" must be a string');
  }

  let result: ExecutionResult;
  try {
    result = await execute(STOREFRONT_SCHEMA, parse(body.query), {
      variables,
      ...(typeof body.operationName === 'string' ? { operationName: body.operationName } : {}),
      context: rc,
    });
  } catch (error) {
    if (!(error instanceof GraphQLSyntaxError)) throw error;
    result = { errors: [{ message: error.message, locations: [...error.locations] }] };
  }
  return answer(result, 200, rc.setCookie);
}
