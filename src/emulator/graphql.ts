/**
 * `POST /graphql`: a subset of BigCommerce's GraphQL Storefront API, shaped after its schema (field names, types,
 * nullability) and answering in its style (`{data}`, `{data, errors}`, or `{errors}` for a document it refuses).
 *
 * Supported: the types and fields of storefront-schema.ts (BigCommerce's own SDL for them) and of the overlay of
 * fields documented since (storefront-overlay.ts), executed by graphql-js: `customer`,
 * `site { product(…) { … prices(…) { … } } }`, mutations `login` (with `customerAccessToken` and `guestCartEntityId`),
 * `loginWithCustomerLoginJwt`, `logout`, `generateSessionSyncJwt` and `cart { createCartRedirectUrls }`. Parsing, validation, variables, fragments, aliases, directives and
 * introspection are graphql-js's; errors are worded as BigCommerce's (graphql-java) in graphql-errors.ts. Any other
 * field is a validation error, as on a real store for a field that does not exist.
 *
 * Authentication (graphql-storefront.mdx): `Authorization: Bearer` with
 * - a storefront token: the store's own (what Stencil renders; rotated, so it counts as created now) or one created
 *   with `allowed_cors_origins`. From a browser: same origin or an allowed origin (CORS). Server-to-server: only a
 *   token created before 2026-07-01, and only until 2027-03-31. The customer is the session cookie's;
 * - a private token: never from a browser; stateless (no cookie); each field needs its scope;
 * - a customer impersonation token: never from a browser; the customer is `X-Bc-Customer-Id`.
 * With a storefront or private token, `X-Bc-Customer-Access-Token` makes the request speak for that token's customer;
 * an invalid one is ignored (a guest), or refused when `X-Bc-Error-On-Invalid-Customer-Access-Token: true`.
 * Missing, unknown or expired tokens are 401. Every refusal's wording is in graphql-errors.ts.
 */
import {
  GraphQLError,
  Kind,
  assertValidSchema,
  buildSchema,
  execute,
  extendSchema,
  parse,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLScalarType,
} from 'graphql';
import type { EmulatorContext } from './context.js';
import { redirectUrls, findCart } from './carts.js';
import type { StoredCart } from './context.js';
import {
  customerAccessTokenOwner,
  issueCustomerAccessToken,
  revokeCustomerAccessToken,
  sessionSyncJwt,
} from './customer-access-tokens.js';
import {
  ACCOUNT_LOCKED,
  CART_NOT_FOUND,
  CUSTOMER_ACCESS_TOKEN_BROWSER,
  INVALID_CREDENTIALS,
  INVALID_LOGIN_JWT,
  REDIRECT_NOT_ON_STOREFRONT,
  REFUSED,
  currencyNotEnabled,
  insufficientScope,
  notWithImpersonation,
  requestError,
  validateDocument,
} from './graphql-errors.js';
import { fromBrowser, isObject, readText, storefrontOrigin, storefrontPath } from './http.js';
import { clientIp, verifyCustomerLoginJwt } from './login-token.js';
import { checkCredentials } from './sign-in-attempts.js';
import type { ItemPricing, OptionRef, PriceObject } from './pricing.js';
import { STOREFRONT_OVERLAY_SDL } from './storefront-overlay.js';
import { STOREFRONT_SDL } from './storefront-schema.js';
import { storefrontTokenServesServers, type AccessScope, type StorefrontApiToken } from './storefront-tokens.js';
import type { SeedCustomer, SeedProduct } from './types.js';

export { ACCOUNT_LOCKED, INVALID_CREDENTIALS };

export { LOCKOUT_MS, LOGIN_ATTEMPTS } from './sign-in-attempts.js';

/** The storefront token a Stencil theme exposes as `{{settings.storefront_api.token}}` for this emulator's store. */
export function storefrontToken(storeHash: string): string {
  return `emulatorstorefronttoken.${storeHash}`;
}

interface RequestContext {
  readonly ctx: EmulatorContext;
  readonly request: Request;
  readonly impersonating: boolean;
  /** Whether the request comes from a browser (then no customer access token is ever answered). */
  readonly browser: boolean;
  /** A private token's scopes; undefined for other tokens (only private tokens have scopes). */
  readonly scopes: readonly AccessScope[] | undefined;
  /** The valid customer access token the request came with. */
  customerAccessToken: string | undefined;
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
    {
      product_id: view.product.id,
      ...(view.variantId === undefined ? {} : { variant_id: view.variantId }),
      options: view.options,
    },
    { customerGroupId: group, currency },
  );
  if (!priced) return null;
  const tax = args.includeTax === true;
  const m = (p: PriceObject | undefined) => money(p, currency, tax);
  const range = (r: { minimum: PriceObject; maximum: PriceObject } | undefined) =>
    r ? { min: m(r.minimum), max: m(r.maximum) } : null;
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
  if (id === undefined && typeof args.sku === 'string')
    id = rc.ctx.catalog.seed.products.find((p) => p.sku === args.sku)?.id;
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
    login: (_, args, rc) =>
      login(rc, args.email as string, args.password as string, args.guestCartEntityId as string | null | undefined),
    loginWithCustomerLoginJwt: (_, args, rc) =>
      loginWithCustomerLoginJwt(rc, args.jwt as string, args.guestCartEntityId as string | null | undefined),
    logout: (_, __, rc) => {
      if (rc.impersonating) throw new Error(notWithImpersonation('logout'));
      // With a customer access token the token dies for every holder (graphql-storefront.mdx); a browser's session ends.
      if (rc.customerAccessToken) revokeCustomerAccessToken(rc.ctx, rc.customerAccessToken);
      else rc.setCookie = rc.ctx.sessions.end(rc.request);
      rc.customerAccessToken = undefined;
      rc.customer = undefined;
      return { result: 'success' };
    },
    cart: () => ({}),
    generateSessionSyncJwt: (_, args, rc) => generateSessionSyncJwt(rc, args),
  },
  CartMutations: {
    createCartRedirectUrls: (_, args, rc) =>
      createCartRedirectUrls(rc, args.input as Record<string, unknown> | null | undefined),
  },
};

/**
 * The scope a private token needs for each field that has one (graphql-storefront.mdx, "Private token access scopes":
 * catalog and cart are `Unauthenticated`; customer identity, login, logout and session sync are `Customer`). Nested
 * fields inherit
 * their parent's check.
 */
const FIELD_SCOPES: Record<string, AccessScope> = {
  'Query.site': 'Unauthenticated',
  'Query.customer': 'Customer',
  'Mutation.cart': 'Unauthenticated',
  'Mutation.login': 'Customer',
  'Mutation.loginWithCustomerLoginJwt': 'Customer',
  'Mutation.logout': 'Customer',
  'Mutation.generateSessionSyncJwt': 'Customer',
};

/** The subset of BigCommerce's Storefront schema the emulator answers, with the overlay, executable. */
export const STOREFRONT_SCHEMA = extendSchema(buildSchema(STOREFRONT_SDL), parse(STOREFRONT_OVERLAY_SDL));
for (const [typeName, fields] of Object.entries(RESOLVERS)) {
  const type = STOREFRONT_SCHEMA.getType(typeName) as GraphQLObjectType;
  for (const [fieldName, resolve] of Object.entries(fields)) {
    const scope = FIELD_SCOPES[`${typeName}.${fieldName}`];
    const field = type.getFields()[fieldName];
    if (!field) throw new Error(`the storefront schema has no field ${typeName}.${fieldName} to resolve`);
    field.resolve = (
      scope
        ? (source: never, args: Record<string, unknown>, rc: RequestContext, info: never) => {
            if (rc.scopes && !rc.scopes.includes(scope)) throw insufficientScope([scope]);
            return resolve(source, args, rc, info);
          }
        : resolve
    ) as GraphQLFieldResolver<unknown, unknown>;
  }
}

/** The overlay's text scalars, checked as inputs: a value of another shape is a validation or variable error. */
const TEXT_SCALARS: Record<string, (text: string) => boolean> = {
  UUID: (text) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text),
  IpAddress: (text) => isIpAddress(text),
};
for (const [name, valid] of Object.entries(TEXT_SCALARS)) {
  const scalar = STOREFRONT_SCHEMA.getType(name) as GraphQLScalarType;
  const check = (value: unknown) => {
    if (typeof value === 'string' && valid(value)) return value;
    throw new TypeError(`Not a valid ${name}`);
  };
  scalar.parseValue = check;
  scalar.parseLiteral = (node) => check(node.kind === Kind.STRING ? node.value : undefined);
  scalar.serialize = check;
}
assertValidSchema(STOREFRONT_SCHEMA);

/** An IPv4 address in dotted decimal, or an IPv6 address (as the URL parser reads a bracketed host). */
function isIpAddress(text: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) return v4.slice(1).every((octet) => Number(octet) <= 255 && !/^0\d/.test(octet));
  if (!text.includes(':') || /[^0-9a-f:.]/i.test(text)) return false;
  try {
    return new URL(`http://[${text}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

async function login(
  rc: RequestContext,
  email: string,
  password: string,
  guestCartEntityId: string | null | undefined,
) {
  if (rc.impersonating) throw new Error(notWithImpersonation('login'));
  const checked = await checkCredentials(rc.ctx, email, password);
  if (!checked.ok) throw new Error(checked.reason === 'locked' ? ACCOUNT_LOCKED : INVALID_CREDENTIALS);
  const { customer } = checked;
  takeGuestCart(rc.ctx, guestCartEntityId, customer);
  return { result: 'success', ...signedIn(rc, customer) };
}

/**
 * A successful sign-in (graphql-storefront.mdx): from a browser, a session cookie, and asking for the customer access
 * token is an error; server-to-server, the customer access token in the body and no cookie.
 */
function signedIn(rc: RequestContext, customer: SeedCustomer) {
  rc.customer = customer;
  if (rc.browser) {
    rc.setCookie = rc.ctx.sessions.start(rc.request, customer.id).cookie;
    return {
      customer: customerJson(customer),
      customerAccessToken: () => {
        throw new Error(CUSTOMER_ACCESS_TOKEN_BROWSER);
      },
    };
  }
  const token = issueCustomerAccessToken(rc.ctx, customer.id);
  rc.customerAccessToken = token.value;
  return { customer: customerJson(customer), customerAccessToken: token };
}

async function loginWithCustomerLoginJwt(
  rc: RequestContext,
  jwt: string,
  guestCartEntityId: string | null | undefined,
) {
  if (rc.impersonating) throw new Error(notWithImpersonation('loginWithCustomerLoginJwt'));
  const verified = await verifyCustomerLoginJwt(rc.ctx, jwt, clientIp(rc.request));
  if (!verified) throw new Error(INVALID_LOGIN_JWT);
  takeGuestCart(rc.ctx, guestCartEntityId, verified.customer);
  return signedIn(rc, verified.customer);
}

/** The cart `id` names, if it is a guest cart or already `customer`'s (undefined for another customer's, or none). */
function shopperCart(ctx: EmulatorContext, id: string, customer: SeedCustomer | undefined): StoredCart | undefined {
  const cart = findCart(ctx, id);
  return cart && (cart.customerId === 0 || cart.customerId === customer?.id) ? cart : undefined;
}

/**
 * The `guestCartEntityId` of `login` and `loginWithCustomerLoginJwt`: the guest cart becomes the customer's
 * (BigCommerce reprices it for their group). Another customer's cart, or none, is "Cart not found".
 */
function takeGuestCart(ctx: EmulatorContext, id: string | null | undefined, customer: SeedCustomer): void {
  if (id === null || id === undefined) return;
  const cart = shopperCart(ctx, id, customer);
  if (!cart) throw new Error(CART_NOT_FOUND);
  if (cart.customerId === customer.id) return;
  cart.customerId = customer.id;
  cart.updated = ctx.clock.now();
  cart.version += 1;
}

/**
 * `generateSessionSyncJwt` (headless-customers.mdx, "Create a session sync JWT token"): for the customer of the
 * request's customer access token, else an anonymous shopper. A redirectTo off the storefront, or a cart that is
 * neither a guest cart nor the customer's, is answered in `errors` with a null `result`.
 */
async function generateSessionSyncJwt(rc: RequestContext, args: Record<string, unknown>) {
  const origin = storefrontOrigin(rc.request, rc.ctx.storefrontUrl);
  const customer = rc.customerAccessToken ? rc.customer : undefined;
  const redirectTo = storefrontPath(args.redirectTo, origin);
  const cartId = (args.cartId as string | null | undefined) ?? null;
  const messages: string[] = [];
  if (!redirectTo) messages.push(REDIRECT_NOT_ON_STOREFRONT);
  if (cartId !== null && !shopperCart(rc.ctx, cartId, customer)) messages.push(CART_NOT_FOUND);
  if (!redirectTo || messages.length > 0) {
    return {
      result: null,
      errors: messages.map((message) => ({ __typename: 'GenerateSessionSyncJwtError', message })),
    };
  }
  const result = await sessionSyncJwt(rc.ctx, origin, {
    customerId: customer?.id ?? null,
    customerAccessToken: customer ? rc.customerAccessToken : undefined,
    cartId,
    redirectTo,
    visitorId: args.visitorId as string | null | undefined,
    visitId: args.visitId as string | null | undefined,
    paymentWalletData: args.paymentWalletData,
    requestIp: (args.ipAddress as string | null | undefined) ?? clientIp(rc.request),
  });
  return { result, errors: [] };
}

async function createCartRedirectUrls(rc: RequestContext, input: Record<string, unknown> | null | undefined) {
  const id = input?.cartEntityId;
  const cart = typeof id === 'string' ? findCart(rc.ctx, id) : undefined;
  if (!cart) throw new Error(CART_NOT_FOUND);
  const params = (input?.queryParams as { key: string; value: string }[] | undefined) ?? [];
  const query = Object.fromEntries(params.map((p) => [p.key, p.value]));
  const origin = storefrontOrigin(rc.request, rc.ctx.storefrontUrl);
  const urls = redirectUrls(rc.ctx, cart, origin, query);
  // Without a customer access token: the plain single-use URLs, whoever owns the cart. No spec file limits them by
  // owner (schema.graphql: "Create single-use redirect URLs for a cart"; carts.v3.yml's redirect URLs), and session
  // sync is documented for a request with a customer access token only; the URLs sign nobody in (checkout.ts).
  if (!rc.customerAccessToken || !rc.customer) {
    return {
      redirectUrls: { redirectedCheckoutUrl: urls.checkout_url, embeddedCheckoutUrl: urls.embedded_checkout_url },
    };
  }
  // With a customer access token: session-sync links that carry the customer and the cart into the hosted checkout
  // (headless-customers.mdx, "Customer single sign-on").
  const customerId = rc.customer.id;
  const sync = async (url: string) => {
    const { pathname, search } = new URL(url);
    const customerAccessToken = rc.customerAccessToken;
    return (
      await sessionSyncJwt(rc.ctx, origin, {
        customerId,
        cartId: cart.id,
        redirectTo: pathname + search,
        customerAccessToken,
      })
    ).url;
  };
  return {
    redirectUrls: {
      redirectedCheckoutUrl: await sync(urls.checkout_url),
      embeddedCheckoutUrl: await sync(urls.embedded_checkout_url),
    },
  };
}

function answer(
  body: ExecutionResult | { errors: readonly { message: string }[] },
  status = 200,
  cookie?: string,
): Response {
  const response = new Response(JSON.stringify(body), { status });
  response.headers.set('content-type', 'application/json');
  response.headers.set('cache-control', 'no-store');
  if (cookie) response.headers.set('set-cookie', cookie);
  return response;
}

const refuse = (status: number, message: string) => answer({ errors: [{ message }] }, status);
const refused = ([status, message]: readonly [number, string]) => refuse(status, message);

/** The rotating storefront token of the store's own theme: same origin only, and always "created" just now. */
function themeToken(ctx: EmulatorContext): StorefrontApiToken {
  return {
    kind: 'storefront',
    channelIds: [ctx.catalog.seed.store.channel_id],
    expiresAt: Infinity,
    createdAt: ctx.clock.now(),
    corsOrigins: [],
  };
}

/** The storefront tokens' CORS: an Origin other than the storefront's own must be one of the token's allowed origins. */
function corsOrigin(
  ctx: EmulatorContext,
  request: Request,
  allowed: readonly string[],
): { ok: boolean; allowOrigin?: string } {
  const origin = request.headers.get('origin');
  if (origin === null || origin === storefrontOrigin(request, ctx.storefrontUrl)) return { ok: true };
  return allowed.includes(origin) ? { ok: true, allowOrigin: origin } : { ok: false };
}

function withCors(response: Response, origin: string | undefined): Response {
  if (origin === undefined) return response;
  response.headers.set('access-control-allow-origin', origin);
  response.headers.set('access-control-allow-credentials', 'true');
  response.headers.append('vary', 'Origin');
  return response;
}

/** A CORS preflight: allowed for an origin some live storefront token lists (the token itself is not sent). */
function preflight(ctx: EmulatorContext, request: Request): Response {
  const origin = request.headers.get('origin') ?? '';
  const now = ctx.clock.now() / 1000;
  const listed = [...ctx.state.apiTokens.values()].some(
    (t) => t.kind === 'storefront' && t.expiresAt > now && t.corsOrigins?.includes(origin),
  );
  const response = new Response(null, { status: 204 });
  if (!listed) return response;
  response.headers.set('access-control-allow-methods', 'POST');
  response.headers.set(
    'access-control-allow-headers',
    'authorization, content-type, accept, x-bc-customer-access-token',
  );
  response.headers.set('access-control-max-age', '600');
  return withCors(response, origin);
}

/** Who a request speaks for and with which token, or the refusal. */
function authenticate(ctx: EmulatorContext, request: Request): RequestContext | readonly [number, string] {
  const auth = /^Bearer +(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!auth) return REFUSED.missingToken;
  const nowSeconds = Math.floor(ctx.clock.now() / 1000);
  const token =
    auth === storefrontToken(ctx.catalog.seed.store.store_hash) ? themeToken(ctx) : ctx.state.apiTokens.get(auth);
  if (!token) return REFUSED.invalidToken;
  if (token.expiresAt <= nowSeconds) return REFUSED.expiredToken;
  const browser = fromBrowser(request);
  const base = { ctx, request, browser, scopes: token.scopes, customerAccessToken: undefined };
  if (token.kind === 'impersonation') {
    if (browser) return REFUSED.impersonationFromBrowser;
    const header = request.headers.get('x-bc-customer-id');
    let customer: SeedCustomer | undefined;
    if (header !== null) {
      customer = /^[1-9][0-9]{0,15}$/.test(header.trim()) ? ctx.catalog.customer(Number(header.trim())) : undefined;
      if (!customer) return REFUSED.unknownCustomerId;
    }
    return { ...base, impersonating: true, customer };
  }
  if (token.kind === 'private' && browser) return REFUSED.privateFromBrowser;
  if (token.kind === 'storefront') {
    if (!browser && !storefrontTokenServesServers(token.createdAt, ctx.clock.now()))
      return REFUSED.storefrontServerToServer;
    if (browser && !corsOrigin(ctx, request, token.corsOrigins ?? []).ok) return REFUSED.originNotAllowed;
  }
  const cat = request.headers.get('x-bc-customer-access-token');
  if (cat !== null) {
    const owner = customerAccessTokenOwner(ctx, cat.trim());
    if (owner !== undefined)
      return { ...base, impersonating: false, customerAccessToken: cat.trim(), customer: ctx.catalog.customer(owner) };
    if (/^true$/i.test(request.headers.get('x-bc-error-on-invalid-customer-access-token') ?? ''))
      return REFUSED.invalidCustomerAccessToken;
  }
  // Private tokens are stateless: no session cookie; storefront tokens speak for the session's customer.
  return { ...base, impersonating: false, customer: token.kind === 'private' ? undefined : ctx.customerOf(request) };
}

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
  if (request.method === 'OPTIONS') return preflight(ctx, request);
  if (request.method !== 'POST') {
    const response = refuse(405, 'Use POST with a JSON body {query, variables, operationName}');
    response.headers.set('allow', 'POST');
    return response;
  }
  const authenticated = authenticate(ctx, request);
  if (!('ctx' in authenticated)) return refused(authenticated);
  // Past authentication, a foreign Origin is one the storefront token allows.
  const cors = corsOrigin(ctx, request, []).ok ? undefined : (request.headers.get('origin') ?? undefined);
  return withCors(await run(request, authenticated), cors);
}

async function run(request: Request, rc: RequestContext): Promise<Response> {
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
