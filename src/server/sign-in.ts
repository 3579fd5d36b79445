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
import {
  customerFromClaim,
  MAX_EMAIL_LENGTH,
  MAX_PASSWORD_LENGTH,
  type Customer,
  type SignInRequest,
} from '../protocol.js';
import { LoginRefusedError, storefrontLogin } from './customer-access-token.js';
import { CustomerRefusedError, type GraphqlClient } from './graphql-client.js';
import { HttpError, retryAfter } from './http.js';
import type { Limiter } from './rate-limit.js';
import type { SessionClaims, SessionCookieCodec } from './session-cookie.js';
import { isPlainObject } from './validate.js';

/** Name of the backend's session cookie. */
export const SESSION_COOKIE = 'bc_customer_session';
/** Sign-in attempts per client address per window, and per email per window (defaults of `signInLimits`). */
export const SIGN_IN_LIMITS = { perAddress: 10, perEmail: 5, windowMs: 15 * 60_000 } as const;
/** How long BigCommerce's acceptance of a session's customer access token is trusted before asking again, in ms. */
export const SESSION_CONFIRM_MS = 60_000;
/** Sessions whose confirmation is remembered at once (the oldest forgotten first). */
export const MAX_CONFIRMED_SESSIONS = 10_000;

/**
 * BigCommerce refused a session's customer access token (logged out on another device, revoked): the session is
 * over. The handler answers 401 with the cookie cleared (`sessionOver`), and the page goes on as a guest.
 */
export class SessionRefusedError extends HttpError {
  constructor() {
    super('ERR_BC_UNAUTHORIZED', { cause: new Error("BigCommerce refused the session's customer access token") });
  }
}

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

/** Whether `url` is plain HTTP on a loopback name (the demo). */
function isLocalHttp(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
  } catch {
    return false;
  }
}

/**
 * Whether the cookie may go without `Secure`: only when both the backend's own URL and the page (`Origin`, when
 * sent) are plain HTTP on a loopback name, as in the demo. A backend behind a proxy that ends TLS sees its own URL as
 * `http://127.0.0.1:…`; the page's `https://` origin keeps the cookie `Secure` there.
 */
function mayBeInsecure(request: Request): boolean {
  const origin = request.headers.get('origin');
  return isLocalHttp(request.url) && (origin === null || isLocalHttp(origin));
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
  if (!mayBeInsecure(request)) attributes.push('Secure');
  return attributes.join('; ');
}

/**
 * The session cookie's value in a request, or `undefined` when there is none. More than one cookie of that name gives
 * `''` (no session): a sibling host of the same site can plant one for the whole domain (`Domain=example.com`), and
 * the browser sends both with no sign of which the backend set. Trusting either would let a planted session (the
 * attacker's own account) take the shopper's checkout; refusing both costs the shopper a sign-in, never an account.
 */
export function sessionCookieValue(request: Request): string | undefined {
  const header = request.headers.get('cookie');
  if (!header) return undefined;
  const values = header
    .split(';')
    .map((pair) => pair.split('='))
    .filter(([name]) => name?.trim() === SESSION_COOKIE)
    .map(([, ...value]) => value.join('=').trim());
  return values.length > 1 ? '' : values[0];
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
  /**
   * The session's customer as BigCommerce knows them now (the group may have changed since sign-in), asked with the
   * session's customer access token and remembered for SESSION_CONFIRM_MS; throws `SessionRefusedError` when the
   * token no longer speaks for that customer, and the upstream error when BigCommerce cannot be asked.
   */
  confirm(session: SessionClaims): Promise<Customer>;
  /**
   * A GraphQL client speaking as the session's customer with its customer access token (the `customerId` argument
   * must be the session's). A refused token is a `SessionRefusedError`.
   */
  graphqlFor(session: SessionClaims): GraphqlClient;
}

export function createSignInService(options: {
  /** The GraphQL client logins go through (private token, no customer). */
  graphql: GraphqlClient;
  /** A GraphQL client speaking with one customer access token, for `logout`. */
  graphqlAs: (customerAccessToken: string) => GraphqlClient;
  codec: SessionCookieCodec;
  perAddress: Limiter | undefined;
  perEmail: Limiter | undefined;
  now: () => number;
}): SignInService {
  const { codec, now } = options;
  const wait = async (limiter: Limiter | undefined, key: string) => (limiter ? limiter.take(key) : 0);
  /** Customer access tokens BigCommerce accepted: their customer as it answered, and until when that holds (ms). */
  const confirmed = new Map<string, { customer: Customer; until: number }>();

  /**
   * `graphqlAs(token)`, with a refusal told apart: the GraphQL client already retried once with a fresh server-side
   * token, so one cheap question with that token alone (no customer) says whose fault it was. Only if it is answered
   * was the customer access token the one refused; otherwise the store is failing for everyone and the session lives.
   */
  const graphqlFor =
    (session: SessionClaims): GraphqlClient =>
    async (document, variables, customerId) => {
      try {
        return await options.graphqlAs(session.customerAccessToken.value)(document, variables, customerId);
      } catch (error) {
        if (!(error instanceof CustomerRefusedError)) throw error;
        await options.graphql('query BcCustomerElementsProbe { __typename }', {}, undefined).catch(() => {
          throw error;
        });
        confirmed.delete(session.customerAccessToken.value);
        throw new SessionRefusedError();
      }
    };

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
      confirmed.delete(session.customerAccessToken.value);
      await options.graphqlAs(session.customerAccessToken.value)(
        'mutation BcCustomerElementsLogout { logout { result } }',
        {},
        session.customer.id,
      );
    },

    async confirm(session) {
      const token = session.customerAccessToken.value;
      const known = confirmed.get(token);
      if (known && known.until > now()) return known.customer;
      const { data } = await graphqlFor(session)(
        'query BcCustomerElementsSession { customer { entityId email customerGroupId } }',
        {},
        session.customer.id,
      );
      if (!data || !('customer' in data)) {
        throw new HttpError('ERR_BC_UPSTREAM', { cause: new Error('session check answered no customer field') });
      }
      const answered = isPlainObject(data['customer']) ? data['customer'] : undefined;
      // Nobody (or another customer) is as good as a refusal: the token no longer speaks for the sealed customer.
      if (answered?.['entityId'] !== session.customer.id) throw new SessionRefusedError();
      let customer: Customer;
      try {
        customer = customerFromClaim({
          id: answered['entityId'],
          email: answered['email'],
          group_id: answered['customerGroupId'],
        });
      } catch (cause) {
        throw new HttpError('ERR_BC_UPSTREAM', { cause });
      }
      confirmed.delete(token);
      const oldest = confirmed.keys().next();
      if (confirmed.size >= MAX_CONFIRMED_SESSIONS && !oldest.done) confirmed.delete(oldest.value);
      confirmed.set(token, { customer, until: now() + SESSION_CONFIRM_MS });
      return customer;
    },

    graphqlFor,
  };
}
