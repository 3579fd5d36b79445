/**
 * Headless sign-in through the backend (issue #17): `POST /sign-in` spends the shopper's email and password on the
 * GraphQL `login` mutation server-to-server and keeps the answer (customer, customer access token) in the backend's
 * own session cookie (session-cookie.ts); `POST /sign-out` spends the token on `logout` and clears the cookie.
 *
 * Abuse: attempts are limited per client address and per email (a hash of it: no address book in a shared store)
 * before BigCommerce is asked; every refused login is the one `ERR_BC_SIGN_IN_FAILED`, whatever BigCommerce said
 * (wrong email, wrong password, locked account), and takes the same path through this code. Credentials are never
 * logged: the log sees the route, the code and the limiter that refused, never the body.
 *
 * CSRF: both routes act on (or set) a cookie the browser attaches by itself, so each asks for an exact `Origin`
 * (`requireCookieOrigin`) besides the JSON body every POST needs. See docs/security.md.
 */
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH, type SignInRequest } from '../protocol.js';
import { LoginRefusedError, storefrontLogin } from './customer-access-token.js';
import type { GraphqlClient } from './graphql-client.js';
import { HttpError, retryAfter } from './http.js';
import type { Limiter } from './rate-limit.js';
import type { SessionClaims, SessionCookieCodec } from './session-cookie.js';
import { isPlainObject } from './validate.js';

/** Name of the backend's session cookie. */
export const SESSION_COOKIE = 'bc_customer_session';
/** Sign-in attempts per client address per window, and per email per window (default limits). */
export const SIGN_IN_LIMITS = { perAddress: 10, perEmail: 5, windowMs: 15 * 60_000 } as const;

/** The `{email, password}` body, checked: exactly those two keys, non-empty strings within their limits. */
export function parseSignInRequest(body: unknown): SignInRequest {
  if (!isPlainObject(body)) throw new HttpError('ERR_BC_INVALID_REQUEST');
  const keys = Object.keys(body);
  const { email, password } = body;
  if (
    keys.length !== 2 ||
    typeof email !== 'string' ||
    typeof password !== 'string' ||
    email.trim() === '' ||
    email.length > MAX_EMAIL_LENGTH ||
    password === '' ||
    password.length > MAX_PASSWORD_LENGTH
  ) {
    throw new HttpError('ERR_BC_INVALID_REQUEST');
  }
  return { email: email.trim(), password };
}

/** Whether cookies for a request to `url` may go without `Secure`: plain HTTP on a loopback name (the demo). */
function isLocalHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * The `Set-Cookie` value for `value` (an empty value with `maxAgeSeconds` 0 clears it): `HttpOnly`, `SameSite=Lax`,
 * `Path` = the routes' base path, `Secure` except over plain HTTP on localhost.
 */
export function sessionCookieHeader(request: Request, basePath: string, value: string, maxAgeSeconds: number): string {
  const attributes = [
    `${SESSION_COOKIE}=${value}`,
    `Path=${basePath || '/'}`,
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (!isLocalHttp(new URL(request.url))) attributes.push('Secure');
  return attributes.join('; ');
}

/** The session cookie's value in a request, or `undefined`. */
export function sessionCookieValue(request: Request): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === SESSION_COOKIE) return pair.slice(at + 1).trim();
  }
  return undefined;
}

async function emailKey(email: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(email.toLowerCase()));
  return Array.from(new Uint8Array(digest.slice(0, 16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface SignInService {
  /** Signs in, or throws `ERR_BC_RATE_LIMITED` (with `Retry-After`) / `ERR_BC_SIGN_IN_FAILED`. */
  signIn(credentials: SignInRequest, address: string | undefined): Promise<{ session: SessionClaims; cookie: string }>;
  /** The session a cookie value holds, or `undefined` (none, tampered, expired, unknown key: a guest). */
  session(value: string | undefined): Promise<SessionClaims | undefined>;
  /** Ends the session: its customer access token is logged out (best effort: the cookie is cleared regardless). */
  signOut(session: SessionClaims): Promise<void>;
}

export function createSignInService(options: {
  /** The GraphQL client logins go through (private token, no customer). */
  graphql: GraphqlClient;
  /** A GraphQL client speaking with one customer access token, for `logout`. */
  graphqlAs: (customerAccessToken: string) => GraphqlClient;
  codec: SessionCookieCodec;
  perAddress: Limiter | undefined;
  perEmail: Limiter | undefined;
}): SignInService {
  const { codec } = options;
  const wait = async (limiter: Limiter | undefined, key: string) => (limiter ? limiter.take(key) : 0);

  return {
    async signIn(credentials, address) {
      // Both buckets are counted even when the first refuses, so neither is a free probe of the other.
      const waits = await Promise.all([
        address === undefined ? 0 : wait(options.perAddress, address),
        wait(options.perEmail, await emailKey(credentials.email)),
      ]);
      const waitMs = Math.max(...waits);
      if (waitMs > 0) throw new HttpError('ERR_BC_RATE_LIMITED', { headers: retryAfter(waitMs) });
      let signedIn;
      try {
        signedIn = await storefrontLogin(options.graphql, credentials);
      } catch (error) {
        // Whatever BigCommerce said (unknown email, wrong password, locked): one answer. Other failures (timeout,
        // unavailable) keep their own codes.
        if (error instanceof LoginRefusedError) throw new HttpError('ERR_BC_SIGN_IN_FAILED', { cause: error.cause });
        throw error;
      }
      if (!signedIn.customer) {
        throw new HttpError('ERR_BC_UPSTREAM', { cause: new Error('login answered no customer email or group') });
      }
      const sealed = await codec.seal({
        customer: signedIn.customer,
        customerAccessToken: signedIn.customerAccessToken,
      });
      return {
        session: {
          customer: signedIn.customer,
          customerAccessToken: signedIn.customerAccessToken,
          expiresAt: sealed.expiresAt,
        },
        cookie: sealed.value,
      };
    },

    session: (value) => (value === undefined ? Promise.resolve(undefined) : codec.open(value)),

    async signOut(session) {
      await options.graphqlAs(session.customerAccessToken.value)(
        'mutation BcCustomerElementsLogout { logout { result } }',
        {},
        session.customer.id,
      );
    },
  };
}
