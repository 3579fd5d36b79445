/**
 * Verifies BigCommerce's current-customer token (the JWT a storefront page reads from `/customer/current.jwt`)
 * and turns it into the protocol's `Customer`. Every failure, whatever its cause (a jose error, a plain TypeError
 * for an asymmetric `alg`, a claim of the wrong shape), becomes the same `ERR_BC_UNAUTHORIZED`; the reason travels
 * only as the error's `cause`, for the server log.
 */
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { customerFromClaim, type Customer } from '../protocol.js';
import { isCanonicalBase64url } from './base64url.js';
import { HttpError } from './http.js';
import type { SecretKeys } from './keys.js';

/** Longest token string examined; real ones are well under 1 KB. Longer ones are refused before any parsing. */
export const MAX_TOKEN_LENGTH = 4096;

/** A verified shopper. */
export interface VerifiedCustomer {
  readonly customer: Customer;
  /** The token's `exp`, seconds since the epoch. */
  readonly expiresAt: number;
}

export interface VerifierOptions {
  readonly keys: Promise<SecretKeys>;
  readonly clientId: string;
  readonly storeHash: string;
  readonly maxTokenAgeSeconds: number;
  readonly clockToleranceSeconds: number;
  readonly now: () => number;
}

// Header members that name or carry another key: meaningless for a shared secret, so a token with one is refused.
const KEY_HEADERS = ['jwk', 'jku', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'crit', 'b64'];
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Why a token was refused, kept for the log (never sent to the browser). */
class TokenRejected extends Error {}

/** Returns `verify(token)`, resolving to the verified customer or rejecting with the one 401 error. */
export function createCustomerVerifier(options: VerifierOptions): (token: string) => Promise<VerifiedCustomer> {
  const { clientId, storeHash, maxTokenAgeSeconds, clockToleranceSeconds, now } = options;
  return async (token) => {
    try {
      if (token.length > MAX_TOKEN_LENGTH) throw new TokenRejected('token too long');
      if (!COMPACT_JWS.test(token)) throw new TokenRejected('not a compact JWS');
      // jose decodes other spellings of the same bytes too: one token must have one text.
      if (!token.split('.').every(isCanonicalBase64url)) throw new TokenRejected('segment not canonical base64url');
      const header = decodeProtectedHeader(token) as Record<string, unknown>;
      for (const name of KEY_HEADERS) {
        if (name in header) throw new TokenRejected(`header "${name}" not accepted`);
      }
      const keys = await options.keys;
      const { payload } = await jwtVerify(token, (h) => (h.alg === 'HS512' ? keys.hs512 : keys.hs256), {
        algorithms: ['HS256', 'HS512'],
        issuer: 'bc/apps',
        audience: clientId,
        subject: storeHash,
        requiredClaims: ['exp', 'iat'],
        maxTokenAge: maxTokenAgeSeconds,
        clockTolerance: clockToleranceSeconds,
        currentDate: new Date(now()),
      });
      // jose accepts any number; 1e309 parses as Infinity and a fraction is no NumericDate BigCommerce sends.
      const { exp, iat } = payload as { exp: number; iat: number };
      if (!Number.isSafeInteger(exp) || !Number.isSafeInteger(iat)) throw new TokenRejected('exp/iat not integers');
      if (exp < iat || exp - iat > maxTokenAgeSeconds + clockToleranceSeconds)
        throw new TokenRejected('exp too far from iat');
      if (payload['operation'] !== 'current_customer') throw new TokenRejected('operation is not current_customer');
      if (payload['store_hash'] !== storeHash) throw new TokenRejected('store_hash mismatch');
      return { customer: customerFromClaim(payload['customer']), expiresAt: exp };
    } catch (error) {
      const reason =
        error instanceof Error
          ? `${(error as { code?: string }).code ?? error.name}: ${error.message}`
          : 'unknown failure';
      throw new HttpError('ERR_BC_UNAUTHORIZED', { cause: new TokenRejected(reason) });
    }
  };
}

/**
 * The bearer token of a request: `undefined` when there is no `Authorization` header (a guest), the token string
 * otherwise. A header that is present but not `Bearer <token>` is a token failure (401), not a guest.
 */
export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization');
  if (header === null) return undefined;
  if (header.length > MAX_TOKEN_LENGTH + 16) {
    throw new HttpError('ERR_BC_UNAUTHORIZED', { cause: new TokenRejected('authorization header too long') });
  }
  const match = /^Bearer +([^\s]+) *$/i.exec(header);
  if (!match) throw new HttpError('ERR_BC_UNAUTHORIZED', { cause: new TokenRejected('authorization is not Bearer') });
  return match[1];
}
