/**
 * Where `<bc-checkout-button>` finds the cart: an attribute or property, else a source the page provides.
 * BigCommerce storefronts keep the cart id in a cookie; `cookieCartIdSource` reads one that scripts may read
 * (an `HttpOnly` cookie is invisible to the page: provide a source that asks your own server instead).
 */
import { isCartId } from '../protocol.js';

/** Gives the current cart id, or nothing when there is no cart. May be async (ask a server, a SPA store). */
export type CartIdSource = () => string | null | undefined | Promise<string | null | undefined>;

/** Default cookie name for `cookieCartIdSource` (Catalyst-style storefronts keep the id under this name). */
export const DEFAULT_CART_COOKIE = 'cartId';

/**
 * The cart id, trimmed, if the backend accepts it (`isCartId` in protocol.ts: BigCommerce's are UUIDs), else `null`:
 * the button never enables for an id the backend refuses.
 */
export function normalizeCartId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const id = value.trim();
  return isCartId(id) ? id : null;
}

/** The value of cookie `name` in a `document.cookie` string, decoded, or `null`. */
export function readCookie(cookies: string, name: string): string | null {
  for (const pair of cookies.split(';')) {
    const index = pair.indexOf('=');
    if (index < 0 || pair.slice(0, index).trim() !== name) continue;
    const raw = pair
      .slice(index + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return null;
}

/** A cart-id source reading cookie `name` (default `cartId`) of `doc` each time it is asked. */
export function cookieCartIdSource(
  name: string = DEFAULT_CART_COOKIE,
  doc: Pick<Document, 'cookie'> = document,
): CartIdSource {
  if (typeof name !== 'string' || name.trim() === '' || /[=;,\s]/.test(name)) {
    throw new TypeError(`cookie name must be a plain token, got ${JSON.stringify(name)}`);
  }
  return () => readCookie(doc.cookie, name);
}

/** Asks a source for the cart id; a throwing or rejecting source counts as no cart. */
export async function cartIdFrom(source: CartIdSource | null | undefined): Promise<string | null> {
  if (!source) return null;
  try {
    return normalizeCartId(await source());
  } catch {
    return null;
  }
}
