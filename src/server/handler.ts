/**
 * `createHandler(options)`: the backend as one Fetch-API function, `(Request) => Promise<Response>`, for Node
 * (see node.ts), Express, Next.js route handlers, Cloudflare Workers, Deno and Bun alike.
 */
import {
  ROUTES,
  type BackendSessionResponse,
  type Customer,
  type HealthResponse,
  type SessionResponse,
  type SignInResponse,
  type SignOutResponse,
} from '../protocol.js';
import { parseCheckoutRequest, createCheckoutService, restRedirectUrls } from './checkout.js';
import { corsFor, OriginForbiddenError, preflightResponse, requireCookieOrigin, type CorsDecision } from './cors.js';
import {
  BASE_HEADERS,
  HttpError,
  errorResponse,
  isJsonContentType,
  jsonResponse,
  parseJsonBody,
  readBodyText,
  readJsonBody,
  retryAfter,
} from './http.js';
import { importSecretKeys } from './keys.js';
import { createSafeLogger, jsonLineLogger } from './log.js';
import { resolveOptions, type HandlerOptions } from './options.js';
import { createCustomerAccessTokens } from './customer-access-token.js';
import { createGraphqlClient, type BearerTokens, type GraphqlClient } from './graphql-client.js';
import { cartRedirectUrls, graphqlPriceSource, graphqlRedirectUrls } from './graphql-pricing.js';
import { createImpersonationTokens, createPrivateTokens, fixedToken } from './bearer-token.js';
import {
  createSignInService,
  parseSignInRequest,
  SessionRefusedError,
  sessionCookieHeader,
  sessionCookieValue,
} from './sign-in.js';
import type { SessionClaims } from './session-cookie.js';
import { createLoginTokenMinter } from './login-token.js';
import { createStoreClock } from './store-clock.js';
import { createPriceService, restPriceSource } from './price-service.js';
import { sharedPriceCache } from './shared-price-cache.js';
import { sharedHealth, sharedLimiter, sharedQuotaHold } from './shared-state.js';
import { parsePricesRequest } from './price-items.js';
import { createRateLimiter, type Limiter } from './rate-limit.js';
import { createReadiness } from './readiness.js';
import { createUpstream } from './upstream.js';
import { isPlainObject } from './validate.js';
import { bearerToken, createCustomerVerifier } from './verify-customer.js';

/** A Fetch-API request handler. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** Who a request speaks for (see `identityOf` in `createHandler`). */
interface Identity {
  /** The customer, or `undefined` for a guest. */
  readonly customer: Customer | undefined;
  /** When the identity expires (seconds since the epoch), for a customer. */
  readonly expiresAt?: number;
  /** The backend's session, when the cookie identified the customer. */
  readonly session?: SessionClaims;
}

type Route = Partial<Record<string, (request: Request) => Promise<Response>>>;

/** Builds the backend. Every option is checked here: a bad one throws a `TypeError` before any request is served. */
export function createHandler(options: HandlerOptions): FetchHandler {
  const o = resolveOptions(options);
  const logger = createSafeLogger(options.logger ?? jsonLineLogger(), [
    options.clientSecret,
    options.accessToken,
    ...(o.privateToken ? [o.privateToken] : []),
  ]);
  const keys = importSecretKeys(o.secret);
  // A failed import surfaces on the first request (as a 500); never as an unhandled rejection.
  keys.catch(() => {});
  const verify = createCustomerVerifier({
    keys,
    clientId: o.clientId,
    storeHash: o.storeHash,
    maxTokenAgeSeconds: o.maxTokenAgeSeconds,
    clockToleranceSeconds: o.clockToleranceSeconds,
    now: o.now,
  });
  // Shared state (several instances): every call into it bounded, and its failures logged once per period.
  const health = o.sharedCache || o.sharedState ? sharedHealth(logger) : undefined;
  const state = o.sharedState && health ? { state: o.sharedState, health } : undefined;
  /** A limiter of this instance, counted across instances when there is a shared state. */
  const limiter = (name: string, limit: { requests: number; windowMs: number }): Limiter => {
    const local = createRateLimiter(limit, o.now);
    return state ? sharedLimiter(state.state, state.health, { storeHash: o.storeHash, name, limit }, local) : local;
  };
  const upstream = createUpstream({
    fetch: o.fetch,
    apiBaseUrl: o.apiBaseUrl,
    storeHash: o.storeHash,
    accessToken: o.accessToken,
    timeoutMs: o.timeoutMs,
    quotaReserve: o.quotaReserve,
    logger,
    ...(state ? { sharedQuota: sharedQuotaHold(state.state, state.health, o.storeHash) } : {}),
  });
  // The GraphQL Storefront API (docs/graphql.md): only built when an option asks for it.
  const graphqlCommon = { fetch: o.fetch, storefrontOrigin: o.storefrontOrigin, timeoutMs: o.timeoutMs, logger };
  let privateTokens: BearerTokens | undefined;
  /** The private token of customer-access-token calls: one per handler, made on first use. */
  const privateTokensOnce = (): BearerTokens =>
    (privateTokens ??= o.privateToken
      ? fixedToken(o.privateToken)
      : createPrivateTokens({ upstream, channelId: o.channelId, now: o.now }));
  const graphql = o.pricing === 'graphql' || o.checkout === 'graphql' ? graphqlClient() : undefined;
  function graphqlClient(): GraphqlClient {
    if (o.graphqlAuth === 'impersonation') {
      return createGraphqlClient({
        ...graphqlCommon,
        tokens: createImpersonationTokens({ upstream, channelId: o.channelId, now: o.now }),
      });
    }
    // Customer access tokens: a customer-login JWT (iat on the store's clock) spent on loginWithCustomerLoginJwt.
    const storeClock = createStoreClock({ upstream, now: o.now, refreshMs: 10 * 60_000, logger });
    const minter = createLoginTokenMinter({
      keys,
      clientId: o.clientId,
      storeHash: o.storeHash,
      channelId: o.channelId,
    });
    const customer = createCustomerAccessTokens({
      graphql: () => client,
      loginJwt: async (customerId) => minter.mint({ customerId, issuedAt: await storeClock.nowSeconds() }),
      now: o.now,
    });
    const client = createGraphqlClient({ ...graphqlCommon, tokens: privateTokensOnce(), customer });
    return client;
  }
  // Sign-in through the backend (sign-in.ts): only with a session secret. Logins and logouts always go with the
  // private token (BigCommerce refuses them with an impersonation token), whatever graphqlAuth says.
  const signIn = o.sessionCookie
    ? createSignInService({
        graphql: createGraphqlClient({ ...graphqlCommon, tokens: privateTokensOnce() }),
        graphqlAs: (customerAccessToken) =>
          createGraphqlClient({
            ...graphqlCommon,
            tokens: privateTokensOnce(),
            customer: {
              headers: async () => ({
                'x-bc-customer-access-token': customerAccessToken,
                'x-bc-error-on-invalid-customer-access-token': 'true',
              }),
              refused: () => {},
            },
          }),
        codec: o.sessionCookie,
        perAddress: limiter('sign-in', { requests: o.signInLimits.perAddress, windowMs: o.signInLimits.windowMs }),
        perEmail: limiter('sign-in-email', { requests: o.signInLimits.perEmail, windowMs: o.signInLimits.windowMs }),
        now: o.now,
      })
    : undefined;
  const priceService = createPriceService({
    source: o.pricing === 'graphql' && graphql ? graphqlPriceSource(graphql, o.channelId) : restPriceSource(upstream),
    shared:
      o.sharedCache && health && o.priceCacheTtlMs > 0
        ? sharedPriceCache(o.sharedCache, {
            storeHash: o.storeHash,
            ttlMs: o.priceCacheTtlMs,
            logger,
            health,
            locks: o.sharedState,
          })
        : undefined,
    // A lock lives as long as the call it covers may take (its deadline); then another instance asks itself.
    lockTtlMs: o.timeoutMs,
    channelId: o.channelId,
    channelIds: o.channelIds,
    ttlMs: o.priceCacheTtlMs,
    maxEntries: o.priceCacheMaxEntries,
    now: o.now,
    // The same token bucket as the request limit, counting upstream calls instead of requests.
    budget:
      o.upstreamBudget === false
        ? undefined
        : limiter('upstream', { requests: o.upstreamBudget.calls, windowMs: o.upstreamBudget.windowMs }),
  });
  const checkoutService = createCheckoutService({
    redirectUrls:
      o.checkout === 'graphql' && graphql
        ? graphqlRedirectUrls(graphql, { nameShopper: o.graphqlAuth === 'impersonation' })
        : restRedirectUrls(upstream),
    storefrontOrigin: o.storefrontOrigin,
    logger,
  });
  const readiness = createReadiness({ upstream, now: o.now, logger });
  // Per client address; clients without one cannot be told apart (an Origin header is anyone's to write), so they
  // share one ceiling far above any shopper instead of one bucket that a single flooder empties for everybody.
  const perClient = o.rateLimit === false ? undefined : limiter('requests', o.rateLimit);
  const unknownClients =
    o.rateLimit === false
      ? undefined
      : limiter('unknown', { requests: o.rateLimit.sharedRequests, windowMs: o.rateLimit.windowMs });
  if ((o.rateLimit !== false || o.upstreamBudget !== false) && !o.clientIp) {
    logger.warn('client_ip_missing', {
      hint: 'pass clientIp (serve() does; behind proxies use forwardedClientIp): without it no per-client limit or upstream budget applies',
    });
  }

  /** The `Set-Cookie` header that clears the session cookie. */
  const clearedCookie = (request: Request) => ({ 'set-cookie': sessionCookieHeader(request, o.basePath, '', 0) });
  /**
   * The answer to a request whose session cookie is no session (tampered, expired, sealed with a key no longer
   * configured, planted twice) or whose session BigCommerce refused (logged out elsewhere): 401 with the cookie
   * cleared, as a bearer token that fails its check is answered. The browser then asks for its session again and
   * goes on as a guest, never showing a signed-in shopper a guest's prices or checkout.
   */
  const sessionOver = (request: Request, reason: string) =>
    new HttpError('ERR_BC_UNAUTHORIZED', { cause: new Error(reason), headers: clearedCookie(request) });

  /**
   * Who a request speaks for (contract of issue #17): a bearer token when there is one (the cookie is then ignored);
   * else the backend's session cookie, when sign-in is configured, from an exact Origin only (CSRF: an answer from the
   * cookie is never given to a request a foreign page could have made), its customer as BigCommerce knows them now
   * (`confirm`, remembered a minute); else a guest. A check BigCommerce cannot answer (its GraphQL API failing for
   * everyone) keeps the sealed, unexpired customer rather than failing what can still be served.
   */
  const identityOf = async (request: Request): Promise<Identity> => {
    const token = bearerToken(request);
    if (token !== undefined) {
      const verified = await verify(token);
      return { customer: verified.customer, expiresAt: verified.expiresAt };
    }
    const value = signIn ? sessionCookieValue(request) : undefined;
    if (!signIn || value === undefined) return { customer: undefined };
    requireCookieOrigin(request, o.allowedOrigins);
    const session = await signIn.session(value);
    if (!session) throw sessionOver(request, 'no valid session cookie');
    let customer: Customer;
    try {
      customer = await signIn.confirm(session);
    } catch (error) {
      if (error instanceof SessionRefusedError) throw sessionOver(request, 'session refused by BigCommerce');
      logger.warn('session_check_failed', { code: error instanceof HttpError ? error.code : 'ERR_BC_INTERNAL' });
      customer = session.customer;
    }
    return { customer, expiresAt: session.expiresAt, session };
  };
  /** `work()` for a cookie session, a refusal met on the way answered as `sessionOver`. */
  const asSession = async <T>(request: Request, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof SessionRefusedError) throw sessionOver(request, 'session refused by BigCommerce');
      throw error;
    }
  };

  const signInRoutes: [string, Route][] = signIn
    ? [
        [
          o.basePath + ROUTES.signIn,
          {
            POST: async (request) => {
              requireCookieOrigin(request, o.allowedOrigins);
              const credentials = parseSignInRequest(await readJsonBody(request));
              const { session, cookie } = await signIn.signIn(credentials, o.clientIp?.(request) || undefined);
              const body: SignInResponse = {
                customer: session.customer,
                source: 'backend',
                expiresAt: session.expiresAt,
              };
              return jsonResponse(200, body, {
                'set-cookie': sessionCookieHeader(
                  request,
                  o.basePath,
                  cookie,
                  session.expiresAt - Math.floor(o.now() / 1000),
                ),
              });
            },
          },
        ],
        [
          o.basePath + ROUTES.signOut,
          {
            POST: async (request) => {
              requireCookieOrigin(request, o.allowedOrigins);
              const text = await readJsonBody(request);
              if (!isPlainObject(text) || Object.keys(text).length > 0) throw new HttpError('ERR_BC_INVALID_REQUEST');
              const session = await signIn.session(sessionCookieValue(request));
              if (session) {
                // The cookie goes whatever BigCommerce answers: a failed logout leaves a token that expires by itself.
                await signIn.signOut(session).catch((error: unknown) => {
                  logger.warn('sign_out_logout_failed', {
                    code: error instanceof HttpError ? error.code : 'ERR_BC_INTERNAL',
                  });
                });
              }
              const body: SignOutResponse = { signedOut: true };
              return jsonResponse(200, body, clearedCookie(request));
            },
          },
        ],
      ]
    : [];

  const routes = new Map<string, Route>([
    ...signInRoutes,
    [
      o.basePath + ROUTES.session,
      {
        POST: async (request) => {
          // No body needed; one that is sent must still be JSON (an empty object), like every POST.
          if (!isJsonContentType(request.headers.get('content-type')))
            throw new HttpError('ERR_BC_UNSUPPORTED_MEDIA_TYPE');
          const text = await readBodyText(request);
          if (text.trim() !== '') {
            const body = parseJsonBody(text);
            if (!isPlainObject(body) || Object.keys(body).length > 0) throw new HttpError('ERR_BC_INVALID_REQUEST');
          }
          const who = await identityOf(request);
          if (!who.customer || who.expiresAt === undefined) {
            throw new HttpError('ERR_BC_UNAUTHORIZED', { cause: new Error('no token') });
          }
          if (who.session) {
            const body: BackendSessionResponse = {
              customer: who.customer,
              source: 'backend',
              expiresAt: who.expiresAt,
            };
            return jsonResponse(200, body);
          }
          const body: SessionResponse = { customer: who.customer, expiresAt: who.expiresAt };
          return jsonResponse(200, body);
        },
      },
    ],
    [
      o.basePath + ROUTES.prices,
      {
        POST: async (request) => {
          const parsed = parsePricesRequest(await readJsonBody(request));
          const who = await identityOf(request);
          const address = o.clientIp?.(request) || undefined;
          // A session's prices are asked with its own customer access token on the GraphQL path; the REST Pricing
          // API prices the group BigCommerce confirmed for it (identityOf).
          const session = who.session && signIn?.graphqlFor(who.session);
          return jsonResponse(
            200,
            await asSession(request, () => priceService.prices(parsed, who.customer, address, session)),
          );
        },
      },
    ],
    [
      o.basePath + ROUTES.checkout,
      {
        POST: async (request) => {
          const parsed = parseCheckoutRequest(await readJsonBody(request));
          const who = await identityOf(request);
          const { session, customer } = who;
          if (!session || !signIn || !customer)
            return jsonResponse(200, await checkoutService.checkout(parsed, customer));
          // The session-sync URL of the session's own customer access token: checkout opens signed in.
          const sessionSync = (cartId: string) => cartRedirectUrls(signIn.graphqlFor(session), cartId, customer.id);
          return jsonResponse(
            200,
            await asSession(request, () => checkoutService.checkout(parsed, customer, sessionSync)),
          );
        },
      },
    ],
    [
      o.basePath + ROUTES.health,
      {
        GET: async () => jsonResponse(200, { ok: true } satisfies HealthResponse),
        HEAD: async () => new Response(null, { status: 200, headers: BASE_HEADERS }),
      },
    ],
    [
      o.basePath + ROUTES.ready,
      {
        GET: readiness,
        HEAD: async () => {
          const { status, headers } = await readiness();
          return new Response(null, { status, headers });
        },
      },
    ],
  ]);

  const fail = (request: Request, error: unknown, cors: CorsDecision | undefined): Response => {
    const known = error instanceof HttpError ? error : new HttpError('ERR_BC_INTERNAL', { cause: error });
    const cause = known.cause instanceof Error ? `${known.cause.name}: ${known.cause.message}` : undefined;
    const path = new URL(request.url).pathname;
    if (known.code === 'ERR_BC_UNAUTHORIZED') logger.warn('token_rejected', { path, reason: cause });
    else if (known instanceof OriginForbiddenError) {
      // What was compared, so a same-origin setup refused by mistake (a proxy rewriting Host, a missing
      // allowedOrigins entry) can be told from a foreign page.
      logger.warn('origin_refused', {
        path,
        origin: known.origin,
        secFetchSite: known.fetchSite,
        ownOrigins: known.ownOrigins.join(' '),
        allowedOrigins: [...o.allowedOrigins].join(' '),
      });
    } else if (known.status >= 500)
      logger.error('request_failed', { path, code: known.code, status: known.status, reason: cause });
    else logger.info('request_refused', { path, code: known.code, status: known.status });
    const response = errorResponse(known);
    // Before the origin is decided (an unknown path), the answer still varies with it.
    for (const [name, value] of Object.entries(cors?.headers ?? { vary: 'Origin' })) response.headers.set(name, value);
    return response;
  };

  return async (request) => {
    let cors: CorsDecision | undefined;
    try {
      const path = new URL(request.url).pathname;
      const route = routes.get(path);
      if (!route) throw new HttpError('ERR_BC_NOT_FOUND');
      cors = corsFor(request, o.allowedOrigins);
      const methods = Object.keys(route).join(', ');
      if (request.method === 'OPTIONS') return preflightResponse(cors, methods);
      const serve = route[request.method];
      if (!serve) throw new HttpError('ERR_BC_METHOD_NOT_ALLOWED', { headers: { allow: `${methods}, OPTIONS` } });
      const address = o.clientIp?.(request) || undefined;
      if (perClient && unknownClients && request.method !== 'HEAD' && request.method !== 'GET') {
        const taken = address === undefined ? unknownClients.take('') : perClient.take(address);
        // No await for the in-memory limiter: a refused request costs no more than before.
        const waitMs = typeof taken === 'number' ? taken : await taken;
        if (waitMs > 0) {
          throw new HttpError('ERR_BC_RATE_LIMITED', { headers: retryAfter(waitMs) });
        }
      }
      const response = await serve(request);
      for (const [name, value] of Object.entries(cors.headers)) response.headers.set(name, value);
      return response;
    } catch (error) {
      return fail(request, error, cors);
    }
  };
}
