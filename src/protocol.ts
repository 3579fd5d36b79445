/**
 * The HTTP protocol between the elements (src/client) and a backend (src/server or any re-implementation).
 * This file is the one place both sides import; docs/protocol.md describes the same shapes for other languages.
 *
 * All bodies are JSON. The shopper's identity travels as `Authorization: Bearer <current-customer JWT>` (sent with
 * `credentials: 'omit'`), or, for a shopper signed in through the backend (`/sign-in`), as the backend's own
 * `HttpOnly` session cookie (sent with `credentials: 'include'` and no `Authorization`); absent for guests. A request
 * with both is identified by the bearer token alone. Amounts are numbers in the currency's major unit, as BigCommerce
 * returns them.
 */

/** Routes under the backend's base path (`endpoint` on `<bc-store>`). */
export const ROUTES = {
  session: '/session',
  prices: '/prices',
  checkout: '/checkout',
  health: '/health',
  ready: '/ready',
  signIn: '/sign-in',
  signOut: '/sign-out',
} as const;

/** Most items one `/prices` request may carry; the browser splits larger batches. */
export const MAX_PRICE_ITEMS = 100;

/** Most option selections one price item may carry. */
export const MAX_ITEM_OPTIONS = 20;

/** Largest request body a backend accepts, in bytes (checked before parsing). */
export const MAX_BODY_BYTES = 32 * 1024;

/** The identity a backend verified from the current-customer token. */
export interface Customer {
  /** BigCommerce customer id. */
  readonly id: number;
  /** The customer's email address: display it as text, never as HTML. */
  readonly email: string;
  /** Customer group id, or `null` for a customer in no group. */
  readonly groupId: number | null;
}

/**
 * Whether `value` is a cart id a backend accepts. BigCommerce issues cart ids as UUIDs (carts.v3: `format: UUID`):
 * letters, digits and hyphens. The rule admits that alphabet, first character a letter or digit, at most 64 long, so
 * nothing else reaches a URL; the browser enables checkout for exactly the ids the backend takes.
 */
export function isCartId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/.test(value);
}

/**
 * BigCommerce's `group_id` claim (a string such as `"6"`) as a group id: missing, empty, `"0"` and `0` are "no group"
 * (`null`); a canonical positive decimal (no sign, no leading zero, no space: `"007"` is not one) or a positive safe
 * integer is the group; anything else is not a group id (`undefined`), and the token carrying it is refused.
 */
export function groupIdFromClaim(value: unknown): number | null | undefined {
  if (value === undefined || value === null || value === '' || value === '0' || value === 0) return null;
  if (typeof value === 'string' && /^[1-9][0-9]{0,15}$/.test(value) && Number.isSafeInteger(Number(value))) {
    return Number(value);
  }
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  return undefined;
}

/** Longest customer email a token may carry (RFC 5321's path limit). */
export const MAX_EMAIL_LENGTH = 320;

/**
 * The `customer` claim of a current-customer token as a `Customer`. Throws a `TypeError` saying what is wrong
 * (`has no valid customer id`, …) when the claim is not one: the backend refuses such a token, the browser calls it
 * malformed.
 */
export function customerFromClaim(claim: unknown): Customer {
  if (typeof claim !== 'object' || claim === null || Array.isArray(claim)) throw new TypeError('has no customer claim');
  const { id, email, group_id: rawGroupId } = claim as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) throw new TypeError('has no valid customer id');
  if (typeof email !== 'string' || email.length === 0 || email.length > MAX_EMAIL_LENGTH) {
    throw new TypeError('has no valid customer email');
  }
  const groupId = groupIdFromClaim(rawGroupId);
  if (groupId === undefined) throw new TypeError('has no valid customer group id');
  return { id, email, groupId };
}

/** `POST /session` → 200. */
export interface SessionResponse {
  readonly customer: Customer;
  /** When the verified token (or the backend's session) expires, in seconds since the epoch. */
  readonly expiresAt: number;
  /**
   * `'backend'` when the shopper was identified by the backend's session cookie (signed in through `/sign-in`);
   * absent when identified by a bearer current-customer token.
   */
  readonly source?: 'backend';
}

/**
 * `POST /session` → 200 for a request identified by the backend's session cookie (no `Authorization`), and the answer
 * of `POST /sign-in`. A missing, tampered, expired or unknown-key cookie, or one whose customer access token
 * BigCommerce refuses, is a guest instead: 401 `ERR_BC_UNAUTHORIZED`, with a `Set-Cookie` clearing the bad cookie.
 */
export interface BackendSessionResponse extends SessionResponse {
  readonly source: 'backend';
}

/** `POST /sign-in` (backends with a session secret): the shopper's storefront credentials. */
export interface SignInRequest {
  readonly email: string;
  readonly password: string;
}

/** Longest password `/sign-in` accepts, in characters. */
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * `POST /sign-in` → 200, with the backend's session cookie set (`HttpOnly`: the page never reads it). A wrong email
 * and a wrong password are the same `ERR_BC_SIGN_IN_FAILED`.
 */
export type SignInResponse = BackendSessionResponse;

/** `POST /sign-out` → 200, the session cookie cleared (also when there was no session). */
export interface SignOutResponse {
  readonly signedOut: true;
}

/** One chosen option value of a product (a modifier or variant option). */
export interface OptionSelection {
  readonly optionId: number;
  readonly valueId: number;
}

/** Options sorted by option id, one value per option (the last one given wins), so equal choices compare equal. */
export function normalizeOptions(options: readonly OptionSelection[]): OptionSelection[] {
  const byOption = new Map<number, number>();
  for (const { optionId, valueId } of options) byOption.set(optionId, valueId);
  return [...byOption].sort(([a], [b]) => a - b).map(([optionId, valueId]) => ({ optionId, valueId }));
}

/**
 * The identity of a price item, equal for equal items whichever side builds it (`productId/variantId/optionId:valueId,…`,
 * options normalized): what the browser's batcher de-duplicates and caches by, and what the backend merges duplicates
 * and keys its caches by.
 */
export function itemKey(item: {
  readonly productId: number;
  readonly variantId?: number | null | undefined;
  readonly options?: readonly OptionSelection[] | undefined;
}): string {
  const options = normalizeOptions(item.options ?? [])
    .map(({ optionId, valueId }) => `${optionId}:${valueId}`)
    .join(',');
  return `${item.productId}/${item.variantId ?? ''}/${options}`;
}

/** One item to price: a product, optionally a variant and option selections. */
export interface PriceItemRequest {
  readonly productId: number;
  readonly variantId?: number;
  readonly options?: readonly OptionSelection[];
}

/** `POST /prices` body. */
export interface PricesRequest {
  /** ISO 4217 code, upper case (`USD`). */
  readonly currency: string;
  /** Channel to price for; the backend's configured channel when absent. */
  readonly channelId?: number;
  readonly items: readonly PriceItemRequest[];
}

/** One amount, with and without tax, as BigCommerce's price objects carry it. */
export interface Money {
  readonly asEntered: number;
  readonly enteredInclusive: boolean;
  readonly taxExclusive: number;
  readonly taxInclusive: number;
}

export interface PriceRange {
  readonly minimum: Money;
  readonly maximum: Money;
}

/** A bulk (quantity) pricing tier. */
export interface BulkTier {
  readonly minimum: number;
  /** Upper quantity bound, or `null` for no limit. */
  readonly maximum: number | null;
  readonly discountAmount: number;
  /** As BigCommerce's: `price`: amount off each unit; `percent`: percent off; `fixed`: a fixed unit price. */
  readonly discountType: 'price' | 'percent' | 'fixed';
}

/** One priced item in a `/prices` answer. */
export interface PricedItem {
  readonly productId: number;
  readonly variantId: number | null;
  readonly options: readonly OptionSelection[];
  /** The default (list) price. */
  readonly price: Money;
  readonly salePrice?: Money;
  readonly retailPrice?: Money;
  /** What the shopper pays: group discounts and sale price applied. */
  readonly calculatedPrice: Money;
  readonly saved?: Money;
  /** Lowest and highest price over the product's variants. */
  readonly range?: PriceRange;
  readonly retailRange?: PriceRange;
  readonly bulk?: readonly BulkTier[];
}

/** `POST /prices` → 200. */
export interface PricesResponse {
  readonly currency: string;
  readonly channelId: number;
  /**
   * The group the prices are for (from the verified token or the backend's session only), `null` for guests and
   * customers in no group.
   */
  readonly groupId: number | null;
  readonly items: readonly PricedItem[];
}

/** `POST /checkout` body. */
export interface CheckoutRequest {
  readonly cartId: string;
  /** Answer the embedded checkout URL (for checkout-sdk `embedCheckout`) instead of the full-page one. */
  readonly embedded?: boolean;
}

/** `POST /checkout` → 200. */
export interface CheckoutResponse {
  /**
   * Where to send the browser: a storefront URL; for a shopper signed in through the backend, a single-use
   * session-sync URL (`/session-sync?jwt=…`) that signs them into the storefront on the way to checkout.
   */
  readonly url: string;
  /** Whether following `url` signs the shopper in. */
  readonly signedIn: boolean;
}

/** `GET /health` → 200: the backend runs (liveness; nothing is asked of BigCommerce). */
export interface HealthResponse {
  readonly ok: true;
}

/**
 * `GET /ready` → 200: the backend's store hash and access token work with BigCommerce (readiness, proven by one
 * authenticated Management API call, cached briefly). When they do not: 503 with an `ErrorBody` whose code is
 * `ERR_BC_CREDENTIALS_REJECTED` or `ERR_BC_NOT_READY`.
 */
export interface ReadyResponse {
  readonly ready: true;
}

/** Stable error codes of the protocol, with the HTTP status each is sent with. */
export const ERROR_STATUS = {
  ERR_BC_INVALID_REQUEST: 400,
  ERR_BC_INVALID_REDIRECT: 400,
  ERR_BC_UNAUTHORIZED: 401,
  ERR_BC_SIGN_IN_FAILED: 401,
  ERR_BC_ORIGIN_FORBIDDEN: 403,
  ERR_BC_NOT_FOUND: 404,
  ERR_BC_CART_NOT_FOUND: 404,
  ERR_BC_METHOD_NOT_ALLOWED: 405,
  ERR_BC_PAYLOAD_TOO_LARGE: 413,
  ERR_BC_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_BC_RATE_LIMITED: 429,
  ERR_BC_INTERNAL: 500,
  ERR_BC_UPSTREAM: 502,
  ERR_BC_UPSTREAM_UNAVAILABLE: 503,
  ERR_BC_UPSTREAM_TIMEOUT: 504,
  /** `/ready` only: BigCommerce refused the store hash or access token. */
  ERR_BC_CREDENTIALS_REJECTED: 503,
  /** `/ready` only: BigCommerce could not be asked (unreachable, failing, too slow or rate limited). */
  ERR_BC_NOT_READY: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Every non-2xx answer. `message` is generic and safe to show; it never carries a secret or an upstream body. */
export interface ErrorBody {
  readonly error: {
    readonly code: ErrorCode;
    readonly message: string;
  };
}

/** Whether a parsed JSON value is an `ErrorBody` (its code one of `ERROR_STATUS`: an unknown code is no protocol answer). */
export function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    Object.hasOwn(ERROR_STATUS, (error as { code: string }).code) &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}
