/**
 * The backend's options: what `createHandler` accepts, checked eagerly (a bad option is a `TypeError` at start-up,
 * never a surprise on the first request), and the resolved form the rest of src/server works with.
 */
import { MIN_SECRET_BYTES } from './keys.js';
import type { Logger } from './log.js';
import { createSessionCookieCodec, sessionSecretsRule, type SessionCookieCodec } from './session-cookie.js';
import type { SharedCache } from './shared-price-cache.js';
import type { SharedState } from './shared-state.js';
import { SIGN_IN_LIMITS } from './sign-in.js';

/** Options of `createHandler`. Only the first five are required. */
export interface HandlerOptions {
  /** The store's hash (`abc123` in `stores/abc123`). */
  storeHash: string;
  /** Client id of the BigCommerce app (the `aud` of current-customer tokens, the `iss` of customer-login tokens). */
  clientId: string;
  /** Client secret of that app: signs both kinds of token. At least 32 bytes. */
  clientSecret: string;
  /** Management API access token (`X-Auth-Token`), scopes: products read-only, carts modify. */
  accessToken: string;
  /** Origin of the storefront (`https://shop.example.com`); login and checkout URLs are built on it and nothing else. */
  storefrontUrl: string;
  /** Channel to price and check out in; default 1. */
  channelId?: number;
  /** Further channels a `/prices` request may name; the configured channel is always allowed. */
  extraChannelIds?: readonly number[];
  /** Origins allowed to call the backend from a browser (CORS), compared exactly. Same-origin calls always pass. */
  allowedOrigins?: readonly string[];
  /** Management API base; default `https://api.bigcommerce.com` (the emulator's origin in demos and tests). */
  apiBaseUrl?: string;
  /** Path prefix of the routes, e.g. `/bc` for `/bc/session`; default ''. */
  basePath?: string;
  /** `fetch` used for BigCommerce; default the global one. */
  fetch?: typeof fetch;
  /** Clock in milliseconds; default `Date.now`. */
  now?: () => number;
  /** Deadline of each BigCommerce call, retries and rate-limit waits included, in ms; default 8000. */
  timeoutMs?: number;
  /** Where log events go; default one JSON line per event on stderr (`console.error`). */
  logger?: Logger;
  /** Lifetime of cached prices in ms; default 60000. 0 turns the cache off (single-flight still applies). */
  priceCacheTtlMs?: number;
  /** Most cached prices kept; default 10000 (oldest dropped first). */
  priceCacheMaxEntries?: number;
  /**
   * A price cache shared by several instances (Redis, Workers KV…), consulted after the in-memory one, with the same
   * TTL (`priceCacheTtlMs`); none by default. See docs/deploying.md.
   */
  sharedCache?: SharedCache;
  /**
   * State shared by several instances (`createRedisState` from `bc-customer-elements/server/redis`): the price cache
   * (unless `sharedCache` names another), single flight, the per-client limits and the store's quota hold. Each
   * instance falls back to its own state while it fails. See docs/deploying.md.
   */
  sharedState?: SharedState;
  /** Oldest current-customer token accepted, by `iat`, in seconds; default 900 (BigCommerce's token lifetime). */
  maxTokenAgeSeconds?: number;
  /** Clock skew tolerated on `exp`, `iat` and `nbf`, in seconds; default 15. */
  clockToleranceSeconds?: number;
  /**
   * Request limits (token buckets), or `false` for none: `requests` per `windowMs` per client address (default 300
   * per 60000 ms), and `sharedRequests` per `windowMs` for all requests whose address is unknown together (default
   * 20 × `requests`: a ceiling far above any one shopper, since such clients cannot be told apart).
   */
  rateLimit?: { requests: number; windowMs: number; sharedRequests?: number } | false;
  /**
   * The client's address, for the per-client limits and `request_ip`. Web APIs do not expose it, so the runtime
   * supplies it (the Node `serve()` does: the socket's address; behind proxies use `forwardedClientIp`). Without it
   * (or when it returns `undefined`) a request counts only against the shared limit, and the handler logs
   * `client_ip_missing` once at start.
   */
  clientIp?: (request: Request) => string | undefined;
  /**
   * Upstream calls each client address may cause (price asks that miss every cache; token bucket), or `false` for no
   * budget; default 30 calls per 60000 ms. Over it: 429 with `Retry-After`, nothing sent; cached prices still served.
   */
  upstreamBudget?: { calls: number; windowMs: number } | false;
  /**
   * Share of the store's API quota per window kept for checkout: `/prices` stops calling BigCommerce (waits for the
   * next window, or 503) once `X-Rate-Limit-Requests-Left` is down to this share of `X-Rate-Limit-Requests-Quota`.
   * From 0 (no reserve) to 0.9; default 0.2 (30 of a Standard store's 150 requests per 30 s).
   */
  quotaReserve?: number;
  /**
   * Where `/prices` come from: `'rest'` (default: the Pricing API, by customer group) or `'graphql'` (the storefront's
   * GraphQL Storefront API as the verified customer; see `graphqlAuth`). See docs/graphql.md.
   */
  pricing?: 'rest' | 'graphql';
  /** Where checkout redirect URLs come from: `'rest'` (default: the Carts API) or `'graphql'` (`createCartRedirectUrls`). */
  checkout?: 'rest' | 'graphql';
  /**
   * How GraphQL calls speak for the verified customer: `'customer-access-token'` (default, BigCommerce's recommended
   * way: a private token, and per customer a customer access token from `loginWithCustomerLoginJwt`) or
   * `'impersonation'` (the older way: a customer impersonation token and `X-Bc-Customer-Id`).
   */
  graphqlAuth?: 'customer-access-token' | 'impersonation';
  /**
   * A GraphQL Storefront private token (`POST /v3/storefront/api-token-private`, scopes `Unauthenticated` and
   * `Customer`) for `graphqlAuth: 'customer-access-token'`. Without it the backend creates one on first use with
   * `accessToken` (which then needs the Storefront API Tokens scope).
   */
  privateToken?: string;
  /**
   * Secrets of the backend's own session cookie (`POST /sign-in`, see docs/security.md), each at least 32 bytes
   * (`openssl rand -base64 32`): the first seals new sessions, every one opens them, so a new secret goes first and
   * the old one stays until the sessions it sealed have expired. Without it the sign-in routes are not served.
   * Keep them apart from `clientSecret`.
   */
  sessionSecrets?: readonly string[];
  /** Longest a signed-in session lasts, in seconds (also capped by the customer access token's expiry); default 604800 (7 days). */
  sessionMaxAgeSeconds?: number;
  /**
   * `POST /sign-in` attempts allowed per `windowMs` (token buckets, counted across instances with `sharedState`):
   * `perAddress` from one client address (default 10) and `perEmail` for one email, whatever address they come from
   * (default 5); `windowMs` default 900000 (15 minutes). Over either: 429 `ERR_BC_RATE_LIMITED` with `Retry-After`,
   * BigCommerce not asked. Apart from (and on top of) `rateLimit`. See docs/security.md.
   */
  signInLimits?: { perAddress?: number; perEmail?: number; windowMs?: number };
}

export interface ResolvedOptions {
  readonly storeHash: string;
  readonly clientId: string;
  readonly secret: Uint8Array;
  readonly accessToken: string;
  readonly storefrontOrigin: string;
  readonly channelId: number;
  readonly channelIds: ReadonlySet<number>;
  readonly allowedOrigins: ReadonlySet<string>;
  readonly apiBaseUrl: string;
  readonly basePath: string;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly timeoutMs: number;
  readonly priceCacheTtlMs: number;
  readonly priceCacheMaxEntries: number;
  readonly sharedCache: SharedCache | undefined;
  readonly sharedState: SharedState | undefined;
  readonly maxTokenAgeSeconds: number;
  readonly clockToleranceSeconds: number;
  readonly rateLimit: { readonly requests: number; readonly windowMs: number; readonly sharedRequests: number } | false;
  readonly clientIp: ((request: Request) => string | undefined) | undefined;
  readonly upstreamBudget: { readonly calls: number; readonly windowMs: number } | false;
  readonly quotaReserve: number;
  readonly pricing: 'rest' | 'graphql';
  readonly checkout: 'rest' | 'graphql';
  readonly graphqlAuth: 'customer-access-token' | 'impersonation';
  readonly privateToken: string | undefined;
  /** The session cookie's codec, when `sessionSecrets` are configured. */
  readonly sessionCookie: SessionCookieCodec | undefined;
  readonly sessionMaxAgeSeconds: number;
  readonly signInLimits: { readonly perAddress: number; readonly perEmail: number; readonly windowMs: number };
}

export { MIN_SECRET_BYTES };

/**
 * A bad option: a `TypeError` that also names the option (`option`) and what is wrong with it (`rule`), so a caller
 * that knows the option by another name (the CLI's environment variables, see `serveOptionsFromEnv`) can say so.
 */
export class OptionError extends TypeError {
  readonly option: string;
  readonly rule: string;
  constructor(option: string, rule: string) {
    super(`createHandler: option "${option}" ${rule}`);
    this.option = option;
    this.rule = rule;
  }
}

function fail(name: string, rule: string): never {
  throw new OptionError(name, rule);
}

function requiredString(options: HandlerOptions, name: keyof HandlerOptions): string {
  const value = options[name];
  if (typeof value !== 'string' || value.trim() === '') fail(name, 'is required (a non-empty string)');
  return value;
}

function positiveInteger(value: unknown, name: string, fallback: number, { zero = false } = {}): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < (zero ? 0 : 1)) {
    fail(name, zero ? 'must be a non-negative integer' : 'must be a positive integer');
  }
  return value;
}

/**
 * An http(s) origin without path, query, fragment or credentials; returned in `URL.origin` form. `entry`: the value
 * is the list's entry at that index, and the message quotes it (or, when it may hold credentials, gives its
 * position) so the user can tell which one is wrong.
 */
function origin(value: unknown, name: string, entry?: number): string {
  const shown = typeof value === 'string' && !value.includes('@') ? JSON.stringify(value) : `${(entry ?? 0) + 1}`;
  const which = entry === undefined ? '' : `entry ${shown} `;
  const refuse: (rule: string) => never = (rule) => fail(name, `${which}${rule}`);
  if (typeof value !== 'string') refuse('must be an http(s) origin such as https://shop.example.com');
  // A pattern would parse (`*` is a valid host character) and then never equal any browser's Origin.
  if (value.includes('*'))
    refuse(
      'is a pattern: origins are compared exactly, so list each one (https://a.example.com,https://b.example.com)',
    );
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    refuse('must be an http(s) origin such as https://shop.example.com');
  }
  if (
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.username !== '' ||
    url.password !== '' ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    refuse('must be an http(s) origin such as https://shop.example.com (no path, query or credentials)');
  }
  return url.origin;
}

/** Checks every option and fills in the defaults; throws a `TypeError` naming the first bad one. */
export function resolveOptions(options: HandlerOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('createHandler: options are required');
  const storeHash = requiredString(options, 'storeHash');
  if (!/^[a-z0-9]{1,64}$/i.test(storeHash)) fail('storeHash', 'must be letters and digits only');
  const clientId = requiredString(options, 'clientId');
  if (typeof options.clientSecret !== 'string') fail('clientSecret', 'is required (a string)');
  const secret = new TextEncoder().encode(options.clientSecret);
  if (secret.byteLength < MIN_SECRET_BYTES) fail('clientSecret', `must be at least ${MIN_SECRET_BYTES} bytes`);
  const accessToken = requiredString(options, 'accessToken');
  const storefrontOrigin = origin(options.storefrontUrl, 'storefrontUrl');
  const channelId = positiveInteger(options.channelId, 'channelId', 1);
  const channelIds = new Set([channelId]);
  if (options.extraChannelIds !== undefined) {
    if (!Array.isArray(options.extraChannelIds)) fail('extraChannelIds', 'must be an array of positive integers');
    for (const id of options.extraChannelIds) channelIds.add(positiveInteger(id, 'extraChannelIds', 1));
  }
  if (options.allowedOrigins !== undefined && !Array.isArray(options.allowedOrigins)) {
    fail('allowedOrigins', 'must be an array of origins');
  }
  const allowedOrigins = new Set((options.allowedOrigins ?? []).map((o, i) => origin(o, 'allowedOrigins', i)));
  const apiBaseUrl = origin(options.apiBaseUrl ?? 'https://api.bigcommerce.com', 'apiBaseUrl');
  const basePath = options.basePath ?? '';
  if (typeof basePath !== 'string' || (basePath !== '' && !/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath))) {
    fail('basePath', "must be '' or a path such as /bc (no trailing slash)");
  }
  if (options.fetch !== undefined && typeof options.fetch !== 'function') fail('fetch', 'must be a function');
  if (options.now !== undefined && typeof options.now !== 'function') fail('now', 'must be a function');
  if (options.clientIp !== undefined && typeof options.clientIp !== 'function') fail('clientIp', 'must be a function');
  let rateLimit: ResolvedOptions['rateLimit'] = { requests: 300, windowMs: 60_000, sharedRequests: 6_000 };
  if (options.rateLimit === false) rateLimit = false;
  else if (options.rateLimit !== undefined) {
    if (typeof options.rateLimit !== 'object' || options.rateLimit === null)
      fail('rateLimit', 'must be {requests, windowMs} or false');
    const requests = positiveInteger(options.rateLimit.requests, 'rateLimit.requests', 300);
    rateLimit = {
      requests,
      windowMs: positiveInteger(options.rateLimit.windowMs, 'rateLimit.windowMs', 60_000),
      sharedRequests: positiveInteger(options.rateLimit.sharedRequests, 'rateLimit.sharedRequests', 20 * requests),
    };
  }
  let upstreamBudget: ResolvedOptions['upstreamBudget'] = { calls: 30, windowMs: 60_000 };
  if (options.upstreamBudget === false) upstreamBudget = false;
  else if (options.upstreamBudget !== undefined) {
    if (typeof options.upstreamBudget !== 'object' || options.upstreamBudget === null)
      fail('upstreamBudget', 'must be {calls, windowMs} or false');
    upstreamBudget = {
      calls: positiveInteger(options.upstreamBudget.calls, 'upstreamBudget.calls', 30),
      windowMs: positiveInteger(options.upstreamBudget.windowMs, 'upstreamBudget.windowMs', 60_000),
    };
  }
  const quotaReserve = options.quotaReserve ?? 0.2;
  if (typeof quotaReserve !== 'number' || !(quotaReserve >= 0 && quotaReserve <= 0.9))
    fail('quotaReserve', 'must be a number from 0 to 0.9');
  if (
    options.sharedCache !== undefined &&
    (typeof options.sharedCache?.get !== 'function' || typeof options.sharedCache?.set !== 'function')
  ) {
    fail('sharedCache', 'must have get(key) and set(key, value, ttlMs) methods');
  }
  const state = options.sharedState;
  if (
    state !== undefined &&
    (typeof state !== 'object' ||
      state === null ||
      typeof state.cache?.get !== 'function' ||
      typeof state.cache?.set !== 'function' ||
      (['claim', 'release', 'take', 'heldFor', 'hold'] as const).some((method) => typeof state[method] !== 'function'))
  ) {
    fail('sharedState', 'must be a SharedState (createRedisState() from bc-customer-elements/server/redis)');
  }
  for (const name of ['pricing', 'checkout'] as const) {
    if (options[name] !== undefined && options[name] !== 'rest' && options[name] !== 'graphql')
      fail(name, "must be 'rest' or 'graphql'");
  }
  if (
    options.graphqlAuth !== undefined &&
    options.graphqlAuth !== 'customer-access-token' &&
    options.graphqlAuth !== 'impersonation'
  ) {
    fail('graphqlAuth', "must be 'customer-access-token' or 'impersonation'");
  }
  if (
    options.privateToken !== undefined &&
    (typeof options.privateToken !== 'string' || options.privateToken.trim() === '')
  ) {
    fail('privateToken', 'must be a non-empty string');
  }
  const now = options.now ?? Date.now;
  const sessionMaxAgeSeconds = positiveInteger(options.sessionMaxAgeSeconds, 'sessionMaxAgeSeconds', 604_800);
  let sessionCookie: SessionCookieCodec | undefined;
  if (options.sessionSecrets !== undefined) {
    const rule = sessionSecretsRule(options.sessionSecrets);
    if (rule) fail('sessionSecrets', rule);
    sessionCookie = createSessionCookieCodec({
      secrets: options.sessionSecrets,
      maxAgeSeconds: sessionMaxAgeSeconds,
      now,
    });
  }
  const limits = options.signInLimits;
  if (limits !== undefined && (typeof limits !== 'object' || limits === null || Array.isArray(limits)))
    fail('signInLimits', 'must be {perAddress, perEmail, windowMs}');
  const signInLimits = {
    perAddress: positiveInteger(limits?.perAddress, 'signInLimits.perAddress', SIGN_IN_LIMITS.perAddress),
    perEmail: positiveInteger(limits?.perEmail, 'signInLimits.perEmail', SIGN_IN_LIMITS.perEmail),
    windowMs: positiveInteger(limits?.windowMs, 'signInLimits.windowMs', SIGN_IN_LIMITS.windowMs),
  };
  const globalFetch = globalThis.fetch;
  return {
    storeHash,
    clientId,
    secret,
    accessToken,
    storefrontOrigin,
    channelId,
    channelIds,
    allowedOrigins,
    apiBaseUrl,
    basePath,
    // Called through a wrapper: some runtimes reject a detached `fetch` ("Illegal invocation").
    fetch: options.fetch ?? ((input, init) => globalFetch(input, init)),
    now,
    timeoutMs: positiveInteger(options.timeoutMs, 'timeoutMs', 8_000),
    priceCacheTtlMs: positiveInteger(options.priceCacheTtlMs, 'priceCacheTtlMs', 60_000, { zero: true }),
    priceCacheMaxEntries: positiveInteger(options.priceCacheMaxEntries, 'priceCacheMaxEntries', 10_000),
    sharedCache: options.sharedCache ?? state?.cache,
    sharedState: state,
    maxTokenAgeSeconds: positiveInteger(options.maxTokenAgeSeconds, 'maxTokenAgeSeconds', 900),
    clockToleranceSeconds: positiveInteger(options.clockToleranceSeconds, 'clockToleranceSeconds', 15, { zero: true }),
    rateLimit,
    clientIp: options.clientIp,
    upstreamBudget,
    quotaReserve,
    pricing: options.pricing ?? 'rest',
    checkout: options.checkout ?? 'rest',
    graphqlAuth: options.graphqlAuth ?? 'customer-access-token',
    privateToken: options.privateToken?.trim(),
    sessionCookie,
    sessionMaxAgeSeconds,
    signInLimits,
  };
}
