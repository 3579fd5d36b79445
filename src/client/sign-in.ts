/**
 * Hosted sign-in: the GraphQL Storefront API's `login` mutation at `{storefront}/graphql`, sent with the store's
 * storefront token and `credentials: 'include'` so the storefront sets its own session cookie. The password goes in
 * the variables of this one request to the storefront, and nowhere else.
 */
import { BcError } from '../errors.js';
import { withDeadline } from './deadline.js';
import type { Customer } from '../protocol.js';

const LOGIN =
  'mutation BcSignIn($email: String!, $password: String!) { login(email: $email, password: $password) { customer { entityId email } } }';

export interface SignInOptions {
  /** Storefront origin; the page's own in the usual case (the session cookie is the storefront's). */
  storefront: string;
  /** The store's storefront API token (a Stencil theme has it as `{{settings.storefront_api.token}}`). */
  storefrontToken: string;
  email: string;
  password: string;
  fetch?: typeof fetch;
  /** Default 15 000 ms. */
  timeoutMs?: number;
}

/**
 * Signs the shopper in; resolves with the customer, or rejects with a `BcError`: `ERR_BC_INVALID_CREDENTIALS`,
 * `ERR_BC_ACCOUNT_LOCKED`, `ERR_BC_UPSTREAM_UNAVAILABLE` (network), `ERR_BC_UPSTREAM_TIMEOUT`,
 * `ERR_BC_CONFIG_INVALID` (token refused) or `ERR_BC_UPSTREAM`.
 */
export async function signIn(options: SignInOptions): Promise<Pick<Customer, 'id' | 'email'>> {
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  let body: {
    data?: { login?: { customer?: { entityId?: unknown; email?: unknown } | null } | null } | null;
    errors?: { message?: unknown }[];
  };
  const timeout = new BcError('ERR_BC_UPSTREAM_TIMEOUT', 'The storefront did not answer in time.');
  try {
    body = await withDeadline(options.timeoutMs ?? 15_000, timeout, async (signal) => {
      const response = await fetchFn(`${new URL(options.storefront).origin}/graphql`, {
        method: 'POST',
        credentials: 'include',
        cache: 'no-store',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.storefrontToken}` },
        body: JSON.stringify({ query: LOGIN, variables: { email: options.email, password: options.password } }),
        signal,
      });
      if (response.status === 401 || response.status === 403) {
        throw new BcError('ERR_BC_CONFIG_INVALID', 'The storefront refused the storefront token.');
      }
      if (!response.ok)
        throw new BcError('ERR_BC_UPSTREAM', `The storefront answered ${response.status} to the sign-in.`);
      return response.json();
    });
  } catch (cause) {
    if (cause instanceof BcError) throw cause;
    if (cause instanceof SyntaxError)
      throw new BcError('ERR_BC_UPSTREAM', 'The storefront gave an unreadable answer.', { cause });
    throw new BcError('ERR_BC_UPSTREAM_UNAVAILABLE', 'The storefront could not be reached.', { cause });
  }
  const customer = body?.data?.login?.customer;
  if (customer && typeof customer.entityId === 'number' && typeof customer.email === 'string') {
    return { id: customer.entityId, email: customer.email };
  }
  const message = String(body?.errors?.[0]?.message ?? '');
  // BigCommerce documents no error codes for login, only messages [inferred from its answers].
  if (/lock/i.test(message))
    throw new BcError('ERR_BC_ACCOUNT_LOCKED', 'The account is locked after too many failed sign-ins.');
  if (/credential|password|incorrect|invalid/i.test(message))
    throw new BcError('ERR_BC_INVALID_CREDENTIALS', 'The email or password is incorrect.');
  throw new BcError('ERR_BC_UPSTREAM', 'The storefront did not sign the customer in.');
}
