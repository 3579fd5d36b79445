/**
 * Signing in and out, loaded on demand (`signIn()` / `signOut()` in account.ts import this module at their first
 * call, so the script-tag bundles leave it in a chunk of its own): which way, the requests, and the session after.
 *
 * On the storefront's origin, hosted: the GraphQL Storefront API's `login` / `logout` mutations at
 * `{storefront}/graphql`, sent with the store's storefront token and `credentials: 'include'` so the storefront sets
 * (or ends) its own session cookie. Elsewhere, through the backend: `POST {endpoint}/sign-in` / `/sign-out` with
 * `credentials: 'include'`, the backend keeping the session in its own cookie. The password goes in this one request
 * and nowhere else.
 */
import { BcError } from '../errors.js';
import { ROUTES, type Customer } from '../protocol.js';
import type { AccountOptions, SignInOptions } from './account.js';
import { createBackendClient, endpointOf } from './backend.js';
import { liveHint, pageStorage, readSessionAnswer, writeHint } from './backend-session.js';
import { configError, resolveConfig, type StoreConfig } from './config.js';
import { withDeadline } from './deadline.js';
import { getSession, isStorefrontPage } from './session.js';

const LOGIN =
  'mutation BcSignIn($email: String!, $password: String!) { login(email: $email, password: $password) { customer { entityId email } } }';

export interface StorefrontSignInOptions {
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
export async function storefrontSignIn(options: StorefrontSignInOptions): Promise<Pick<Customer, 'id' | 'email'>> {
  const body = (await storefrontGraphql(options, LOGIN, { email: options.email, password: options.password })) as {
    data?: { login?: { customer?: { entityId?: unknown; email?: unknown } | null } | null } | null;
    errors?: { message?: unknown }[];
  };
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

/** The storefront's GraphQL answer to `query` (the storefront token, its cookies). Rejects with a coded `BcError`. */
async function storefrontGraphql(
  options: Pick<StorefrontSignInOptions, 'storefront' | 'storefrontToken' | 'fetch' | 'timeoutMs'>,
  query: string,
  variables: Record<string, unknown>,
): Promise<unknown> {
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const timeout = new BcError('ERR_BC_UPSTREAM_TIMEOUT', 'The storefront did not answer in time.');
  try {
    return await withDeadline(options.timeoutMs ?? 15_000, timeout, async (signal) => {
      const response = await fetchFn(`${new URL(options.storefront).origin}/graphql`, {
        method: 'POST',
        credentials: 'include',
        cache: 'no-store',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.storefrontToken}` },
        body: JSON.stringify({ query, variables }),
        signal,
      });
      if (response.status === 401 || response.status === 403) {
        throw new BcError('ERR_BC_CONFIG_INVALID', 'The storefront refused the storefront token.');
      }
      if (!response.ok) throw new BcError('ERR_BC_UPSTREAM', `The storefront answered ${response.status}.`);
      return (await response.json()) as unknown;
    });
  } catch (cause) {
    if (cause instanceof BcError) throw cause;
    if (cause instanceof SyntaxError)
      throw new BcError('ERR_BC_UPSTREAM', 'The storefront gave an unreadable answer.', { cause });
    throw new BcError('ERR_BC_UPSTREAM_UNAVAILABLE', 'The storefront could not be reached.', { cause });
  }
}

const LOGOUT = 'mutation BcSignOut { logout { result } }';

/** Ends the storefront's own session (hosted `logout`). Rejects with a coded `BcError`. */
export async function storefrontSignOut(
  options: Pick<StorefrontSignInOptions, 'storefront' | 'storefrontToken' | 'fetch' | 'timeoutMs'>,
): Promise<void> {
  const body = (await storefrontGraphql(options, LOGOUT, {})) as { data?: { logout?: { result?: unknown } | null } };
  if (body?.data?.logout?.result !== 'success') {
    throw new BcError('ERR_BC_UPSTREAM', 'The storefront did not sign the customer out.');
  }
}

export interface BackendSignInOptions {
  /** The backend's base URL. */
  endpoint: string;
  email: string;
  password: string;
  fetch?: typeof fetch;
  /** Default 15 000 ms. */
  timeoutMs?: number;
}

/**
 * `POST {endpoint}/sign-in` with the backend's cookie: resolves with the customer and the session's `expiresAt`, or
 * rejects with the backend's coded error (`ERR_BC_SIGN_IN_FAILED`, `ERR_BC_RATE_LIMITED` with `retryAfter`, …),
 * `ERR_BC_UPSTREAM_UNAVAILABLE` or `ERR_BC_UPSTREAM_TIMEOUT`.
 */
export async function backendSignIn(options: BackendSignInOptions): Promise<{ customer: Customer; expiresAt: number }> {
  const backend = createBackendClient({
    endpoint: options.endpoint,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const timeout = new BcError('ERR_BC_UPSTREAM_TIMEOUT', 'The backend did not answer the sign-in in time.');
  const answer = await withDeadline(options.timeoutMs ?? 15_000, timeout, (signal) =>
    backend.postJson(ROUTES.signIn, { email: options.email, password: options.password }, { signal, cookies: true }),
  );
  return readSessionAnswer(answer);
}

/** `POST {endpoint}/sign-out` with the backend's cookie, which it clears (and the storefront session with it). */
export async function backendSignOut(options: Pick<BackendSignInOptions, 'endpoint' | 'fetch' | 'timeoutMs'>) {
  const backend = createBackendClient({
    endpoint: options.endpoint,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const timeout = new BcError('ERR_BC_UPSTREAM_TIMEOUT', 'The backend did not answer the sign-out in time.');
  await withDeadline(options.timeoutMs ?? 15_000, timeout, (signal) =>
    backend.postJson(ROUTES.signOut, {}, { signal, cookies: true }),
  );
}

/**
 * `signIn()` (account.ts), loaded on demand. Signs the shopper in; resolves with the customer once the page's session shows them, or rejects with a `BcError`.
 * Hosted (on the storefront): `ERR_BC_INVALID_CREDENTIALS`, `ERR_BC_ACCOUNT_LOCKED`, `ERR_BC_CONFIG_MISSING` (no
 * storefront token), `ERR_BC_CONFIG_INVALID` (token refused). Through the backend (elsewhere):
 * `ERR_BC_SIGN_IN_FAILED` (wrong email or password, locked account: one answer), `ERR_BC_RATE_LIMITED` (with
 * `retryAfter`, seconds), `ERR_BC_CONFIG_MISSING` (no endpoint), `ERR_BC_SESSION_NOT_KEPT` (the browser did not
 * send the backend's cookie back). Either way `ERR_BC_UNTRUSTED_ORIGIN`, `ERR_BC_UPSTREAM_UNAVAILABLE`,
 * `ERR_BC_UPSTREAM_TIMEOUT`, `ERR_BC_UPSTREAM`.
 */
export async function runSignIn(options: SignInOptions): Promise<Pick<Customer, 'id' | 'email'>> {
  const config = settingsOf(options);
  const common = commonOf(options);
  const credentials = { email: options.email, password: options.password };
  if (hosted(config)) {
    const storefront = storefrontOf(config);
    const customer = await storefrontSignIn({ ...storefront, ...credentials, ...common });
    if (config.appClientId) await getSession(config).refresh();
    return customer;
  }
  const endpoint = endpointFor(config);
  const { customer, expiresAt } = await backendSignIn({ endpoint, ...credentials, ...common });
  if (!writeHint(pageStorage(), endpoint, expiresAt)) {
    // Signed in at the backend, but the page cannot remember it, so no page would ever ask for the session: end it
    // rather than leave a session nobody sees.
    await backendSignOut({ endpoint, ...common }).catch(() => undefined);
    throw new BcError(
      'ERR_BC_SESSION_NOT_KEPT',
      'The browser refuses this page storage (localStorage), where it keeps the note that the shopper signed in ' +
        'through the backend, so the sign-in cannot be kept.',
    );
  }
  if (config.appClientId) {
    const session = getSession(config);
    const state = await session.refresh();
    if (state.customer?.id !== customer.id) {
      // Another sign-in (another tab, or this page again) overtook this one: the page shows that customer, and the
      // hint is theirs to keep.
      if (state.customer) {
        throw new BcError('ERR_BC_CUSTOMER_CHANGED', 'Another sign-in overtook this one: the page shows its customer.');
      }
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
 * `signOut()` (account.ts), loaded on demand. Signs the shopper out: on the storefront, its hosted `logout`; elsewhere the backend's `/sign-out` (which ends the
 * storefront session opened from it too) and its hint. Resolves once the page's session has been asked again;
 * rejects with a `BcError` as `signIn` does.
 */
export async function runSignOut(options: AccountOptions = {}): Promise<void> {
  const config = settingsOf(options);
  const common = commonOf(options);
  if (hosted(config)) {
    const storefront = storefrontOf(config);
    await storefrontSignOut({ ...storefront, ...common });
  } else {
    const endpoint = endpointFor(config);
    await backendSignOut({ endpoint, ...common });
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
