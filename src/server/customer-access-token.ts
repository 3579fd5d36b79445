/**
 * Customer access tokens (graphql-storefront.mdx, "Customer access tokens"): the backend's way, recommended by
 * BigCommerce, to make GraphQL Storefront calls as one customer. For the customer of a verified current-customer
 * token the backend mints a customer-login JWT (login-token.ts, `iat` from the store's clock) and spends it on
 * `loginWithCustomerLoginJwt` server-to-server with its private token; the answer's `customerAccessToken` is then
 * sent as `X-Bc-Customer-Access-Token` (with `X-Bc-Error-On-Invalid-Customer-Access-Token: true`, so a dead token is
 * an error and never a silent guest answer).
 *
 * Tokens are cached per customer id (never shared: the key is the verified id and nothing else), until
 * CUSTOMER_ACCESS_TOKEN_RENEW_S before their `expiresAt`, one login at a time per customer (single flight), at most
 * MAX_CACHED_CUSTOMERS (the oldest dropped first). A token the storefront refuses (logged out elsewhere, revoked) is
 * dropped, and the next call logs in again once. Tokens never leave the server: no response, log or error holds one.
 *
 * `storefrontLogin` is the login call itself, for any credential BigCommerce takes (a customer-login JWT here; email
 * and password for a backend sign-in route).
 */
import type { CustomerCredential, GraphqlClient } from './graphql-client.js';
import { customerFromClaim, type Customer } from '../protocol.js';
import { HttpError } from './http.js';
import { isPlainObject } from './validate.js';

/** How long before its `expiresAt` a cached token is replaced, in seconds. */
export const CUSTOMER_ACCESS_TOKEN_RENEW_S = 5 * 60;
/** Customers whose tokens are kept at once. */
export const MAX_CACHED_CUSTOMERS = 10_000;

export interface CustomerAccessToken {
  readonly value: string;
  /** Unix milliseconds. */
  readonly expiresAt: number;
}

export interface SignedIn {
  readonly customerId: number;
  /** The customer as the login answered them (email, group), or `undefined` when the answer did not say. */
  readonly customer: Customer | undefined;
  readonly customerAccessToken: CustomerAccessToken;
}

/**
 * A login BigCommerce refused (wrong password, unknown email, locked account, bad JWT): an `ERR_BC_UPSTREAM` for
 * the backend's own logins (its JWT should never be refused), told apart so a sign-in route can answer its own code.
 */
export class LoginRefusedError extends HttpError {
  constructor(cause: Error) {
    super('ERR_BC_UPSTREAM', { cause });
  }
}

/** What BigCommerce's login mutations take. */
export type LoginCredentials = { readonly jwt: string } | { readonly email: string; readonly password: string };

const LOGIN_FIELDS = 'customer { entityId email customerGroupId } customerAccessToken { value expiresAt }';

/** The documents of the two login mutations, with the guest cart to hand over. */
export function loginDocument(credentials: LoginCredentials): string {
  return 'jwt' in credentials
    ? `mutation BcCustomerElementsLogin($jwt: String!, $cart: String) {
  loginWithCustomerLoginJwt(jwt: $jwt, guestCartEntityId: $cart) { ${LOGIN_FIELDS} }
}`
    : `mutation BcCustomerElementsLogin($email: String!, $password: String!) {
  login(email: $email, password: $password) { ${LOGIN_FIELDS} }
}`;
}

/**
 * Signs a customer in server-to-server and answers their customer access token. A refused login (bad JWT, wrong
 * password) is an `HttpError` whose cause holds BigCommerce's message (never the credentials).
 */
export async function storefrontLogin(
  graphql: GraphqlClient,
  credentials: LoginCredentials,
  guestCartEntityId?: string,
): Promise<SignedIn> {
  const field = 'jwt' in credentials ? 'loginWithCustomerLoginJwt' : 'login';
  const variables =
    'jwt' in credentials
      ? { jwt: credentials.jwt, cart: guestCartEntityId ?? null }
      : { email: credentials.email, password: credentials.password };
  const { data, errors } = await graphql(loginDocument(credentials), variables, undefined);
  const result = data && isPlainObject(data[field]) ? data[field] : undefined;
  const customer = result && isPlainObject(result['customer']) ? result['customer'] : undefined;
  const token = result && isPlainObject(result['customerAccessToken']) ? result['customerAccessToken'] : undefined;
  const customerId = customer?.['entityId'];
  const value = token?.['value'];
  const expiresAt = typeof token?.['expiresAt'] === 'string' ? Date.parse(token['expiresAt']) : NaN;
  if (
    !Number.isSafeInteger(customerId) ||
    typeof value !== 'string' ||
    value === '' ||
    value.length > 4096 ||
    !Number.isFinite(expiresAt)
  ) {
    const cause = new Error(`${field} gave no customer access token: ${errors[0]?.message ?? 'no data'}`);
    // BigCommerce refused the credentials (a GraphQL error at the mutation): not a failing upstream.
    if (errors.some((e) => e.path[0] === field)) throw new LoginRefusedError(cause);
    throw new HttpError('ERR_BC_UPSTREAM', { cause });
  }
  let signedInCustomer: Customer | undefined;
  try {
    signedInCustomer = customerFromClaim({
      id: customerId,
      email: customer?.['email'],
      group_id: customer?.['customerGroupId'],
    });
  } catch {
    signedInCustomer = undefined;
  }
  return { customerId: customerId as number, customer: signedInCustomer, customerAccessToken: { value, expiresAt } };
}

export interface CustomerAccessTokens extends CustomerCredential {
  /** A token for `customerId` valid for at least CUSTOMER_ACCESS_TOKEN_RENEW_S more seconds. */
  get(customerId: number): Promise<string>;
  /** Forgets `value` if it is `customerId`'s current token. */
  drop(customerId: number, value: string): void;
}

export function createCustomerAccessTokens(options: {
  /** The GraphQL client the logins go through (no customer headers: a login speaks for nobody yet). */
  graphql: () => GraphqlClient;
  /** A customer-login JWT for `customerId`, `iat` on the store's clock. */
  loginJwt: (customerId: number) => Promise<string>;
  now: () => number;
}): CustomerAccessTokens {
  const cached = new Map<number, CustomerAccessToken>();
  const pending = new Map<number, Promise<string>>();

  async function login(customerId: number): Promise<string> {
    const signedIn = await storefrontLogin(options.graphql(), { jwt: await options.loginJwt(customerId) });
    // The token must be the asked customer's: anything else would show one customer another's view.
    if (signedIn.customerId !== customerId) {
      throw new HttpError('ERR_BC_UPSTREAM', {
        cause: new Error('loginWithCustomerLoginJwt signed in another customer'),
      });
    }
    cached.delete(customerId);
    const oldest = cached.keys().next();
    if (cached.size >= MAX_CACHED_CUSTOMERS && !oldest.done) cached.delete(oldest.value);
    cached.set(customerId, signedIn.customerAccessToken);
    return signedIn.customerAccessToken.value;
  }

  const tokens: CustomerAccessTokens = {
    get(customerId) {
      const current = cached.get(customerId);
      if (current && current.expiresAt - options.now() > CUSTOMER_ACCESS_TOKEN_RENEW_S * 1000)
        return Promise.resolve(current.value);
      let flight = pending.get(customerId);
      if (!flight) {
        flight = login(customerId).finally(() => pending.delete(customerId));
        pending.set(customerId, flight);
      }
      return flight;
    },
    drop(customerId, value) {
      if (cached.get(customerId)?.value === value) cached.delete(customerId);
    },
    async headers(customerId) {
      return {
        'x-bc-customer-access-token': await tokens.get(customerId),
        'x-bc-error-on-invalid-customer-access-token': 'true',
      };
    },
    refused(customerId, headers) {
      const value = headers['x-bc-customer-access-token'];
      if (value !== undefined) tokens.drop(customerId, value);
    },
  };
  return tokens;
}
