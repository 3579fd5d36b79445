/**
 * The storefront bridge's postMessage protocol, version 1: the one definition both sides use. The browser core (the
 * page on another origin) imports it; the bridge page (src/bridge/page.ts) repeats the ask check in plain JavaScript
 * because it runs as an inline script with no module loading. No DOM here, so Node tests import it too.
 *
 *   parent → bridge  {type: 'bc-bridge-ask', version: 1, nonce}
 *   bridge → parent  {type: 'bc-bridge-answer', version: 1, nonce, status: 'signed-in', token}
 *                    {type: 'bc-bridge-answer', version: 1, nonce, status: 'guest', storageAccess}
 *                    {type: 'bc-bridge-answer', version: 1, nonce, status: 'unavailable'}
 */

/** The protocol version both sides speak. */
export const BRIDGE_PROTOCOL_VERSION = 1;

/** `type` of a parent's ask. */
export const BRIDGE_ASK_TYPE = 'bc-bridge-ask';

/** `type` of the bridge's answer. */
export const BRIDGE_ANSWER_TYPE = 'bc-bridge-answer';

// Where the CLI installs the bridge page unless told otherwise: in a module of its own, so the browser core can name
// it without carrying this protocol, which only the bridge source (loaded on demand) needs.
export { DEFAULT_BRIDGE_PATH } from './path.js';

/**
 * A nonce: 22–64 URL-safe base64 characters (at least 128 random bits), made by the parent once per page. The bridge
 * echoes it so the parent can tell its own bridge's answers from any other frame's.
 */
export const BRIDGE_NONCE_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/** The compact JWS shape a current-customer token must have (three base64url segments). */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Longest token an answer may carry; real ones are well under 1 kB. */
const MAX_TOKEN_LENGTH = 8192;

/** The parent's question: "who is signed in on the storefront?" */
export interface BridgeAsk {
  readonly type: typeof BRIDGE_ASK_TYPE;
  readonly version: typeof BRIDGE_PROTOCOL_VERSION;
  readonly nonce: string;
}

interface AnswerBase {
  readonly type: typeof BRIDGE_ANSWER_TYPE;
  readonly version: typeof BRIDGE_PROTOCOL_VERSION;
  readonly nonce: string;
}

/** A shopper is signed in: their current-customer JWT (a bearer token: verify it on the backend, never trust it here). */
export interface BridgeSignedInAnswer extends AnswerBase {
  readonly status: 'signed-in';
  readonly token: string;
}

/**
 * No shopper is signed in as far as the bridge can see. `storageAccess: false` means the frame could not see the
 * storefront's cookies (a cross-site frame without storage access): the shopper may be signed in after all, and a
 * click on the visible bridge (`document.requestStorageAccess()`) may tell.
 */
export interface BridgeGuestAnswer extends AnswerBase {
  readonly status: 'guest';
  readonly storageAccess: boolean;
}

/** current.jwt answered neither 200 nor 404, or could not be reached. */
export interface BridgeUnavailableAnswer extends AnswerBase {
  readonly status: 'unavailable';
}

/** Every answer the bridge sends. */
export type BridgeAnswer = BridgeSignedInAnswer | BridgeGuestAnswer | BridgeUnavailableAnswer;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isNonce = (value: unknown): value is string => typeof value === 'string' && BRIDGE_NONCE_PATTERN.test(value);

/** Whether a string has the shape of a current-customer token (not whether it is valid: only the backend knows). */
export const isBridgeToken = (value: unknown): value is string =>
  typeof value === 'string' && value.length <= MAX_TOKEN_LENGTH && TOKEN_PATTERN.test(value);

/** A valid ask as a fresh object holding only the protocol's fields, or undefined. */
export function parseBridgeAsk(data: unknown): BridgeAsk | undefined {
  if (
    !isRecord(data) ||
    data.type !== BRIDGE_ASK_TYPE ||
    data.version !== BRIDGE_PROTOCOL_VERSION ||
    !isNonce(data.nonce)
  )
    return undefined;
  return { type: BRIDGE_ASK_TYPE, version: BRIDGE_PROTOCOL_VERSION, nonce: data.nonce };
}

/** A valid answer as a fresh object holding only the protocol's fields, or undefined. */
export function parseBridgeAnswer(data: unknown): BridgeAnswer | undefined {
  if (
    !isRecord(data) ||
    data.type !== BRIDGE_ANSWER_TYPE ||
    data.version !== BRIDGE_PROTOCOL_VERSION ||
    !isNonce(data.nonce)
  )
    return undefined;
  const base = { type: BRIDGE_ANSWER_TYPE, version: BRIDGE_PROTOCOL_VERSION, nonce: data.nonce } as const;
  switch (data.status) {
    case 'signed-in':
      return isBridgeToken(data.token) ? { ...base, status: 'signed-in', token: data.token } : undefined;
    case 'guest':
      return typeof data.storageAccess === 'boolean'
        ? { ...base, status: 'guest', storageAccess: data.storageAccess }
        : undefined;
    case 'unavailable':
      return { ...base, status: 'unavailable' };
    default:
      return undefined;
  }
}

/**
 * `value` when it is exactly an http(s) origin as a browser writes `event.origin` (scheme, lower-case host, port only
 * when not the default; no path, slash, user info, query or fragment, no wildcard), else undefined. The bridge
 * compares origins as strings, so anything else could never match, or would match what it should not.
 */
export function exactOrigin(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(value); // not URL.canParse: the browser core imports this and supports browsers older than it
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // A DNS name (IDNs arrive as punycode) or a bracketed IPv6 address: `*` and friends are patterns, not hosts.
  if (!/^([a-z0-9-]+\.)*[a-z0-9-]+$|^\[[0-9a-f:.]+\]$/.test(url.hostname)) return undefined;
  return url.origin === value ? value : undefined;
}
