/**
 * Mints BigCommerce customer-login tokens (the SSO JWT behind `{storefront}/login/token/{jwt}`). Kept apart from
 * current-customer tokens by every claim that matters (RFC 8725 §3.12): `iss` is the client id (not `bc/apps`),
 * there is no `aud`, and `operation` is `customer_login`.
 */
import { SignJWT } from 'jose';
import type { SecretKeys } from './keys.js';

export interface LoginTokenClaims {
  readonly customerId: number;
  /** Checked relative path and query (see `checkedRedirectPath`); none for `loginWithCustomerLoginJwt`. */
  readonly redirectTo?: string;
  /** The store's time, whole seconds. */
  readonly issuedAt: number;
  readonly requestIp?: string;
}

export interface LoginTokenMinter {
  mint(claims: LoginTokenClaims): Promise<string>;
}

export function createLoginTokenMinter(options: {
  keys: Promise<SecretKeys>;
  clientId: string;
  storeHash: string;
  channelId: number;
}): LoginTokenMinter {
  const { clientId, storeHash, channelId } = options;
  return {
    async mint({ customerId, redirectTo, issuedAt, requestIp }) {
      const keys = await options.keys;
      return new SignJWT({
        operation: 'customer_login',
        store_hash: storeHash,
        customer_id: customerId,
        channel_id: channelId,
        ...(redirectTo === undefined ? {} : { redirect_to: redirectTo }),
        ...(requestIp === undefined ? {} : { request_ip: requestIp }),
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(clientId)
        .setIssuedAt(issuedAt)
        .setJti(crypto.randomUUID())
        .sign(keys.hs256);
    },
  };
}
