/**
 * The one shape the session's three sources answer in (issue #17): the storefront's token read directly, the token
 * through the storefront bridge (both `TokenSource`s, token-source.ts), and the backend's own session cookie
 * (backend-session.ts), which has no token the page can hold. Each says who the shopper is and until when, and how
 * the backend recognises them: by the bearer token, or (`token: null`) by its cookie.
 */
import type { DisplayClaims } from './token.js';
import { readDisplayClaims } from './token.js';
import type { TokenSource } from './token-source.js';

/** The signed-in shopper as one source knows them. */
export interface Identity extends DisplayClaims {
  /**
   * The current-customer token for the backend's `Authorization` header; `null` when the backend knows the shopper by
   * its own session cookie (sent with `credentials: 'include'`).
   */
  readonly token: string | null;
}

/** Reads the identity once: `null` for a guest. Rejects with a `BcError`. */
export interface IdentitySource {
  (signal: AbortSignal): Promise<Identity | null>;
  /** As `TokenSource.storageAccessFrame`. */
  storageAccessFrame?(): HTMLIFrameElement | null;
  /** Calls `listener` when the source learns, unasked, that the answer may have changed; the session re-asks. */
  onChange?(listener: () => void): void;
  /**
   * Whether an identity this source gave may still be shown while a later check fails (default: until it expires).
   * The backend session's may not once its hint is gone (signed out here or in another tab).
   */
  holds?(identity: Identity): boolean;
}

/** A token source as an identity source: the token's display claims decoded (`ERR_BC_TOKEN_MALFORMED` if not one). */
export function tokenIdentities(source: TokenSource): IdentitySource {
  const identities: IdentitySource = async (signal) => {
    const token = await source(signal);
    return token === null ? null : { ...readDisplayClaims(token), token };
  };
  if (source.storageAccessFrame) identities.storageAccessFrame = () => source.storageAccessFrame?.() ?? null;
  if (source.onChange) identities.onChange = (listener) => source.onChange?.(listener);
  return identities;
}

/** `first`'s identity when it has one, else `then`'s (which alone offers a storage-access frame); both may signal. */
export function firstOf(first: IdentitySource, then: IdentitySource): IdentitySource {
  const identities: IdentitySource = async (signal) => (await first(signal)) ?? then(signal);
  if (then.storageAccessFrame) identities.storageAccessFrame = () => then.storageAccessFrame?.() ?? null;
  identities.onChange = (listener) => {
    first.onChange?.(listener);
    then.onChange?.(listener);
  };
  identities.holds = (identity) => (first.holds?.(identity) ?? true) && (then.holds?.(identity) ?? true);
  return identities;
}
