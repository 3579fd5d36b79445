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

/**
 * Decides a request's origin: absent (not a browser, or a same-origin GET) and same-origin pass without CORS
 * headers; an allowed origin passes with them; any other origin is refused (403) so a foreign page cannot even
 * trigger work with a "simple" request.
 */
export function corsFor(request: Request, allowed: ReadonlySet<string>): CorsDecision {
  const origin = request.headers.get('origin');
  const headers: Record<string, string> = { vary: 'Origin' };
  if (origin === null) return { headers };
  if (allowed.has(origin)) {
    headers['access-control-allow-origin'] = origin;
    return { headers };
  }
  let own: string | undefined;
  try {
    own = new URL(request.url).origin;
  } catch {
    own = undefined;
  }
  if (origin === own && origin !== 'null') return { headers };
  throw new HttpError('ERR_BC_ORIGIN_FORBIDDEN', { headers });
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
