/**
 * CORS for the configured origins only. The `Origin` value is compared exactly (no patterns, no suffixes), so a
 * look-alike such as `https://shop.example.com.evil.com`, an `http://` twin, another port or `null` gets nothing.
 */
import { HttpError } from './http.js';

export interface CorsDecision {
  /** Headers to add to the answer (`Vary: Origin` always, the allow headers for an allowed origin). */
  readonly headers: Record<string, string>;
}

const PREFLIGHT_MAX_AGE_SECONDS = '600';

/** An `Origin` refused: what it was and what it was compared to, for the backend's log (never for the answer). */
export class OriginForbiddenError extends HttpError {
  constructor(
    readonly origin: string,
    /** The `Sec-Fetch-Site` the browser sent, or `null`. */
    readonly fetchSite: string | null,
    /** The backend's own origins it was compared to: the request URL's, and the `Host` header's. */
    readonly ownOrigins: readonly string[],
    headers: Record<string, string>,
  ) {
    super('ERR_BC_ORIGIN_FORBIDDEN', { headers });
  }
}

/**
 * The request's own origins: the one of `request.url`, and the one the browser addressed (the `Host` header with
 * the URL's scheme). A framework server may build `request.url` from its own configuration (`next start` says
 * `localhost` while the browser asked `127.0.0.1`); the `Host` a browser sends is the one it put in the address
 * bar, and a page cannot set it (a forbidden header name).
 */
function ownOrigins(request: Request): string[] {
  const origins: string[] = [];
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return origins;
  }
  origins.push(url.origin);
  const host = request.headers.get('host');
  // Only a host and port: no path, user info or query that would let the URL parser read another host out of it.
  if (host && /^[^\s/?#@\\]+$/.test(host)) {
    try {
      const addressed = new URL(`${url.protocol}//${host}`).origin;
      if (!origins.includes(addressed)) origins.push(addressed);
    } catch {
      // A malformed Host names no origin.
    }
  }
  return origins;
}

/**
 * Decides a request's origin: absent (not a browser, or a same-origin GET) and same-origin pass without CORS
 * headers; an allowed origin passes with them; any other origin is refused (403) so a foreign page cannot even
 * trigger work with a "simple" request.
 *
 * Same origin is the browser's own verdict when it gives one (`Sec-Fetch-Site`, which pages cannot set: a
 * cross-site page's request says `cross-site` whatever URL it used), else `Origin` equal to one of the request's
 * own origins (see `ownOrigins`). A client that is not a browser can write any `Origin`, `Host` or
 * `Sec-Fetch-Site`, as it can omit them: CORS only keeps other sites' pages out, and no answer here is worth more
 * to a page than to a script (a bearer token is no ambient credential; a request the backend's session cookie
 * identifies must also pass `requireCookieOrigin`).
 */
export function corsFor(request: Request, allowed: ReadonlySet<string>): CorsDecision {
  const origin = request.headers.get('origin');
  const headers: Record<string, string> = { vary: 'Origin' };
  if (origin === null) return { headers };
  if (allowed.has(origin)) {
    headers['access-control-allow-origin'] = origin;
    // A credentialed fetch (`credentials: 'include'`, the backend's session cookie) needs it; only ever with an exact
    // origin, never `*`. An answer depends on the cookie only where `requireCookieOrigin` let the request through.
    headers['access-control-allow-credentials'] = 'true';
    // A 429's wait, which the page shows the shopper ("try again in 3 minutes"); not readable cross-origin otherwise.
    headers['access-control-expose-headers'] = 'Retry-After';
    return { headers };
  }
  const fetchSite = request.headers.get('sec-fetch-site');
  const own = ownOrigins(request);
  if (origin !== 'null') {
    if (fetchSite === 'same-origin') return { headers };
    if (fetchSite === null && own.includes(origin)) return { headers };
  }
  throw new OriginForbiddenError(origin, fetchSite, own, headers);
}

/**
 * CSRF protection of every request that sets or is identified by the backend's session cookie (sign-in, sign-out, and
 * any route answered from the cookie rather than a bearer token), after `corsFor`: the browser attaches
 * the cookie by itself, so the request must say where it comes from (`Origin`, which a page cannot forge or drop on a
 * POST) and that must be exactly an allowed origin or the backend's own. A request without `Origin` is refused here
 * (where `corsFor` lets it through: a bearer token is no ambient credential). `SameSite=Lax` alone is not enough: a
 * sibling subdomain is the same *site*. See docs/security.md.
 */
export function requireCookieOrigin(request: Request, allowed: ReadonlySet<string>): void {
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== 'null' && (allowed.has(origin) || ownOrigins(request).includes(origin))) return;
  throw new OriginForbiddenError(origin ?? '(none)', request.headers.get('sec-fetch-site'), ownOrigins(request), {
    vary: 'Origin',
  });
}

/** The answer to a preflight (`OPTIONS`) from an allowed origin; refusals go through `corsFor`'s 403. */
export function preflightResponse(cors: CorsDecision, methods: string): Response {
  const headers = new Headers(cors.headers);
  if (headers.has('access-control-allow-origin')) {
    headers.set('access-control-allow-methods', methods);
    headers.set('access-control-allow-headers', 'Authorization, Content-Type');
    headers.set('access-control-max-age', PREFLIGHT_MAX_AGE_SECONDS);
  }
  headers.append('vary', 'Access-Control-Request-Method, Access-Control-Request-Headers');
  headers.set('cache-control', 'no-store');
  headers.set('x-content-type-options', 'nosniff');
  return new Response(null, { status: 204, headers });
}
