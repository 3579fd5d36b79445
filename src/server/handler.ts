/**
 * `createHandler(options)`: the backend as one Fetch-API function, `(Request) => Promise<Response>`, for Node
 * (see node.ts), Express, Next.js route handlers, Cloudflare Workers, Deno and Bun alike.
 */
import { ROUTES, type HealthResponse, type SessionResponse } from '../protocol.js';
import { parseCheckoutRequest, createCheckoutService } from './checkout.js';
import { corsFor, OriginForbiddenError, preflightResponse, type CorsDecision } from './cors.js';
import { BASE_HEADERS, HttpError, errorResponse, isJsonContentType, jsonResponse, parseJsonBody, readBodyText, readJsonBody, retryAfter } from './http.js';
import { importSecretKeys } from './keys.js';
import { createSafeLogger, jsonLineLogger } from './log.js';
import { resolveOptions, type HandlerOptions } from './options.js';
import { createGraphqlClient } from './graphql-client.js';
import { graphqlPriceSource, graphqlRedirectUrls } from './graphql-pricing.js';
import { createImpersonationTokens } from './impersonation-token.js';
import { createPriceService, restPriceSource } from './price-service.js';
import { sharedPriceCache } from './shared-price-cache.js';
import { parsePricesRequest } from './price-items.js';
import { createRateLimiter } from './rate-limit.js';
import { createReadiness } from './readiness.js';
import { createUpstream } from './upstream.js';
import { isPlainObject } from './validate.js';
import { bearerToken, createCustomerVerifier, type VerifiedCustomer } from './verify-customer.js';

/** A Fetch-API request handler. */
export type FetchHandler = (request: Request) => Promise<Response>;

type Route = Partial<Record<string, (request: Request) => Promise<Response>>>;

/** Builds the backend. Every option is checked here: a bad one throws a `TypeError` before any request is served. */
export function createHandler(options: HandlerOptions): FetchHandler {
  const o = resolveOptions(options);
  const logger = createSafeLogger(options.logger ?? jsonLineLogger(), [options.clientSecret, options.accessToken]);
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
  const upstream = createUpstream({
    fetch: o.fetch,
    apiBaseUrl: o.apiBaseUrl,
    storeHash: o.storeHash,
    accessToken: o.accessToken,
    timeoutMs: o.timeoutMs,
    quotaReserve: o.quotaReserve,
    logger,
  });
  // The GraphQL Storefront API (docs/graphql.md): only built when an option asks for it.
  const graphql =
    o.pricing === 'graphql' || o.checkout === 'graphql'
      ? createGraphqlClient({
          fetch: o.fetch,
          storefrontOrigin: o.storefrontOrigin,
          tokens: createImpersonationTokens({ upstream, channelId: o.channelId, now: o.now }),
          timeoutMs: o.timeoutMs,
          logger,
        })
      : undefined;
  const priceService = createPriceService({
    source: o.pricing === 'graphql' && graphql ? graphqlPriceSource(graphql, o.channelId) : restPriceSource(upstream),
    shared:
      o.sharedCache && o.priceCacheTtlMs > 0
        ? sharedPriceCache(o.sharedCache, { storeHash: o.storeHash, ttlMs: o.priceCacheTtlMs, logger })
        : undefined,
    channelId: o.channelId,
    channelIds: o.channelIds,
    ttlMs: o.priceCacheTtlMs,
    maxEntries: o.priceCacheMaxEntries,
    now: o.now,
    // The same token bucket as the request limit, counting upstream calls instead of requests.
    budget: o.upstreamBudget === false ? undefined : createRateLimiter({ requests: o.upstreamBudget.calls, windowMs: o.upstreamBudget.windowMs }, o.now),
  });
  const checkoutService = createCheckoutService({
    upstream: o.checkout === 'graphql' && graphql ? graphqlRedirectUrls(upstream, graphql) : upstream,
    storefrontOrigin: o.storefrontOrigin,
    logger,
  });
  const readiness = createReadiness({ upstream, now: o.now, logger });
  // Per client address; clients without one cannot be told apart (an Origin header is anyone's to write), so they
  // share one ceiling far above any shopper instead of one bucket that a single flooder empties for everybody.
  const perClient = o.rateLimit === false ? undefined : createRateLimiter(o.rateLimit, o.now);
  const unknownClients =
    o.rateLimit === false ? undefined : createRateLimiter({ requests: o.rateLimit.sharedRequests, windowMs: o.rateLimit.windowMs }, o.now);
  if ((o.rateLimit !== false || o.upstreamBudget !== false) && !o.clientIp) {
    logger.warn('client_ip_missing', {
      hint: 'pass clientIp (serve() does; behind proxies use forwardedClientIp): without it no per-client limit or upstream budget applies',
    });
  }

  /** The verified customer, or `undefined` for a guest (no `Authorization` header). */
  const customerOf = async (request: Request): Promise<VerifiedCustomer | undefined> => {
    const token = bearerToken(request);
    return token === undefined ? undefined : verify(token);
  };

  const routes = new Map<string, Route>([
    [
      o.basePath + ROUTES.session,
      {
        POST: async (request) => {
          // No body needed; one that is sent must still be JSON (an empty object), like every POST.
          if (!isJsonContentType(request.headers.get('content-type'))) throw new HttpError('ERR_BC_UNSUPPORTED_MEDIA_TYPE');
          const text = await readBodyText(request);
          if (text.trim() !== '') {
            const body = parseJsonBody(text);
            if (!isPlainObject(body) || Object.keys(body).length > 0) throw new HttpError('ERR_BC_INVALID_REQUEST');
          }
          const verified = await customerOf(request);
          if (!verified) throw new HttpError('ERR_BC_UNAUTHORIZED', { cause: new Error('no token') });
          const body: SessionResponse = { customer: verified.customer, expiresAt: verified.expiresAt };
          return jsonResponse(200, body);
        },
      },
    ],
    [
      o.basePath + ROUTES.prices,
      {
        POST: async (request) => {
          const parsed = parsePricesRequest(await readJsonBody(request));
          const verified = await customerOf(request);
          return jsonResponse(200, await priceService.prices(parsed, verified?.customer, o.clientIp?.(request) || undefined));
        },
      },
    ],
    [
      o.basePath + ROUTES.checkout,
      {
        POST: async (request) => {
          const parsed = parseCheckoutRequest(await readJsonBody(request));
          const verified = await customerOf(request);
          return jsonResponse(200, await checkoutService.checkout(parsed, verified?.customer));
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
    }
    else if (known.status >= 500) logger.error('request_failed', { path, code: known.code, status: known.status, reason: cause });
    else logger.info('request_refused', { path, code: known.code, status: known.status });
    const response = errorResponse(known);
    // Before the origin is decided (an unknown path), the answer still varies with it.
    for (const [name, value] of Object.entries(cors?.headers ?? { vary: 'Origin' })) response.headers.set(name, value);
    return response;
  };

  return async (request) => {
    let cors: CorsDecision | undefined;
    try {
      const route = routes.get(new URL(request.url).pathname);
      if (!route) throw new HttpError('ERR_BC_NOT_FOUND');
      cors = corsFor(request, o.allowedOrigins);
      const methods = Object.keys(route).join(', ');
      if (request.method === 'OPTIONS') return preflightResponse(cors, methods);
      const serve = route[request.method];
      if (!serve) throw new HttpError('ERR_BC_METHOD_NOT_ALLOWED', { headers: { allow: `${methods}, OPTIONS` } });
      const address = o.clientIp?.(request) || undefined;
      if (perClient && unknownClients && request.method !== 'HEAD' && request.method !== 'GET') {
        const waitMs = address === undefined ? unknownClients.take('') : perClient.take(address);
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
