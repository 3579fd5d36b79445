/**
 * The backend's own session as the session's third identity source (issue #17, contract 5): a shopper signed in
 * through the backend (`signIn()` off the storefront) is known to it by an `HttpOnly` cookie the page cannot read.
 * So that guests pay no extra round trip, a successful sign-in leaves a non-secret hint in `localStorage`
 * (`bc-customer-elements:backend-session:<endpoint>` = the session's `expiresAt`, seconds since the epoch); only a
 * page holding a live hint asks `POST {endpoint}/session` with the cookie. A guest answer removes the hint, as does
 * sign-out. Another tab's sign-in or sign-out reaches this one as a `storage` event on the hint.
 */
import { BcError } from '../errors.js';
import { ROUTES, type Customer, type SessionResponse } from '../protocol.js';
import { createBackendClient } from './backend.js';
import type { IdentitySource } from './identity.js';

/** The part of `Storage` the hint needs. */
export type HintStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** `localStorage`, or `null` where it is missing or refused (an opaque origin, storage disabled). */
export function pageStorage(): HintStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The hint's key for a backend (its endpoint as `createBackendClient` normalizes it). */
export function hintKey(endpoint: string): string {
  return `bc-customer-elements:backend-session:${endpoint}`;
}

/**
 * Records (a number: the session's `expiresAt`) or removes (`null`) the hint; answers whether the storage took it.
 * Storage that is missing or refuses is not an error here: without the hint the page sees a guest.
 */
export function writeHint(storage: HintStorage | null, endpoint: string, expiresAt: number | null): boolean {
  if (!storage) return false;
  try {
    if (expiresAt === null) storage.removeItem(hintKey(endpoint));
    else storage.setItem(hintKey(endpoint), String(expiresAt));
    return true;
  } catch {
    return false;
  }
}

/** Whether a hint for `endpoint` promises a session still alive at `nowMs`; a dead hint is removed. */
export function liveHint(storage: HintStorage | null, endpoint: string, nowMs: number): boolean {
  let value: string | null;
  try {
    value = storage?.getItem(hintKey(endpoint)) ?? null;
  } catch {
    return false;
  }
  if (value === null) return false;
  const expiresAt = Number(value);
  if (Number.isFinite(expiresAt) && expiresAt * 1000 > nowMs) return true;
  writeHint(storage, endpoint, null);
  return false;
}

/**
 * A `/session` or `/sign-in` answer for the cookie: the customer and the session's expiry, checked. Throws
 * `ERR_BC_UPSTREAM` for anything else (the page shows nothing a backend did not clearly say).
 */
export function readSessionAnswer(value: unknown): { customer: Customer; expiresAt: number } {
  const { customer, expiresAt } = (value ?? {}) as Partial<Record<keyof SessionResponse, unknown>>;
  const { id, email, groupId } = (customer ?? {}) as Partial<Record<keyof Customer, unknown>>;
  if (isId(id) && typeof email === 'string' && email && (groupId === null || isId(groupId)) && isTime(expiresAt)) {
    return { customer: Object.freeze({ id, email, groupId }), expiresAt };
  }
  throw new BcError('ERR_BC_UPSTREAM', 'The backend answered the session check with no usable customer.');
}

const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
const isTime = (value: unknown): value is number => Number.isFinite(value);

export interface BackendSessionOptions {
  /** The backend's base URL (normalized: `createBackendClient(…).endpoint`). */
  readonly endpoint: string;
  readonly fetch: typeof fetch;
  readonly storage: HintStorage | null;
  /** Where the hint's `storage` events are heard (the page's `window`), or `null`. */
  readonly window: EventTarget | null;
  readonly now: () => number;
}

/**
 * The backend session's identity: `null` (no request) without a live hint; else `POST /session` with the cookie and
 * no token, whose guest answer (401) removes the hint. Other failures are the backend client's coded errors.
 */
export function backendSessionSource(options: BackendSessionOptions): IdentitySource {
  const { endpoint, storage, now } = options;
  const backend = createBackendClient({ endpoint, fetch: options.fetch });
  const source: IdentitySource = async (signal) => {
    if (!liveHint(storage, endpoint, now())) return null;
    let answer: unknown;
    try {
      answer = await backend.postJson(ROUTES.session, {}, { signal, cookies: true });
    } catch (error) {
      if (!(error instanceof BcError) || error.code !== 'ERR_BC_UNAUTHORIZED') throw error;
      writeHint(storage, endpoint, null); // the cookie is gone, expired or refused: a guest here
      return null;
    }
    const { customer, expiresAt } = readSessionAnswer(answer);
    return { customer, expiresAt, issuedAt: null, token: null };
  };
  // A cookie identity outlives a failed check only while its hint does: not once signed out here or in another tab.
  source.holds = (identity) => identity.token !== null || liveHint(storage, endpoint, now());
  source.onChange = (listener) => {
    options.window?.addEventListener('storage', (event) => {
      const { key } = event as StorageEvent;
      if (key === null || key === hintKey(endpoint)) listener();
    });
  };
  return source;
}
