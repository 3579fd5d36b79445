/**
 * The backend's own session cookie (issue #17): what `POST /sign-in` sets, sealed as a compact JWE (`alg: dir`,
 * `enc: A256GCM`: one symmetric key that both encrypts and authenticates; a changed byte fails decryption as a
 * whole). Its claims are the customer (id, email, group) and their customer access token with its expiry: the token
 * is encrypted, so the browser holding the cookie never reads it.
 *
 * Keys come from configured secrets of at least MIN_SECRET_BYTES bytes through HKDF-SHA-256 (a secret is never used
 * as a key directly, and the same secret could never collide with another use of it). Several secrets give key
 * rotation: the first seals, every one opens. Each sealed value names its key by a `kid` derived from the secret
 * (HKDF again, another label: it tells nothing about the key), so opening costs one decryption, not one per key.
 *
 * Opening never throws for a bad value: tampered, expired, sealed with an unknown key, or not a JWE at all is
 * `undefined`, a guest. Expiry is inside the sealed claims (`exp`), so an old cookie a browser kept past its
 * `Max-Age` is still refused.
 */
import { base64url, EncryptJWT, jwtDecrypt } from 'jose';
import type { Customer } from '../protocol.js';
import { customerFromClaim } from '../protocol.js';
import { MIN_SECRET_BYTES } from './keys.js';

/** What a session cookie holds once opened. */
export interface SessionClaims {
  readonly customer: Customer;
  /** The customer access token (`X-Bc-Customer-Access-Token`) and its expiry in Unix milliseconds. */
  readonly customerAccessToken: { readonly value: string; readonly expiresAt: number };
  /** When the session ends, in seconds since the epoch (the earlier of its lifetime and the token's expiry). */
  readonly expiresAt: number;
}

export interface SessionCookieCodec {
  /** The sealed cookie value for a newly signed-in customer, and when it expires (seconds since the epoch). */
  seal(session: Omit<SessionClaims, 'expiresAt'>): Promise<{ value: string; expiresAt: number }>;
  /** The session a cookie value holds, or `undefined` when it is not one this backend sealed and still valid. */
  open(value: string): Promise<SessionClaims | undefined>;
}

/** Longest cookie value opened; a sealed session is about 700 characters, browsers keep up to 4096 per cookie. */
export const MAX_SESSION_COOKIE_LENGTH = 4096;

const ALG = 'dir';
const ENC = 'A256GCM';
const SALT = new TextEncoder().encode('bc-customer-elements session cookie');

interface DerivedKey {
  readonly kid: string;
  readonly key: CryptoKey;
}

async function deriveKey(secret: Uint8Array): Promise<DerivedKey> {
  const material = await crypto.subtle.importKey('raw', secret as Uint8Array<ArrayBuffer>, 'HKDF', false, [
    'deriveKey',
    'deriveBits',
  ]);
  const hkdf = (info: string) => ({ name: 'HKDF', hash: 'SHA-256', salt: SALT, info: new TextEncoder().encode(info) });
  const [key, kidBits] = await Promise.all([
    crypto.subtle.deriveKey(hkdf('A256GCM key'), material, { name: 'AES-GCM', length: 256 }, false, [
      'encrypt',
      'decrypt',
    ]),
    crypto.subtle.deriveBits(hkdf('key id'), material, 64),
  ]);
  return { kid: base64url.encode(new Uint8Array(kidBits)), key };
}

/** What is wrong with `secrets` (`undefined`: nothing), worded to follow their name; never quotes a secret. */
export function sessionSecretsRule(secrets: unknown): string | undefined {
  if (!Array.isArray(secrets) || secrets.length === 0) return 'must be a non-empty array of secrets';
  for (const [i, secret] of secrets.entries()) {
    if (typeof secret !== 'string') return `entry ${i + 1} must be a string`;
    if (new TextEncoder().encode(secret).byteLength < MIN_SECRET_BYTES)
      return `entry ${i + 1} must be at least ${MIN_SECRET_BYTES} bytes`;
  }
  return undefined;
}

/**
 * The codec for `secrets` (the first seals, all open). Throws a `TypeError` at once when there is none or one is
 * shorter than MIN_SECRET_BYTES bytes. `maxAgeSeconds`: the longest a session lives, whatever the token's expiry.
 */
export function createSessionCookieCodec(options: {
  secrets: readonly string[];
  maxAgeSeconds: number;
  now: () => number;
}): SessionCookieCodec {
  const { secrets, maxAgeSeconds, now } = options;
  const rule = sessionSecretsRule(secrets);
  if (rule) throw new TypeError(`session secrets ${rule}`);
  const encoded = secrets.map((secret) => new TextEncoder().encode(secret));
  const keys = Promise.all(encoded.map(deriveKey));
  // A failed derivation surfaces on first use; never as an unhandled rejection.
  keys.catch(() => {});
  const nowSeconds = () => Math.floor(now() / 1000);

  return {
    async seal({ customer, customerAccessToken }) {
      const [current] = await keys;
      if (!current) throw new TypeError('session secrets must be a non-empty array of secrets');
      const iat = nowSeconds();
      const expiresAt = Math.min(iat + maxAgeSeconds, Math.floor(customerAccessToken.expiresAt / 1000));
      const value = await new EncryptJWT({
        email: customer.email,
        grp: customer.groupId,
        cat: customerAccessToken.value,
        cax: customerAccessToken.expiresAt,
      })
        .setProtectedHeader({ alg: ALG, enc: ENC, kid: current.kid })
        .setSubject(String(customer.id))
        .setIssuedAt(iat)
        .setExpirationTime(expiresAt)
        .encrypt(current.key);
      return { value, expiresAt };
    },

    async open(value) {
      if (typeof value !== 'string' || value === '' || value.length > MAX_SESSION_COOKIE_LENGTH) return undefined;
      const all = await keys;
      try {
        const { payload } = await jwtDecrypt(
          value,
          (header) => {
            const found = all.find((k) => k.kid === header.kid);
            if (!found) throw new Error('unknown key');
            return found.key;
          },
          {
            keyManagementAlgorithms: [ALG],
            contentEncryptionAlgorithms: [ENC],
            currentDate: new Date(now()),
            requiredClaims: ['sub', 'iat', 'exp'],
          },
        );
        const id = Number(payload.sub);
        if (payload.exp === undefined) return undefined;
        const customer = customerFromClaim({ id, email: payload['email'], group_id: payload['grp'] });
        const token = payload['cat'];
        const tokenExpiresAt = payload['cax'];
        if (String(id) !== payload.sub || typeof token !== 'string' || token === '') return undefined;
        if (typeof tokenExpiresAt !== 'number' || !Number.isFinite(tokenExpiresAt) || tokenExpiresAt <= now())
          return undefined;
        return {
          customer,
          customerAccessToken: { value: token, expiresAt: tokenExpiresAt },
          expiresAt: payload.exp,
        };
      } catch {
        return undefined;
      }
    },
  };
}
