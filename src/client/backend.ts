/**
 * The browser's client of the backend (src/server or any implementation of docs/protocol.md): JSON in and out,
 * errors as `BcError`s. The shopper's identity travels one of two ways, never both: `Authorization: Bearer
 * <current-customer token>` without cookies (the storefront's or the bridge's identity), or the backend's own session
 * cookie (`credentials: 'include'`, no `Authorization`) while the identity is the backend session. Guests send
 * neither, so a deployment that never signs in through the backend keeps credential-less CORS.
 */
import { BcError } from '../errors.js';
import { isErrorBody } from '../protocol.js';
import type { Session } from './session.js';

export interface BackendClientOptions {
  /** Absolute base URL of the backend (`https://shop.example.com/bc`); routes are appended to it. */
  endpoint: string;
  /**
   * Supplies the identity (the token, or whether the backend's cookie is it); guests send none. Without a session
   * every request goes as a guest's unless it asks for the cookie itself (`cookies`).
   */
  session?: Pick<Session, 'token' | 'refresh'> & Partial<Pick<Session, 'credentials'>>;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
}

export interface BackendClient {
  /** The base URL requests go to, without a trailing slash. */
  readonly endpoint: string;
  /**
   * POSTs `body` as JSON to `endpoint + route` and resolves with the parsed answer. Rejects with a `BcError`
   * carrying the backend's error code, `ERR_BC_UPSTREAM_UNAVAILABLE` when the backend cannot be reached, or the
   * signal's reason when `signal` aborts. A 429's `Retry-After` is the error's `retryAfter`. `cookies`: send the
   * backend's session cookie and no token whatever the session says (`/sign-in`, `/sign-out`, the session check).
   */
  postJson<T>(route: string, body: unknown, options?: { signal?: AbortSignal; cookies?: boolean }): Promise<T>;
}

/** Throws `TypeError` when `endpoint` is not an absolute http(s) URL. */
export function createBackendClient(options: BackendClientOptions): BackendClient {
  const endpoint = endpointOf(options.endpoint);
  const { session } = options;
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  /** The token to send, or `null`; cookies go only when asked for, or while the backend session is the identity. */
  const credentialsOf = (cookies: boolean | undefined) => {
    if (cookies) return { token: null, credentials: 'include' as const };
    const token = session?.token() ?? null;
    return { token, credentials: token ? ('omit' as const) : (session?.credentials?.() ?? 'omit') };
  };

  async function send(
    route: string,
    payload: string,
    signal: AbortSignal | undefined,
    { token, credentials }: ReturnType<typeof credentialsOf>,
  ) {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      // A bearer token goes without cookies (simpler CORS, no CSRF surface); the cookie goes without a token.
      return await fetchFn(`${endpoint}${route}`, {
        method: 'POST',
        headers,
        body: payload,
        credentials,
        cache: 'no-store',
        signal,
      });
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      throw new BcError('ERR_BC_UPSTREAM_UNAVAILABLE', `The backend at ${endpoint} could not be reached.`, { cause });
    }
  }

  async function postJson<T>(
    route: string,
    body: unknown,
    { signal, cookies }: { signal?: AbortSignal; cookies?: boolean } = {},
  ): Promise<T> {
    if (!route.startsWith('/')) throw new TypeError(`route must start with "/": ${JSON.stringify(route)}`);
    const payload = JSON.stringify(body);
    const sent = credentialsOf(cookies);
    let response = await send(route, payload, signal, sent);
    if (response.status === 401 && session && !cookies && (sent.token || sent.credentials === 'include')) {
      // The token (or the backend session) may have ended between our check and the backend's: ask again, retry once.
      await response.body?.cancel().catch(() => undefined);
      await session.refresh();
      response = await send(route, payload, signal, credentialsOf(false));
    }
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      if (response.ok) throw new BcError('ERR_BC_UPSTREAM', 'The backend answered with invalid JSON.', { cause });
      parsed = undefined;
    }
    if (response.ok) return parsed as T;
    if (isErrorBody(parsed)) {
      const wait = Number(response.headers.get('retry-after'));
      const retryAfter = response.status === 429 && Number.isFinite(wait) && wait > 0 ? Math.ceil(wait) : undefined;
      throw new BcError(parsed.error.code, parsed.error.message, retryAfter ? { retryAfter } : {});
    }
    throw new BcError('ERR_BC_UPSTREAM', `The backend answered ${response.status}.`);
  }

  return { endpoint, postJson };
}

/** The backend's base URL as requests use it; throws `TypeError` when it is not an absolute http(s) URL. */
export function endpointOf(endpoint: unknown): string {
  if (typeof endpoint !== 'string' || endpoint.trim() === '') {
    throw new TypeError('endpoint must be the backend URL (set `endpoint` on <bc-store>)');
  }
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    throw new TypeError(`endpoint is not an absolute URL: ${JSON.stringify(endpoint)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('endpoint must be http(s)');
  url.search = '';
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}
