/**
 * Storefront sessions, kept in memory and named by an HttpOnly cookie as a BigCommerce storefront does: on https
 * `Secure; SameSite=None`, as BigCommerce sends it (so the storefront's own frames in other sites' pages, embedded
 * checkout and the storefront bridge, get the session where the browser allows third-party cookies); on plain http,
 * where browsers refuse `SameSite=None` without `Secure`, `SameSite=Lax`. A sign-in always starts a fresh session id
 * (no session fixation).
 */
import { cookies, randomHex } from './http.js';

export const SESSION_COOKIE = 'SHOP_SESSION_TOKEN';

export interface Session {
  readonly id: string;
  customerId: number | null;
  /** The cart a cart.php link loaded into this session. */
  cartId: string | null;
  /** The customer access token whose session-sync URL started this session (its `logout` ends the session too). */
  customerAccessToken?: string;
}

export interface Sessions {
  /** The request's session, if its cookie names a live one. */
  get(request: Request): Session | undefined;
  /** Starts a new session (replacing the request's) and answers the Set-Cookie header value. */
  start(request: Request, customerId: number | null): { session: Session; cookie: string };
  /** Ends the request's session; answers a Set-Cookie value that removes the cookie. */
  end(request: Request): string;
  /** Ends every session a session-sync URL made with `customerAccessToken` started. */
  endFrom(customerAccessToken: string): void;
  reset(): void;
}

function cookieFor(request: Request, value: string, maxAge?: number): string {
  const attributes = new URL(request.url).protocol === 'https:' ? 'Secure; SameSite=None' : 'SameSite=Lax';
  const age = maxAge === undefined ? '' : `; Max-Age=${maxAge}`;
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; ${attributes}${age}`;
}

export function createSessions(): Sessions {
  const sessions = new Map<string, Session>();
  const get = (request: Request) => {
    const id = cookies(request).get(SESSION_COOKIE);
    return id === undefined ? undefined : sessions.get(id);
  };
  return {
    get,
    start(request, customerId) {
      const previous = get(request);
      if (previous) sessions.delete(previous.id);
      const session: Session = { id: randomHex(32), customerId, cartId: previous?.cartId ?? null };
      sessions.set(session.id, session);
      return { session, cookie: cookieFor(request, session.id) };
    },
    end(request) {
      const session = get(request);
      if (session) sessions.delete(session.id);
      return cookieFor(request, '', 0);
    },
    endFrom(customerAccessToken) {
      for (const [id, session] of sessions)
        if (session.customerAccessToken === customerAccessToken) sessions.delete(id);
    },
    reset: () => sessions.clear(),
  };
}
