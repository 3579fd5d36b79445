/**
 * The bearer tokens of the backend's GraphQL Storefront calls (`Authorization: Bearer …`), created through the
 * Management API (storefront_tokens.v3.yml): a private token (`POST /v3/storefront/api-token-private`, with exactly
 * the scopes the backend's documents need), the credential of the customer-access-token path, or a customer
 * impersonation token (`POST /v3/storefront/api-token-customer-impersonation`), the older one.
 * Created on first use, kept until shortly before it expires, created once however many requests ask at the same
 * moment (single flight), and dropped when the storefront refuses it (revoked) so the next request creates a new one.
 * It never leaves the server. A private token given in the options (`privateToken`) is used as it is.
 */
import type { BearerTokens } from './graphql-client.js';
import { HttpError } from './http.js';
import type { Upstream } from './upstream.js';
import { isPlainObject } from './validate.js';

/** How long a token is asked to live, and how long before its expiry it is replaced, in seconds. */
export const BEARER_TOKEN_LIFETIME_S = 24 * 60 * 60;
export const BEARER_TOKEN_RENEW_S = 10 * 60;

/**
 * The scopes of the private token the backend creates (graphql-storefront.mdx, "Private token access scopes"):
 * `Unauthenticated` for `site { product { prices } }` and `cart { createCartRedirectUrls }`, `Customer` for
 * `loginWithCustomerLoginJwt`.
 */
export const PRIVATE_TOKEN_SCOPES = ['Unauthenticated', 'Customer'] as const;

export function createImpersonationTokens(options: {
  upstream: Upstream;
  channelId: number;
  now: () => number;
}): BearerTokens {
  return createApiTokens({ ...options, kind: 'impersonation' });
}

export function createPrivateTokens(options: {
  upstream: Upstream;
  channelId: number;
  now: () => number;
}): BearerTokens {
  return createApiTokens({ ...options, kind: 'private' });
}

/** A token given in configuration: used as it is (a refusal is BigCommerce's to report: 502 and a loud log). */
export const fixedToken = (token: string): BearerTokens => ({ get: async () => token, drop: () => {} });

function createApiTokens(options: {
  upstream: Upstream;
  channelId: number;
  now: () => number;
  kind: 'impersonation' | 'private';
}): BearerTokens {
  const { upstream, channelId, now, kind } = options;
  let current: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function create(): Promise<string> {
    const expiresAt = Math.floor(now() / 1000) + BEARER_TOKEN_LIFETIME_S;
    const body = await upstream(
      kind === 'private'
        ? {
            route: 'private_token',
            method: 'POST',
            path: '/v3/storefront/api-token-private',
            body: { channel_id: channelId, expires_at: expiresAt, scopes: [...PRIVATE_TOKEN_SCOPES] },
          }
        : {
            route: 'impersonation',
            method: 'POST',
            path: '/v3/storefront/api-token-customer-impersonation',
            body: { channel_id: channelId, expires_at: expiresAt },
          },
    );
    const data = isPlainObject(body) ? body['data'] : undefined;
    const token = isPlainObject(data) ? data['token'] : undefined;
    if (typeof token !== 'string' || token === '' || token.length > 8192) {
      throw new HttpError('ERR_BC_UPSTREAM', { cause: new Error(`no token in the ${kind} token answer`) });
    }
    current = { token, expiresAt };
    return token;
  }

  return {
    get() {
      if (current && current.expiresAt - now() / 1000 > BEARER_TOKEN_RENEW_S) return Promise.resolve(current.token);
      pending ??= create().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    drop(token) {
      if (current?.token === token) current = undefined;
    },
  };
}
