/**
 * `signIn()` and `signOut()`: the shopper signs in or out, and every bc-* element on the page (and, through the
 * session's cross-tab channel and the backend session's hint, in the page's other tabs) follows. Which way depends on
 * where the page is:
 * - on the storefront's own origin, hosted: the GraphQL Storefront API's `login` / `logout` with the store's storefront
 *   token, the storefront's own session cookie (what `<bc-sign-in>` always did);
 * - on any other origin, through the backend (`POST {endpoint}/sign-in` / `/sign-out`), which keeps the session in its
 *   own first-party cookie: the way that works with third-party cookies blocked, as long as the backend is on the
 *   page's site (docs/elements.md).
 * The requests themselves load on demand (sign-in.ts): a page that never signs in never fetches them.
 */
import { BcError } from '../errors.js';
import type { Customer } from '../protocol.js';
import { liveHint, pageStorage, writeHint } from './backend-session.js';
import { endpointOf } from './backend.js';
import { configError, resolveConfig, type StoreConfig } from './config.js';
import { getSession, isStorefrontPage } from './session.js';

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
 * send the backend's cookie back). Either way `ERR_BC_UNTRUSTED_ORIGIN`, `ERR_BC_UPSTREAM_UNAVAILABLE`,
 * `ERR_BC_UPSTREAM_TIMEOUT`, `ERR_BC_UPSTREAM`.
 */
export async function signIn(options: SignInOptions): Promise<Pick<Customer, 'id' | 'email'>> {
  const config = settingsOf(options);
  const common = commonOf(options);
  const credentials = { email: options.email, password: options.password };
  if (hosted(config)) {
    const storefront = storefrontOf(config);
    const customer = await (
      await import('./sign-in.js')
    ).storefrontSignIn({ ...storefront, ...credentials, ...common });
    if (config.appClientId) await getSession(config).refresh();
    return customer;
  }
  const endpoint = endpointFor(config);
  const requests = await import('./sign-in.js');
  const { customer, expiresAt } = await requests.backendSignIn({ endpoint, ...credentials, ...common });
  writeHint(pageStorage(), endpoint, expiresAt);
  if (config.appClientId) {
    const session = getSession(config);
    const state = await session.refresh();
    if (state.customer?.id !== customer.id) {
      // The backend said guest to its own cookie (the hint is gone): the browser did not keep or send it. Else the
      // check itself failed, and says why.
      if (liveHint(pageStorage(), endpoint, Date.now()) && session.error) throw session.error;
      writeHint(pageStorage(), endpoint, null);
      throw new BcError(
        'ERR_BC_SESSION_NOT_KEPT',
        `The backend at ${endpoint} signed the shopper in, but the browser did not send its session cookie back: ` +
          "with third-party cookies blocked, the backend must be on the page's site (docs/elements.md).",
      );
    }
  }
  return { id: customer.id, email: customer.email };
}

/**
 * Signs the shopper out: on the storefront, its hosted `logout`; elsewhere the backend's `/sign-out` (which ends the
 * storefront session opened from it too) and its hint. Resolves once the page's session has been asked again;
 * rejects with a `BcError` as `signIn` does.
 */
export async function signOut(options: AccountOptions = {}): Promise<void> {
  const config = settingsOf(options);
  const common = commonOf(options);
  if (hosted(config)) {
    const storefront = storefrontOf(config);
    await (await import('./sign-in.js')).storefrontSignOut({ ...storefront, ...common });
  } else {
    const endpoint = endpointFor(config);
    await (await import('./sign-in.js')).backendSignOut({ endpoint, ...common });
    writeHint(pageStorage(), endpoint, null);
  }
  if (config.appClientId) await getSession(config).refresh();
}

/** The page's settings for `options.element` (else the first `<bc-store>`), with the options' own values over them. */
function settingsOf(options: AccountOptions): StoreConfig {
  const element = options.element ?? document.querySelector('bc-store') ?? document.documentElement;
  const config = resolveConfig(element);
  for (const key of ['storefront', 'storefrontToken', 'endpoint', 'appClientId'] as const) {
    const value = options[key]?.trim();
    if (value) config[key] = key === 'storefront' ? new URL(value).origin : value;
  }
  return config;
}

/** Whether the hosted path applies: the page is on the storefront's origin (refusing a storefront it does not trust). */
function hosted(config: StoreConfig): boolean {
  const untrusted = configError(config, ['storefront']);
  if (untrusted) throw untrusted;
  return isStorefrontPage(config.storefront);
}

function commonOf(options: AccountOptions): { fetch?: typeof fetch; timeoutMs: number } {
  return { ...(options.fetch ? { fetch: options.fetch } : {}), timeoutMs: options.timeoutMs ?? 15_000 };
}

/** The hosted path's settings: a storefront the page trusts (the password goes there) and its token. */
function storefrontOf(config: StoreConfig): { storefront: string; storefrontToken: string } {
  if (!config.storefrontToken) {
    throw new BcError(
      'ERR_BC_CONFIG_MISSING',
      'bc-sign-in: no storefront token. Set storefront-token on <bc-store> or the element.',
    );
  }
  return { storefront: config.storefront, storefrontToken: config.storefrontToken };
}

/** The backend path's endpoint: one the page trusts (the password goes there), as requests use it. */
function endpointFor(config: StoreConfig): string {
  const problem = configError(config, ['endpoint']);
  if (problem) throw problem;
  return endpointOf(config.endpoint);
}
