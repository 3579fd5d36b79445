/**
 * The backend's customer impersonation token for the GraphQL Storefront API
 * (`POST /v3/storefront/api-token-customer-impersonation`): created on first use, kept until shortly before it
 * expires, created once however many requests ask at the same moment (single flight), and dropped when the
 * storefront refuses it (revoked) so the next request creates a new one. It never leaves the server.
 */
import { HttpError } from './http.js';
import type { Upstream } from './upstream.js';
import { isPlainObject } from './validate.js';

/** How long a token is asked to live, and how long before its expiry it is replaced, in seconds. */
export const IMPERSONATION_TOKEN_LIFETIME_S = 24 * 60 * 60;
export const IMPERSONATION_TOKEN_RENEW_S = 10 * 60;

export interface ImpersonationTokens {
  /** A token valid for at least `IMPERSONATION_TOKEN_RENEW_S` more seconds. */
  get(): Promise<string>;
  /** Forgets `token` (the storefront refused it); a later `get` creates a new one. */
  drop(token: string): void;
}

export function createImpersonationTokens(options: { upstream: Upstream; channelId: number; now: () => number }): ImpersonationTokens {
  const { upstream, channelId, now } = options;
  let current: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function create(): Promise<string> {
    const expiresAt = Math.floor(now() / 1000) + IMPERSONATION_TOKEN_LIFETIME_S;
    const body = await upstream({
      route: 'impersonation',
      method: 'POST',
      path: '/v3/storefront/api-token-customer-impersonation',
      body: { channel_id: channelId, expires_at: expiresAt },
    });
    const data = isPlainObject(body) ? body['data'] : undefined;
    const token = isPlainObject(data) ? data['token'] : undefined;
    if (typeof token !== 'string' || token === '' || token.length > 8192) {
      throw new HttpError('ERR_BC_UPSTREAM', { cause: new Error('no token in the impersonation answer') });
    }
    current = { token, expiresAt };
    return token;
  }

  return {
    get() {
      if (current && current.expiresAt - now() / 1000 > IMPERSONATION_TOKEN_RENEW_S) return Promise.resolve(current.token);
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
