/**
 * `signIn()` and `signOut()`: the shopper signs in or out, and every bc-* element on the page (and, through the
 * session's cross-tab channel and the backend session's hint, in the page's other tabs) follows. Which way depends on
 * where the page is:
 * - on the storefront's own origin, hosted: the GraphQL Storefront API's `login` / `logout` with the store's storefront
 *   token, the storefront's own session cookie (what `<bc-sign-in>` always did);
 * - on any other origin, through the backend (`POST {endpoint}/sign-in` / `/sign-out`), which keeps the session in its
 *   own first-party cookie: the way that works with third-party cookies blocked, as long as the backend is on the
 *   page's site (docs/elements.md).
 * All of it but these wrappers loads on demand (sign-in.ts, a chunk beside the ES-module script-tag bundle): a page
 * that never signs in never fetches it.
 */
import { BcError } from '../errors.js';
import type { Customer } from '../protocol.js';

/** Where to sign in or out: the page's settings, or the ones given here. */
export interface AccountOptions {
  /**
   * The element whose settings apply (its own, then its `<bc-store>`'s, as the elements resolve them). Default: the
   * page's first `<bc-store>`.
   */
  element?: Element;
  /** Storefront origin (default: the element's setting, else the page's origin). */
  storefront?: string;
  /** The store's storefront API token, for the hosted path (a Stencil theme has `{{settings.storefront_api.token}}`). */
  storefrontToken?: string;
  /** The backend's URL, for the path off the storefront. */
  endpoint?: string;
  /** The app's client id: the session of this app is refreshed, so the elements follow. */
  appClientId?: string;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Default 15 000 ms. */
  timeoutMs?: number;
}

export interface SignInOptions extends AccountOptions {
  email: string;
  password: string;
}

/**
 * Signs the shopper in; resolves with the customer once the page's session shows them, or rejects with a `BcError`.
 * Hosted (on the storefront): `ERR_BC_INVALID_CREDENTIALS`, `ERR_BC_ACCOUNT_LOCKED`, `ERR_BC_CONFIG_MISSING` (no
 * storefront token), `ERR_BC_CONFIG_INVALID` (token refused). Through the backend (elsewhere):
 * `ERR_BC_SIGN_IN_FAILED` (wrong email or password, locked account: one answer), `ERR_BC_RATE_LIMITED` (with
 * `retryAfter`, seconds), `ERR_BC_CONFIG_MISSING` (no endpoint), `ERR_BC_SESSION_NOT_KEPT` (the browser did not
 * send the backend's cookie back). Either way `ERR_BC_UNTRUSTED_ORIGIN`, `ERR_BC_UPSTREAM_UNAVAILABLE` (also: the
 * sign-in code could not be loaded), `ERR_BC_UPSTREAM_TIMEOUT`, `ERR_BC_UPSTREAM`.
 */
export async function signIn(options: SignInOptions): Promise<Pick<Customer, 'id' | 'email'>> {
  return (await load()).runSignIn(options);
}

/**
 * Signs the shopper out: on the storefront, its hosted `logout`; elsewhere the backend's `/sign-out` (which ends the
 * storefront session opened from it too) and its hint. Resolves once the page's session has been asked again;
 * rejects with a `BcError` as `signIn` does.
 */
export async function signOut(options: AccountOptions = {}): Promise<void> {
  return (await load()).runSignOut(options);
}

/** The sign-in code; a failed load is tried again at the next call. */
async function load(): Promise<typeof import('./sign-in.js')> {
  try {
    return await import('./sign-in.js');
  } catch (cause) {
    throw new BcError('ERR_BC_UPSTREAM_UNAVAILABLE', 'The sign-in code could not be loaded.', { cause });
  }
}
