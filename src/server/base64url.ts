/**
 * Canonical base64url: RFC 7515 spells every JWS segment as unpadded base64url, yet a decoder also accepts other
 * spellings of the same bytes (the spare low bits of a segment's last character, `=` padding). A token is refused
 * unless it is the one spelling, so nothing keyed on the token text (a log line, a replay cache) sees one token as
 * several.
 */
import { base64url } from 'jose';

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/** Whether `text` is the only unpadded base64url spelling of the bytes it decodes to (decode, encode: same text). */
export function isCanonicalBase64url(text: string): boolean {
  if (!ALPHABET.test(text)) return false;
  try {
    return base64url.encode(base64url.decode(text)) === text;
  } catch {
    // Not decodable at all (e.g. a length that leaves a single character over).
    return false;
  }
}
