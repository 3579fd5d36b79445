import { ERROR_STATUS, type ErrorCode } from './protocol.js';

/**
 * The codes the browser side gives (`bc-error` events, rejected promises of the browser core) besides the
 * protocol's own (`ERROR_STATUS` in protocol.ts, which a backend answers and the elements pass on), each with what it
 * means. A test keeps this list and src/client, src/elements in step.
 */
export const BROWSER_ERROR_CODES = {
  ERR_BC_CONFIG_MISSING: 'The page configures no app client id, endpoint or storefront where one is needed.',
  ERR_BC_CONFIG_INVALID: 'A setting on `<bc-store>` or the element is not usable (a storefront that is not a URL).',
  ERR_BC_UNTRUSTED_ORIGIN:
    'The storefront or endpoint is on an origin the page does not trust (`<meta name="bc-trusted-origins">`).',
  ERR_BC_NOT_A_STOREFRONT:
    'The page names no storefront and is not on one: its origin answered `/customer/current.jwt` with a "not found" web page.',
  ERR_BC_BRIDGE_UNAVAILABLE:
    'The storefront bridge did not answer: not installed, this origin not allowed, or framing refused.',
  ERR_BC_BRIDGE_NO_COOKIES:
    'The browser gives the storefront bridge no cookies (a cross-site page, third-party cookies blocked).',
  ERR_BC_TOKEN_MALFORMED:
    'The storefront answered `/customer/current.jwt` with something that is not a current-customer token.',
  ERR_BC_CUSTOMER_CHANGED:
    'The shopper changed under a request: a `/prices` request (its items are asked again) or a sign-in another overtook.',
  ERR_BC_PRICE_MISSING: "The backend's answer left an item out (an unknown product or variant).",
  ERR_BC_INVALID_PRODUCT: 'A product id or variant id is not a positive whole number.',
  ERR_BC_INVALID_OPTIONS: 'Option selections or a cart cookie name are malformed.',
  ERR_BC_INVALID_FORMAT: 'The locale or currency is unknown to the browser.',
  ERR_BC_INVALID_CREDENTIALS: 'Sign-in: the email or password is wrong.',
  ERR_BC_ACCOUNT_LOCKED: 'Sign-in: the account is locked.',
  ERR_BC_SESSION_NOT_KEPT:
    "Sign-in through the backend not kept: its cookie did not come back (not on the page's site), or page storage is refused.",
} as const;

/** A code of `BROWSER_ERROR_CODES`. */
export type BrowserErrorCode = keyof typeof BROWSER_ERROR_CODES;

/** The codes the bridge commands (`bc-customer-elements bridge …`, src/bridge) give besides the others. */
export const COMMAND_ERROR_CODES = {
  ERR_BC_STORE_API:
    'A bridge command: the Management API could not be reached or refused the call (the message says which and why).',
} as const;

/**
 * Every code a `BcError` or a `bc-error` event carries: the protocol's (`ERROR_STATUS`), the browser's
 * (`BROWSER_ERROR_CODES`) and the bridge commands' (`COMMAND_ERROR_CODES`). A closed union, as jose's error codes are: a misspelt code does not compile.
 */
export type BcErrorCode = ErrorCode | BrowserErrorCode | keyof typeof COMMAND_ERROR_CODES;

/** Whether `value` is one of the codes of `BcErrorCode`. */
export function isBcErrorCode(value: unknown): value is BcErrorCode {
  return (
    typeof value === 'string' &&
    [ERROR_STATUS, BROWSER_ERROR_CODES, COMMAND_ERROR_CODES].some((codes) => Object.hasOwn(codes, value))
  );
}

/**
 * A failure caused by data or a remote party (a bad token, an unreachable backend), with a stable `code`.
 * Misuse by the programmer (a bad option) is a plain `TypeError` instead, thrown where the option is given.
 */
export class BcError extends Error {
  /** Stable machine-readable code, e.g. `ERR_BC_UNAUTHORIZED`. */
  readonly code: BcErrorCode;
  /** `ERR_BC_RATE_LIMITED`: seconds to wait before trying again (the backend's `Retry-After`), when known. */
  readonly retryAfter?: number;

  constructor(code: BcErrorCode, message: string, options?: { cause?: unknown; retryAfter?: number }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
    if (options?.retryAfter !== undefined) this.retryAfter = options.retryAfter;
  }
}

/**
 * The one place an unknown failure gets a code: a `BcError` is given back as it is; anything else thrown (a bug, a
 * `TypeError` from a page-supplied function) becomes `ERR_BC_INTERNAL`, with the thrown error's message, else
 * `fallbackMessage`, and the thrown value as its `cause`.
 */
export function toBcError(error: unknown, fallbackMessage: string): BcError {
  if (error instanceof BcError) return error;
  return new BcError('ERR_BC_INTERNAL', error instanceof Error ? error.message : fallbackMessage, { cause: error });
}
