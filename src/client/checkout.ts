/**
 * The checkout flow of `<bc-checkout-button>` without the view: ask the backend's `/checkout` for the cart's URL
 * (a `/login/token/…` URL that signs the shopper in when they are signed in), and refuse any URL that does not
 * lead to the configured storefront: a tampered or misconfigured backend must not send shoppers elsewhere.
 */
import { BcError } from '../errors.js';
import { ROUTES, type CheckoutRequest, type CheckoutResponse } from '../protocol.js';

/** Sends the JSON body to a backend route (a `BackendClient`'s `postJson`). */
export type PostJson = <T>(route: string, body: unknown, options?: { signal?: AbortSignal }) => Promise<T>;

export interface CheckoutUrlOptions {
  readonly cartId: string;
  /** Ask for the embedded checkout URL (checkout-sdk `embedCheckout`). */
  readonly embedded?: boolean;
  /** Origin of the storefront: the only origin the answer may lead to. */
  readonly storefront: string;
  readonly postJson: PostJson;
  /** Awaited first, so a signed-in shopper's token is known before the request (the session's `ready()`). */
  readonly ready?: () => Promise<unknown>;
  readonly signal?: AbortSignal;
}

/** The checked answer of `/checkout`. */
export interface CheckoutUrl {
  /** Absolute URL on the storefront's origin. */
  readonly url: string;
  /** Whether following `url` signs the shopper in. */
  readonly signedIn: boolean;
}

/** Asks the backend for the checkout URL of a cart and checks where it leads. Rejects with a coded `BcError`. */
export async function requestCheckoutUrl(options: CheckoutUrlOptions): Promise<CheckoutUrl> {
  await options.ready?.();
  const body: CheckoutRequest = { cartId: options.cartId, ...(options.embedded ? { embedded: true } : {}) };
  const answer = await options.postJson<CheckoutResponse>(
    ROUTES.checkout,
    body,
    options.signal ? { signal: options.signal } : {},
  );
  if (typeof answer !== 'object' || answer === null) {
    throw new BcError('ERR_BC_UPSTREAM', 'The backend sent a malformed checkout answer.');
  }
  return { url: checkStorefrontUrl(answer.url, options.storefront), signedIn: answer.signedIn === true };
}

/**
 * `url` as an absolute http(s) URL on `storefront`'s origin, with no user info; anything else (another host, a
 * relative or protocol-relative URL, `javascript:`) is refused with `ERR_BC_INVALID_REDIRECT`.
 */
export function checkStorefrontUrl(url: unknown, storefront: string): string {
  const refuse = () =>
    new BcError('ERR_BC_INVALID_REDIRECT', `Refused to leave for a checkout URL outside the storefront ${storefront}.`);
  if (typeof url !== 'string' || url === '') throw refuse();
  let parsed: URL;
  let expected: string;
  try {
    parsed = new URL(url);
    expected = new URL(storefront).origin;
  } catch (cause) {
    throw new BcError('ERR_BC_INVALID_REDIRECT', `Refused a checkout URL that is not absolute.`, { cause });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw refuse();
  if (parsed.username !== '' || parsed.password !== '') throw refuse();
  if (parsed.origin !== expected) throw refuse();
  return parsed.href;
}
