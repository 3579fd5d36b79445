/**
 * Reads a current-customer token for display. The browser cannot verify it (the secret stays on the backend), so
 * nothing decoded here unlocks anything: the backend verifies the token again on every request.
 */
import { decodeJwt } from 'jose';
import { BcError } from '../errors.js';
import { customerFromClaim, type Customer } from '../protocol.js';

/** Longest answer accepted from `/customer/current.jwt` (real tokens are well under 1 KB). */
export const MAX_TOKEN_CHARS = 8 * 1024;

/** Bytes read of an answer before giving up on it: any text of `MAX_TOKEN_CHARS` fits (UTF-8 takes 4 bytes at most). */
const MAX_TOKEN_BYTES = MAX_TOKEN_CHARS * 4;

/** What the page may show about the shopper. */
export interface DisplayClaims {
  readonly customer: Customer;
  /** `exp` in seconds since the epoch. */
  readonly expiresAt: number;
  /** `iat` in seconds since the epoch, when present. */
  readonly issuedAt: number | null;
}

/** The token in a current.jwt answer: the plain-text JWT, or `{"token": "…"}`. Throws `ERR_BC_TOKEN_MALFORMED`. */
export function tokenFromBody(body: string): string {
  const text = body.trim();
  if (text.length === 0 || text.length > MAX_TOKEN_CHARS) throw malformed('has no token or is too large');
  if (!text.startsWith('{')) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw malformed('is not valid JSON', cause);
  }
  const token = typeof parsed === 'object' && parsed !== null ? (parsed as { token?: unknown }).token : undefined;
  if (typeof token !== 'string') throw malformed('has no "token" string');
  return token.trim();
}

/**
 * The text of a current.jwt answer, read no further than a token can be long: an oversized answer is cut there
 * rather than downloaded whole (WebKit takes ~17 s over 12 MB, past the session's deadline). Throws
 * `ERR_BC_TOKEN_MALFORMED` when the answer is longer; decodes as `Response.text()` does.
 */
export async function readTokenBody(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > MAX_TOKEN_BYTES) {
      void reader.cancel().catch(() => undefined);
      throw malformed('has no token or is too large');
    }
    text += decoder.decode(value, { stream: true });
  }
}

/** Decodes the display claims of a current-customer token. Throws `ERR_BC_TOKEN_MALFORMED`. */
export function readDisplayClaims(token: string): DisplayClaims {
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) throw malformed('is not a signed JWT');
  let payload: Record<string, unknown>;
  try {
    payload = decodeJwt(token);
  } catch (cause) {
    throw malformed('cannot be decoded', cause);
  }
  let customer: Customer;
  try {
    customer = customerFromClaim(payload['customer']);
  } catch (cause) {
    throw malformed((cause as Error).message, cause);
  }
  const { exp, iat } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) throw malformed('has no valid exp');
  return {
    customer,
    expiresAt: exp,
    issuedAt: typeof iat === 'number' && Number.isFinite(iat) && iat <= exp ? iat : null,
  };
}

function malformed(reason: string, cause?: unknown): BcError {
  return new BcError('ERR_BC_TOKEN_MALFORMED', `The current-customer token ${reason}.`, { cause });
}
