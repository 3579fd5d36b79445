/**
 * `POST /graphql`: a subset of BigCommerce's GraphQL Storefront API, shaped after its schema (field names, types,
 * nullability) and answering in its style (`{data}`, `{data, errors}`, or `{errors}` for a document it refuses).
 *
 * Supported: the types and fields of storefront-schema.ts (BigCommerce's own SDL for them), executed by graphql-js:
 * `customer`, `site { product(…) { … prices(…) { … } } }`, mutations `login`, `logout` and
 * `cart { createCartRedirectUrls }`. Parsing, validation, variables, fragments, aliases, directives and
 * introspection are graphql-js's; errors are worded as BigCommerce's (graphql-java) in graphql-errors.ts. Any other
 * field is a validation error, as on a real store for a field that does not exist.
 *
 * Authentication: `Authorization: Bearer` with the store's storefront token (the customer is the session cookie's)
 * or a customer impersonation token (the customer is `X-Bc-Customer-Id`; never from a browser). Missing, unknown or
 * expired tokens are 401.
 */
import {
  GraphQLError,
  assertValidSchema,
  buildSchema,
  execute,
  parse,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
} from 'graphql';
import type { EmulatorContext } from './context.js';
import { redirectUrls, findCart } from './carts.js';
import {
  ACCOUNT_LOCKED,
  CART_NOT_FOUND,
  INVALID_CREDENTIALS,
  currencyNotEnabled,
  notWithImpersonation,
  requestError,
  validateDocument,
} from './graphql-errors.js';
import { fromBrowser, isObject, readText, storefrontOrigin } from './http.js';
import type { ItemPricing, OptionRef, PriceObject } from './pricing.js';
import { STOREFRONT_SDL } from './storefront-schema.js';
import type { SeedCustomer, SeedProduct } from './types.js';

export { ACCOUNT_LOCKED, INVALID_CREDENTIALS };

/** Failed sign-ins in a row that lock an account, and for how long [inferred: BigCommerce documents neither]. */
export const LOGIN_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60_000;

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
  if (!rc.ctx.prices.supportsCurrency(currency)) throw new Error(currencyNotEnabled(currency));
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

type Resolvers = Record<string, Record<string, GraphQLFieldResolver<never, RequestContext, Record<string, unknown>>>>;

/** The emulator's resolvers over its store; a field without one reads its parent's property of the same name. */
const RESOLVERS: Resolvers = {
  Query: {
    site: () => ({}),
    customer: (_, __, rc) => (rc.customer ? customerJson(rc.customer) : null),
  },
  Site: { product: (_, args, rc) => findProduct(args, rc) },
  Product: {
    id: (view: ProductView) => btoa(`Product:${view.product.id}`),
    entityId: (view: ProductView) => view.product.id,
    name: (view: ProductView) => view.product.name,
    sku: (view: ProductView) => view.product.sku,
    prices: (view: ProductView, args, rc) => pricesOf(view, args, rc),
  },
  Mutation: {
    login: (_, args, rc) => login(rc, args.email as string, args.password as string),
    logout: (_, __, rc) => {
      if (rc.impersonating) throw new Error(notWithImpersonation('logout'));
      rc.setCookie = rc.ctx.sessions.end(rc.request);
      rc.customer = undefined;
      return { result: 'success' };
    },
    cart: () => ({}),
  },
  CartMutations: {
    createCartRedirectUrls: (_, args, rc) => createCartRedirectUrls(rc, args.input as Record<string, unknown> | null | undefined),
  },
};

/** The subset of BigCommerce's Storefront schema the emulator answers, executable. */
export const STOREFRONT_SCHEMA = buildSchema(STOREFRONT_SDL);
for (const [typeName, fields] of Object.entries(RESOLVERS)) {
  const type = STOREFRONT_SCHEMA.getType(typeName) as GraphQLObjectType;
  for (const [fieldName, resolve] of Object.entries(fields)) {
    const field = type.getFields()[fieldName];
    if (!field) throw new Error(`the storefront schema has no field ${typeName}.${fieldName} to resolve`);
    field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
  }
}
assertValidSchema(STOREFRONT_SCHEMA);

function login(rc: RequestContext, email: string, password: string) {
  if (rc.impersonating) throw new Error(notWithImpersonation('login'));
  const { ctx } = rc;
  const key = email.trim().toLowerCase();
  const now = ctx.clock.now();
  const record = ctx.state.loginFailures.get(key);
  if (record && record.lockedUntil > now) throw new Error(ACCOUNT_LOCKED);
  const customer = ctx.catalog.customerByEmail(email);
  if (!customer || customer.password !== password) {
    const count = (record && record.lockedUntil === 0 ? record.count : 0) + 1;
    const locked = count >= LOGIN_ATTEMPTS;
    ctx.state.loginFailures.set(key, { count: locked ? 0 : count, lockedUntil: locked ? now + LOCKOUT_MS : 0 });
    throw new Error(INVALID_CREDENTIALS);
  }
  ctx.state.loginFailures.delete(key);
  const { cookie } = ctx.sessions.start(rc.request, customer.id);
  rc.setCookie = cookie;
  rc.customer = customer;
  return { result: 'success', customer: customerJson(customer) };
}

function createCartRedirectUrls(rc: RequestContext, input: Record<string, unknown> | null | undefined) {
  const id = input?.cartEntityId;
  const cart = typeof id === 'string' ? findCart(rc.ctx, id) : undefined;
  if (!cart) throw new Error(CART_NOT_FOUND);
  const params = (input?.queryParams as { key: string; value: string }[] | undefined) ?? [];
  const query = Object.fromEntries(params.map((p) => [p.key, p.value]));
  const urls = redirectUrls(rc.ctx, cart, storefrontOrigin(rc.request, rc.ctx.storefrontUrl), query);
  return { redirectUrls: { redirectedCheckoutUrl: urls.checkout_url, embeddedCheckoutUrl: urls.embedded_checkout_url } };
}

function answer(body: ExecutionResult | { errors: readonly { message: string }[] }, status = 200, cookie?: string): Response {
  const response = new Response(JSON.stringify(body), { status });
  response.headers.set('content-type', 'application/json');
  response.headers.set('cache-control', 'no-store');
  if (cookie) response.headers.set('set-cookie', cookie);
  return response;
}

const refuse = (status: number, message: string) => answer({ errors: [{ message }] }, status);

/** Documents already parsed and validated, by their text: clients send the same few documents over and over. */
const checkedDocuments = new Map<string, { document: DocumentNode } | { errors: readonly GraphQLError[] }>();
const CHECKED_DOCUMENTS = 200;

/** The parsed document, or the syntax or validation errors that refuse it (the schema never changes, so neither does the answer). */
function checkedDocument(query: string): { document: DocumentNode } | { errors: readonly GraphQLError[] } {
  let checked = checkedDocuments.get(query);
  if (checked) return checked;
  try {
    const document = parse(query);
    const invalid = validateDocument(STOREFRONT_SCHEMA, document);
    checked = invalid.length > 0 ? { errors: invalid } : { document };
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    checked = { errors: [error] };
  }
  const [oldest] = checkedDocuments.keys();
  if (checkedDocuments.size >= CHECKED_DOCUMENTS && oldest !== undefined) checkedDocuments.delete(oldest);
  checkedDocuments.set(query, checked);
  return checked;
}

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

  const checked = checkedDocument(body.query);
  if (!('document' in checked)) return answer({ errors: checked.errors });
  const { document } = checked;
  const result = await execute({
    schema: STOREFRONT_SCHEMA,
    document,
    variableValues: variables,
    operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
    contextValue: rc,
  });
  // No data: refused before executing (a variable's value, the operation to run), worded as BigCommerce words it.
  if (!('data' in result) && result.errors) return answer({ errors: result.errors.map(requestError) });
  return answer({ data: result.data ?? null, ...(result.errors ? { errors: result.errors } : {}) }, 200, rc.setCookie);
}
