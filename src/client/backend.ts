/**
 * The browser's client of the backend (src/server or any implementation of docs/protocol.md): JSON in and out,
 * the shopper's identity as `Authorization: Bearer <current-customer token>` when signed in, errors as `BcError`s.
 */
import { BcError } from '../errors.js';
import { isErrorBody } from '../protocol.js';
import type { Session } from './session.js';

export interface BackendClientOptions {
  /** Absolute base URL of the backend (`https://shop.example.com/bc`); routes are appended to it. */
  endpoint: string;
  /** Supplies the token; guests send none. */
  session: Pick<Session, 'token' | 'refresh'>;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
}

export interface BackendClient {
  /** The base URL requests go to, without a trailing slash. */
  readonly endpoint: string;
  /**
   * POSTs `body` as JSON to `endpoint + route` and resolves with the parsed answer. Rejects with a `BcError`
   * carrying the backend's error code, `ERR_BC_UPSTREAM_UNAVAILABLE` when the backend cannot be reached, or the
   * signal's reason when `signal` aborts.
   */
  postJson<T>(route: string, body: unknown, options?: { signal?: AbortSignal }): Promise<T>;
}

/** Throws `TypeError` when `endpoint` is not an absolute http(s) URL. */
export function createBackendClient(options: BackendClientOptions): BackendClient {
  const endpoint = endpointOf(options.endpoint);
  const { session } = options;
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));

  async function send(route: string, payload: string, signal: AbortSignal | undefined, token: string | null) {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      // The identity travels in the header, so no cookies go to the backend (simpler CORS, no CSRF surface).
      return await fetchFn(`${endpoint}${route}`, {
        method: 'POST',
        headers,
        body: payload,
        credentials: 'omit',
        cache: 'no-store',
        signal,
      });
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      throw new BcError('ERR_BC_UPSTREAM_UNAVAILABLE', `The backend at ${endpoint} could not be reached.`, { cause });
    }
  }

  async function postJson<T>(route: string, body: unknown, { signal }: { signal?: AbortSignal } = {}): Promise<T> {
    if (!route.startsWith('/')) throw new TypeError(`route must start with "/": ${JSON.stringify(route)}`);
    const payload = JSON.stringify(body);
    const token = session.token();
    let response = await send(route, payload, signal, token);
    if (response.status === 401 && token) {
      // The token may have expired between our refresh and the backend's check: renew it and try once more.
      await response.body?.cancel().catch(() => undefined);
      await session.refresh();
      response = await send(route, payload, signal, session.token());
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
    if (isErrorBody(parsed)) throw new BcError(parsed.error.code, parsed.error.message);
    throw new BcError('ERR_BC_UPSTREAM', `The backend answered ${response.status}.`);
  }

  return { endpoint, postJson };
}

function endpointOf(endpoint: unknown): string {
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
