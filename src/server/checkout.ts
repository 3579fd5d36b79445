/**
 * `POST /checkout`: fresh redirect URLs for a cart (they are single use), then either the plain checkout URL
 * (guest) or a customer-login URL that signs the verified customer in and lands them on that checkout.
 * The storefront origin comes from configuration alone, never from `Host` or `X-Forwarded-Host`.
 */
import type { CheckoutRequest, CheckoutResponse, Customer } from '../protocol.js';
import { HttpError } from './http.js';
import type { Logger } from './log.js';
import type { LoginTokenMinter } from './login-token.js';
import { checkedRedirectPath } from './redirect.js';
import type { StoreClock } from './store-clock.js';
import { UpstreamStatusError, type Upstream } from './upstream.js';
import { invalid, isPlainObject, onlyKeys } from './validate.js';

/** A cart id as BigCommerce issues them (a UUID); anything else is refused before it reaches a URL. */
const CART_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

export function parseCheckoutRequest(body: unknown): CheckoutRequest {
  if (!isPlainObject(body)) invalid('The body must be a JSON object.');
  onlyKeys(body, ['cartId', 'embedded'], 'The body');
  const { cartId, embedded } = body;
  if (typeof cartId !== 'string' || !CART_ID.test(cartId)) invalid('cartId must be a cart id.');
  if (embedded !== undefined && typeof embedded !== 'boolean') invalid('embedded must be a boolean.');
  return embedded === undefined ? { cartId } : { cartId, embedded };
}

export interface CheckoutService {
  checkout(request: CheckoutRequest, customer: Customer | undefined, requestIp?: string): Promise<CheckoutResponse>;
}

export function createCheckoutService(options: {
  upstream: Upstream;
  clock: StoreClock;
  minter: LoginTokenMinter;
  storefrontOrigin: string;
  logger: Logger;
}): CheckoutService {
  const { upstream, clock, minter, storefrontOrigin, logger } = options;
  return {
    async checkout({ cartId, embedded }, customer, requestIp) {
      // The store clock and the redirect URLs share one deadline, counted from here.
      const startedAt = Date.now();
      // Warm the store clock first (usually cached): the redirect URLs are single use, so fetch them last.
      if (customer) await clock.nowSeconds();
      let body: unknown;
      try {
        body = await upstream({
          route: 'redirect_urls',
          method: 'POST',
          path: `/v3/carts/${encodeURIComponent(cartId)}/redirect_urls`,
          startedAt,
        });
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
      if (!customer) return { url: `${storefrontOrigin}${redirectTo}`, signedIn: false };
      const jwt = await minter.mint({
        customerId: customer.id,
        redirectTo,
        issuedAt: await clock.nowSeconds(),
        ...(requestIp === undefined ? {} : { requestIp }),
      });
      return { url: `${storefrontOrigin}/login/token/${jwt}`, signedIn: true };
    },
  };
}
