/**
 * `POST /checkout`: fresh redirect URLs for a cart (they are single use), and the checkout URL among them, checked to
 * stay on the storefront. The storefront origin comes from configuration alone, never from `Host` or
 * `X-Forwarded-Host`.
 *
 * No customer-login token is minted for a shopper identified by a current-customer token: that token proves the
 * shopper already has a storefront session, which carries them into checkout signed in. A login token would only add
 * a way to turn a stolen 15-minute current-customer token into a storefront session of its own (docs/security.md).
 * The same holds for `checkout: 'graphql'` with customer access tokens: `createCartRedirectUrls` is asked with the
 * private token alone, never with the shopper's customer access token, to which BigCommerce would answer a session-sync
 * URL that signs in whoever visits it (graphql-pricing.ts, `cartRedirectUrls`; docs/graphql.md, "Checkout").
 *
 * A shopper signed in through the backend (its `HttpOnly` session cookie, issue #17) is the one case for that URL:
 * their storefront has no session of theirs to carry them, no bearer token exists to steal, and the URL is handed only
 * to a request the cookie and an exact Origin identify. `/checkout` then asks `createCartRedirectUrls` with the
 * session's customer access token, whatever `checkout` is configured to, and the session-sync URL it answers signs
 * the shopper into the storefront on the way to checkout.
 */
import { isCartId, type CheckoutRequest, type CheckoutResponse, type Customer } from '../protocol.js';
import { HttpError } from './http.js';
import type { Logger } from './log.js';
import { checkedRedirectPath } from './redirect.js';
import { UpstreamStatusError, type Upstream } from './upstream.js';
import { invalid, isPlainObject, onlyKeys } from './validate.js';

export function parseCheckoutRequest(body: unknown): CheckoutRequest {
  if (!isPlainObject(body)) invalid('The body must be a JSON object.');
  onlyKeys(body, ['cartId', 'embedded'], 'The body');
  const { cartId, embedded } = body;
  if (!isCartId(cartId)) invalid('cartId must be a cart id.');
  if (embedded !== undefined && typeof embedded !== 'boolean') invalid('embedded must be a boolean.');
  return embedded === undefined ? { cartId } : { cartId, embedded };
}

export interface CheckoutService {
  /** `redirectUrls`: another source for this request (the backend session's session-sync URLs). */
  checkout(
    request: CheckoutRequest,
    customer: Customer | undefined,
    redirectUrls?: RedirectUrlsSource,
  ): Promise<CheckoutResponse>;
}

/**
 * Where a cart's redirect URLs come from, answered in the REST shape `{data: {checkout_url, embedded_checkout_url}}`;
 * an unknown cart is an `UpstreamStatusError` 404.
 */
export type RedirectUrlsSource = (cartId: string, customer: Customer | undefined) => Promise<unknown>;

/** `POST /v3/carts/{cartId}/redirect_urls` (carts.v3.yml). */
export const restRedirectUrls =
  (upstream: Upstream): RedirectUrlsSource =>
  (cartId) =>
    upstream({ route: 'redirect_urls', method: 'POST', path: `/v3/carts/${encodeURIComponent(cartId)}/redirect_urls` });

export function createCheckoutService(options: {
  redirectUrls: RedirectUrlsSource;
  storefrontOrigin: string;
  logger: Logger;
}): CheckoutService {
  const { storefrontOrigin, logger } = options;
  return {
    async checkout({ cartId, embedded }, customer, redirectUrls = options.redirectUrls) {
      let body: unknown;
      try {
        body = await redirectUrls(cartId, customer);
      } catch (error) {
        if (error instanceof UpstreamStatusError && error.upstreamStatus === 404) {
          throw new HttpError('ERR_BC_CART_NOT_FOUND');
        }
        throw error;
      }
      const data = isPlainObject(body) ? body['data'] : undefined;
      const raw = isPlainObject(data) ? data[embedded ? 'embedded_checkout_url' : 'checkout_url'] : undefined;
      if (typeof raw !== 'string') {
        logger.warn('upstream_failed', { route: 'redirect_urls', reason: 'no checkout url in answer' });
        throw new HttpError('ERR_BC_UPSTREAM');
      }
      let redirectTo: string;
      try {
        redirectTo = checkedRedirectPath(raw, storefrontOrigin);
      } catch (error) {
        logger.warn('redirect_refused', {
          route: 'redirect_urls',
          reason: error instanceof Error && error.cause instanceof Error ? error.cause.message : 'invalid',
        });
        throw error;
      }
      return { url: `${storefrontOrigin}${redirectTo}`, signedIn: customer !== undefined };
    },
  };
}
