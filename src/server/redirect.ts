/**
 * The one check every SSO redirect passes: a checkout URL from BigCommerce becomes the relative path and query the
 * customer-login token's `redirect_to` carries, or nothing. Anything that could leave the storefront is refused.
 */
import { HttpError } from './http.js';

/** Longest redirect accepted. */
export const MAX_REDIRECT_LENGTH = 2048;

function refuse(reason: string): never {
  throw new HttpError('ERR_BC_INVALID_REDIRECT', { cause: new Error(reason) });
}

function sameDecoded(a: string, b: string): boolean {
  try {
    return decodeURI(a) === decodeURI(b);
  } catch {
    return false;
  }
}

/**
 * `raw` (an absolute URL on `storefrontOrigin`, or a path starting with one `/`) as `path?query`, checked:
 * no other host, scheme or port; no userinfo; no backslashes, control characters or whitespace; no
 * percent-encoded slash, backslash or dot; no dot segments; nothing the URL parser would move elsewhere.
 * Throws `ERR_BC_INVALID_REDIRECT` (400) otherwise.
 */
export function checkedRedirectPath(raw: unknown, storefrontOrigin: string): string {
  if (typeof raw !== 'string' || raw.length === 0) refuse('not a string');
  if (raw.length > MAX_REDIRECT_LENGTH) refuse('too long');
  // Only printable ASCII: control characters, whitespace and backslashes are stripped or rewritten by the URL
  // parser (so the meaning could shift), and BigCommerce's checkout URLs never carry anything else.
  if (/[^\x21-\x5b\x5d-\x7e]/.test(raw)) refuse('forbidden character');
  // Encoded `/`, `\`, `.` and `%` (double encoding) could turn into separators or dot segments further on.
  if (/%(?:2f|5c|2e|25|00)/i.test(raw)) refuse('encoded separator');
  let relative: string;
  if (raw.startsWith('/')) {
    if (raw.startsWith('//')) refuse('protocol-relative');
    relative = raw;
  } else {
    let absolute: URL;
    try {
      absolute = new URL(raw);
    } catch {
      refuse('unparseable');
    }
    if (absolute.origin !== storefrontOrigin) refuse('other origin');
    if (absolute.username !== '' || absolute.password !== '') refuse('userinfo');
    // Compare with the text itself: `https://shop@evil` style tricks and default-port games must not pass.
    if (!raw.toLowerCase().startsWith(`${storefrontOrigin.toLowerCase()}/`)) refuse('origin not literal');
    relative = raw.slice(storefrontOrigin.length);
  }
  const hashAt = relative.indexOf('#');
  if (hashAt !== -1) relative = relative.slice(0, hashAt);
  const queryAt = relative.indexOf('?');
  const path = queryAt === -1 ? relative : relative.slice(0, queryAt);
  if (path.split('/').some((segment) => segment === '.' || segment === '..')) refuse('dot segment');
  let url: URL;
  try {
    url = new URL(relative, `${storefrontOrigin}/`);
  } catch {
    refuse('unparseable');
  }
  if (url.origin !== storefrontOrigin || url.username !== '' || url.password !== '') refuse('moved by the parser');
  const result = `${url.pathname}${url.search}`;
  // The parser only percent-encodes; if it changed the path otherwise, it normalised something away.
  if (url.pathname !== path && !sameDecoded(url.pathname, path)) refuse('normalised elsewhere');
  if (!result.startsWith('/') || result.startsWith('//')) refuse('not a relative path');
  return result;
}
