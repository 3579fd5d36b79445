/**
 * The client secret as HMAC keys, imported once at start-up (a raw-bytes key would be re-imported on every call).
 * jose matches a key's hash to the token's `alg`, so HS256 and HS512 each need their own `CryptoKey`.
 */
/** Shortest secret accepted (client secret, session secrets), in bytes: HS256 and A256GCM want 32-byte keys. */
export const MIN_SECRET_BYTES = 32;

export interface SecretKeys {
  /** HMAC SHA-256: verifies HS256 current-customer tokens and signs customer-login tokens. */
  readonly hs256: CryptoKey;
  /** HMAC SHA-512: verifies HS512 current-customer tokens (what real BigCommerce sends). */
  readonly hs512: CryptoKey;
}

export async function importSecretKeys(secret: Uint8Array): Promise<SecretKeys> {
  const importHmac = (hash: 'SHA-256' | 'SHA-512', usages: KeyUsage[]) =>
    crypto.subtle.importKey('raw', secret as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash }, false, usages);
  const [hs256, hs512] = await Promise.all([
    importHmac('SHA-256', ['sign', 'verify']),
    importHmac('SHA-512', ['verify']),
  ]);
  return { hs256, hs512 };
}
