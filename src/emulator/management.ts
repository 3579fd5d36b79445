/**
 * The Management API under `/stores/{store_hash}/…`: route table, X-Auth-Token and scope checks, the per-store
 * rate limit with its four headers on every answer, fault injection and call counting.
 */
import type { EmulatorContext } from './context.js';
import { applyFault, type FaultTable } from './faults.js';
import { json, v3Error } from './http.js';
import type { RateLimiter } from './rate-limit.js';
import type { RouteName } from './types.js';

/** What a route handler gets besides the context and request: the path's captured parts. */
export type ApiHandler = (ctx: EmulatorContext, request: Request, params: string[]) => Promise<Response> | Response;

export interface ApiRoute {
  readonly name: RouteName;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Matched against the path after `/stores/{store_hash}`. */
  readonly path: RegExp;
  /** Any one of these scopes grants access; none listed: any valid token. */
  readonly scopes: readonly string[];
  readonly handle: ApiHandler;
}

export interface ApiServices {
  readonly routes: readonly ApiRoute[];
  readonly rateLimit: RateLimiter;
  readonly faults: FaultTable;
  /** Resolves when the faults are next cleared (ends hangs). */
  released(): Promise<void>;
  count(route: RouteName): void;
}

/** `GET /v2/time`: the store's clock, which customer-login tokens' `iat` must follow. */
export const timeRoute: ApiRoute = {
  name: 'time',
  method: 'GET',
  path: /^\/v2\/time$/,
  scopes: [],
  handle: (ctx) => json({ time: Math.floor(ctx.clock.now() / 1000) }),
};

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/** Answers a request under `/stores/`, or undefined when the path is not the Management API's. */
export async function management(
  ctx: EmulatorContext,
  api: ApiServices,
  request: Request,
): Promise<Response | undefined> {
  const match = /^\/stores\/([^/]+)(\/.*)$/.exec(new URL(request.url).pathname);
  if (!match) return undefined;
  const [, storeHash, rest] = match as unknown as [string, string, string];
  const peek = () => api.rateLimit.peek().headers;
  if (storeHash !== ctx.catalog.seed.store.store_hash)
    return withHeaders(v3Error(404, { store_hash: 'No store has this hash' }), peek());

  let params: string[] | undefined;
  const route = api.routes.find((r) => {
    const m = r.path.exec(rest);
    if (m && r.method === request.method) params = m.slice(1);
    return m !== null && r.method === request.method;
  });
  if (!route || !params) {
    const known = api.routes.some((r) => r.path.test(rest));
    return withHeaders(known ? v3Error(405) : v3Error(404), peek());
  }
  const captures = params;
  api.count(route.name);

  const run = async (): Promise<Response> => {
    const token = request.headers.get('x-auth-token');
    const scopes = token ? ctx.catalog.scopes(token) : undefined;
    if (!scopes) return withHeaders(v3Error(401), peek());
    if (route.scopes.length > 0 && !route.scopes.some((s) => scopes.includes(s)))
      return withHeaders(v3Error(403, { scope: `requires one of ${route.scopes.join(', ')}` }), peek());
    const window = api.rateLimit.take();
    if (window.limited) return withHeaders(v3Error(429), window.headers);
    return withHeaders(await route.handle(ctx, request, captures), window.headers);
  };
  const fault = api.faults.take(route.name);
  return fault ? applyFault(fault, request, run, peek, api.released()) : run();
}
