/**
 * A local BigCommerce store on Web APIs alone (Request → Response, crypto.subtle, jose): the storefront pages and
 * current-customer token, the Management API routes this project uses, a /graphql subset and /__emulator admin
 * routes. docs/emulator.md describes every route, the seed format and fault injection.
 */
import { admin } from './admin.js';
import { createCart, createRedirectUrls, getCart } from './carts.js';
import { cartPage, checkoutPage } from './checkout.js';
import { createClock } from './clock.js';
import {
  createPages,
  deletePage,
  deletePages,
  getPage,
  listPages,
  rawPageAt,
  serveRawPage,
  updatePage,
  updatePages,
} from './content-pages.js';
import type { EmulatorContext } from './context.js';
import { createState } from './context.js';
import { currentCustomer } from './current-customer.js';
import { sessionSync } from './customer-access-tokens.js';
import { applyFault, createFaultTable } from './faults.js';
import { LOCKOUT_MS, LOGIN_ATTEMPTS } from './sign-in-attempts.js';
import { graphql, storefrontToken } from './graphql.js';
import { html } from './http.js';
import { loginToken } from './login-token.js';
import { management, timeRoute, type ApiRoute, type ApiServices } from './management.js';
import { page } from './pages.js';
import { pricing } from './pricing-api.js';
import { createPriceEngine } from './pricing.js';
import { createRateLimiter } from './rate-limit.js';
import { createCatalog, defaultSeed } from './seed.js';
import { createSessions } from './sessions.js';
import { account, login } from './storefront.js';
import { createImpersonationToken, createPrivateToken, createStorefrontToken } from './storefront-tokens.js';
import {
  applyStorefrontSecurity,
  effectiveSecurity,
  getStorefrontSecurity,
  putStorefrontSecurity,
} from './storefront-security.js';
import { ROUTE_NAMES, type Emulator, type EmulatorOptions, type RouteName } from './types.js';

export type * from './types.js';
export { ROUTE_NAMES } from './types.js';
export { defaultSeed } from './seed.js';

/** Scopes that allow changing carts (BigCommerce's "Carts: modify"). */
const CART_SCOPES = ['store_cart'];
/** "Content: modify" (pages.v3.yml). */
const CONTENT_SCOPES = ['store_v2_content'];
/** "Information & Settings: modify" (settings.v3.yml). */
const SETTINGS_SCOPES = ['store_v2_information'];
const PAGES = /^\/v3\/content\/pages$/;
const PAGE = /^\/v3\/content\/pages\/([^/]+)$/;
const SECURITY = /^\/v3\/settings\/storefront\/security$/;

const API_ROUTES: readonly ApiRoute[] = [
  timeRoute,
  {
    name: 'pricing',
    method: 'POST',
    path: /^\/v3\/pricing\/products$/,
    scopes: ['store_v2_products_read_only', 'store_v2_products'],
    handle: pricing,
  },
  { name: 'carts', method: 'POST', path: /^\/v3\/carts$/, scopes: CART_SCOPES, handle: createCart },
  {
    name: 'carts',
    method: 'GET',
    path: /^\/v3\/carts\/([^/]+)$/,
    scopes: [...CART_SCOPES, 'store_cart_read_only'],
    handle: getCart,
  },
  {
    name: 'redirect_urls',
    method: 'POST',
    path: /^\/v3\/carts\/([^/]+)\/redirect_urls$/,
    scopes: CART_SCOPES,
    handle: createRedirectUrls,
  },
  {
    name: 'impersonation',
    method: 'POST',
    path: /^\/v3\/storefront\/api-token-customer-impersonation$/,
    scopes: ['store_storefront_api_customer_impersonation'],
    handle: createImpersonationToken,
  },
  {
    name: 'storefront_token',
    method: 'POST',
    path: /^\/v3\/storefront\/api-token$/,
    scopes: ['store_storefront_api'],
    handle: createStorefrontToken,
  },
  {
    name: 'private_token',
    method: 'POST',
    path: /^\/v3\/storefront\/api-token-private$/,
    scopes: ['store_storefront_api'],
    handle: createPrivateToken,
  },
  {
    name: 'pages',
    method: 'GET',
    path: PAGES,
    scopes: [...CONTENT_SCOPES, 'store_v2_content_read_only'],
    handle: listPages,
  },
  { name: 'pages', method: 'POST', path: PAGES, scopes: CONTENT_SCOPES, handle: createPages },
  { name: 'pages', method: 'PUT', path: PAGES, scopes: CONTENT_SCOPES, handle: updatePages },
  { name: 'pages', method: 'DELETE', path: PAGES, scopes: CONTENT_SCOPES, handle: deletePages },
  {
    name: 'pages',
    method: 'GET',
    path: PAGE,
    scopes: [...CONTENT_SCOPES, 'store_v2_content_read_only'],
    handle: getPage,
  },
  { name: 'pages', method: 'PUT', path: PAGE, scopes: CONTENT_SCOPES, handle: updatePage },
  { name: 'pages', method: 'DELETE', path: PAGE, scopes: CONTENT_SCOPES, handle: deletePage },
  {
    name: 'settings',
    method: 'GET',
    path: SECURITY,
    scopes: [...SETTINGS_SCOPES, 'store_v2_information_read_only'],
    handle: getStorefrontSecurity,
  },
  { name: 'settings', method: 'PUT', path: SECURITY, scopes: SETTINGS_SCOPES, handle: putStorefrontSecurity },
];

/** Storefront paths the emulator answers (besides `/stores/…` and `/__emulator/…`). */
const STOREFRONT_PATHS = [
  '/login.php',
  '/account.php',
  '/customer/current.jwt',
  '/cart.php',
  '/checkout',
  '/graphql',
  '/session-sync',
];

/** Whether a URL is one the emulator answers: lets a server mount it beside other routes at one origin. */
export function isEmulatorPath(url: URL): boolean {
  const path = url.pathname;
  return (
    STOREFRONT_PATHS.includes(path) ||
    path.startsWith('/login/token/') ||
    path.startsWith('/stores/') ||
    path.startsWith('/__emulator/')
  );
}

export function createEmulator(options: EmulatorOptions = {}): Emulator {
  if (options.now !== undefined && typeof options.now !== 'function') throw new TypeError('now must be a function');
  if (options.tokenAlgorithm !== undefined && !['HS512', 'HS256'].includes(options.tokenAlgorithm))
    throw new TypeError('tokenAlgorithm must be HS512 or HS256');
  if (options.storefrontUrl !== undefined && !/^https?:\/\/[^/]+$/.test(options.storefrontUrl))
    throw new TypeError('storefrontUrl must be an origin such as https://shop.example.com');
  const lockout = options.loginLockout;
  if (
    lockout !== undefined &&
    lockout !== false &&
    (typeof lockout !== 'object' ||
      lockout === null ||
      !Number.isSafeInteger(lockout.attempts) ||
      lockout.attempts < 1 ||
      !Number.isSafeInteger(lockout.lockoutMs) ||
      lockout.lockoutMs < 1)
  )
    throw new TypeError('loginLockout must be {attempts, lockoutMs} (positive integers) or false');
  const seed = options.seed ?? defaultSeed();
  const catalog = createCatalog(seed);
  const clock = createClock(options.now);
  const sessions = createSessions();
  const state = createState();
  const rateLimit = createRateLimiter(options.rateLimit ?? { quota: 150, windowMs: 30_000 }, clock.now);
  const counts = new Map<string, number>();
  let release: () => void = () => {};
  let released = new Promise<void>((resolve) => (release = resolve));
  const faults = createFaultTable(ROUTE_NAMES, () => {
    release();
    released = new Promise<void>((resolve) => (release = resolve));
  });

  const ctx: EmulatorContext = {
    catalog,
    prices: createPriceEngine(catalog),
    sessions,
    clock,
    state,
    tokenAlgorithm: options.tokenAlgorithm ?? 'HS512',
    secret: new TextEncoder().encode(seed.app.client_secret),
    storefrontUrl: options.storefrontUrl,
    loginLockout: lockout === false ? false : { ...(lockout ?? { attempts: LOGIN_ATTEMPTS, lockoutMs: LOCKOUT_MS }) },
    customerOf(request) {
      const id = sessions.get(request)?.customerId;
      return id == null ? undefined : catalog.customer(id);
    },
  };
  const count = (route: RouteName) => counts.set(route, (counts.get(route) ?? 0) + 1);
  const api: ApiServices = { routes: API_ROUTES, rateLimit, faults, released: () => released, count };

  /** A storefront route with fault injection and call counting. */
  async function counted(route: RouteName, request: Request, run: () => Promise<Response>): Promise<Response> {
    count(route);
    const fault = faults.take(route);
    return fault ? applyFault(fault, request, run, () => ({}), released) : run();
  }

  async function route(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const managed = await management(ctx, api, request);
    if (managed) return managed;
    if (url.pathname.startsWith('/__emulator/')) return admin(ctx, emulator, faults.list, request);
    const response = await storefront(request, url.pathname);
    // The storefront security settings govern every storefront page (and only pages: framing is about documents).
    return /^text\/html\b/i.test(response.headers.get('content-type') ?? '')
      ? applyStorefrontSecurity(effectiveSecurity(ctx), response)
      : response;
  }

  async function storefront(request: Request, path: string): Promise<Response> {
    switch (path) {
      case '/login.php':
        return login(ctx, request);
      case '/account.php':
        return account(ctx, request);
      case '/customer/current.jwt':
        return counted('current_jwt', request, () => currentCustomer(ctx, request));
      case '/cart.php':
        return cartPage(ctx, request);
      case '/checkout':
        return checkoutPage(ctx, request);
      case '/graphql':
        return counted('graphql', request, () => graphql(ctx, request));
      case '/session-sync':
        return sessionSync(ctx, request);
    }
    if (path.startsWith('/login/token/')) return loginToken(ctx, request);
    const raw = rawPageAt(ctx, path);
    if (raw) return serveRawPage(ctx, request, raw);
    return html(page(seed.store.name, 'Page not found', '<p>The emulator has no page here.</p>'), 404);
  }

  const emulator: Emulator = {
    handle: route,
    owns: (url) => isEmulatorPath(url) || rawPageAt(ctx, url.pathname) !== undefined,
    app: Object.freeze({
      clientId: seed.app.client_id,
      clientSecret: seed.app.client_secret,
      storeHash: seed.store.store_hash,
      accessToken: seed.app.access_token,
      channelId: seed.store.channel_id,
      storefrontToken: storefrontToken(seed.store.store_hash),
    }),
    seed,
    faults: { set: faults.set, clear: faults.clear },
    clock: { now: clock.now, set: clock.set, advance: clock.advance },
    calls: {
      count: (route) =>
        route === undefined ? [...counts.values()].reduce((a, b) => a + b, 0) : (counts.get(route) ?? 0),
      reset: () => counts.clear(),
    },
    reset() {
      const fresh = createState();
      sessions.reset();
      state.carts.clear();
      state.redirectTokens.clear();
      state.usedJtis.clear();
      state.apiTokens.clear();
      state.customerAccessTokens.clear();
      state.sessionSyncs.clear();
      state.loginFailures.clear();
      Object.assign(state, { pages: fresh.pages, security: fresh.security, sessionSyncKey: fresh.sessionSyncKey });
      faults.clear();
      counts.clear();
      rateLimit.reset();
    },
  };
  return emulator;
}
