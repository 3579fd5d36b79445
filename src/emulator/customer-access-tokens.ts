/**
 * Customer access tokens and session sync (graphql-storefront.mdx "Customer access tokens"; headless-customers.mdx
 * "Customer single sign-on", "Create a session sync JWT token").
 *
 * A customer access token (CAT) is what `login` / `loginWithCustomerLoginJwt` return server-to-server:
 * `{value, expiresAt}`, the value shaped as the docs show it (`<64 hex>_<expiry in Unix seconds>`). Sent as
 * `X-Bc-Customer-Access-Token`, it makes a request speak for its customer until it expires or `logout` is called with
 * it (which invalidates it everywhere).
 *
 * A session-sync URL (`/session-sync?jwt=…`) is what `generateSessionSyncJwt` answers, and `createCartRedirectUrls`
 * for a request with a CAT: its single visit within 30 s signs the browser into the storefront as the token's
 * customer (or starts an anonymous session), puts the cart in the session and redirects to `redirect_to` (for
 * createCartRedirectUrls, the cart's checkout URL). The visit data it carries (visitor_id, visit_id) and
 * payment_wallet_data ride in the token only: the emulator has no analytics or wallets. The JWT is signed with a key only this emulator holds (a real
 * store signs it with its own ES256 key); nobody but the storefront checks it.
 */
import { SignJWT, jwtVerify } from 'jose';
import type { EmulatorContext } from './context.js';
import { randomHex, redirect, storefrontOrigin, storefrontPath } from './http.js';

/** How long a customer access token lives, in seconds [inferred: the docs show `expiresAt` but not the lifetime]. */
export const CUSTOMER_ACCESS_TOKEN_LIFETIME_S = 24 * 60 * 60;
/** How long a session-sync URL stays valid, in seconds (the docs' example token: `eat` = `iat` + 30). */
export const SESSION_SYNC_WINDOW_S = 30;

export interface CustomerAccessToken {
  readonly customerId: number;
  /** Unix seconds. */
  readonly expiresAt: number;
}

/** Issues a CAT for `customerId`: the GraphQL `CustomerAccessToken` object. */
export function issueCustomerAccessToken(
  ctx: EmulatorContext,
  customerId: number,
): { value: string; expiresAt: string } {
  const expiresAt = Math.floor(ctx.clock.now() / 1000) + CUSTOMER_ACCESS_TOKEN_LIFETIME_S;
  const value = `${randomHex(32)}_${expiresAt}`;
  ctx.state.customerAccessTokens.set(value, { customerId, expiresAt });
  // ISO 8601 without milliseconds, as in the docs' example ("2024-07-19T16:30:29Z").
  return { value, expiresAt: new Date(expiresAt * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

/** The customer a CAT speaks for, or undefined when it is unknown, invalidated or expired. */
export function customerAccessTokenOwner(ctx: EmulatorContext, value: string): number | undefined {
  const token = ctx.state.customerAccessTokens.get(value);
  if (!token) return undefined;
  if (token.expiresAt <= ctx.clock.now() / 1000) {
    ctx.state.customerAccessTokens.delete(value);
    return undefined;
  }
  return token.customerId;
}

/**
 * `logout` with a CAT: the token stops working for every holder (graphql-storefront.mdx, "Using a Customer Access
 * Token": "The token is invalidated when you use the logout mutation"), and every storefront session a session-sync
 * URL made with it started ends too, as do its session-sync URLs not yet visited [assumed: the docs say only that
 * session sync "offers consistent login states" (headless-customers.mdx); a customer signed out of the headless site
 * who stayed signed in to the hosted checkout would not be one]. See docs/emulator.md.
 */
export function revokeCustomerAccessToken(ctx: EmulatorContext, value: string): void {
  ctx.state.customerAccessTokens.delete(value);
  ctx.sessions.endFrom(value);
  for (const [jti, token] of ctx.state.sessionSyncs) if (token === value) ctx.state.sessionSyncs.delete(jti);
}

/** What a session-sync JWT carries (headless-customers.mdx, "Create a session sync JWT token": the example token). */
export interface SessionSyncClaims {
  readonly customerId: number | null;
  readonly cartId: string | null;
  /** A page of the storefront, as a path: the JWT carries it as a URL on `origin`, as the docs' example does. */
  readonly redirectTo: string;
  readonly visitorId?: string | null;
  readonly visitId?: string | null;
  readonly paymentWalletData?: unknown;
  /** The shopper's address; the docs do not say the visit must come from it, and the emulator does not check it. */
  readonly requestIp?: string | null;
  /** The customer access token the URL is made with, if any (never in the JWT: the emulator keeps it by `jti`). */
  readonly customerAccessToken?: string | undefined;
}

/**
 * The store's id, the example token's `sid` [inferred: 1001197568 there has the shape of a BigCommerce store id; the
 * seed has none, so one is derived from the store hash].
 */
const storeId = (storeHash: string) => 1_000_000_000 + (Number.parseInt(storeHash, 36) % 1_000_000_000 || 0);

/**
 * A single-use session-sync JWT and its URL on `origin` (`/session-sync?jwt=…`), with the docs' example token's
 * claims: the one session-sync machinery of `generateSessionSyncJwt` and of `createCartRedirectUrls` with a customer
 * access token.
 */
export async function sessionSyncJwt(
  ctx: EmulatorContext,
  origin: string,
  claims: SessionSyncClaims,
): Promise<{ token: string; url: string }> {
  const iat = Math.floor(ctx.clock.now() / 1000);
  const jti = crypto.randomUUID();
  const token = await new SignJWT({
    eat: iat + SESSION_SYNC_WINDOW_S,
    operation: 'session_sync',
    sid: storeId(ctx.catalog.seed.store.store_hash),
    session_payload: {
      cart_id: claims.cartId,
      customer_id: claims.customerId,
      visitor_id: claims.visitorId ?? null,
      visit_id: claims.visitId ?? null,
      cart_locale: null,
      payment_wallet_data: claims.paymentWalletData ?? null,
    },
    request_ip: claims.requestIp ?? null,
    redirect_to: `${origin}${claims.redirectTo}`,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('BC')
    .setIssuedAt(iat)
    .setJti(jti)
    .sign(ctx.state.sessionSyncKey);
  ctx.state.sessionSyncs.set(jti, claims.customerAccessToken ?? null);
  return { token, url: `${origin}/session-sync?jwt=${token}` };
}

/**
 * `GET /session-sync?jwt=…`: spends the URL (a second visit, a token past its 30 s or not signed by this store is
 * sent to /login.php with "Invalid login", as a used customer-login URL is [inferred]), then signs the browser in,
 * loads the cart into its session and redirects to `redirect_to`.
 */
export async function sessionSync(ctx: EmulatorContext, request: Request): Promise<Response> {
  const invalid = () => redirect('/login.php?error=invalid_login');
  const jwt = new URL(request.url).searchParams.get('jwt') ?? '';
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(jwt, ctx.state.sessionSyncKey, { algorithms: ['HS256'], issuer: 'BC' }));
  } catch {
    return invalid();
  }
  const {
    jti,
    eat,
    session_payload: session,
    redirect_to: redirectTo,
  } = payload as {
    jti?: unknown;
    eat?: unknown;
    session_payload?: { cart_id?: unknown; customer_id?: unknown };
    redirect_to?: unknown;
  };
  if (typeof jti !== 'string' || !ctx.state.sessionSyncs.has(jti)) return invalid();
  const madeWith = ctx.state.sessionSyncs.get(jti);
  ctx.state.sessionSyncs.delete(jti);
  if (typeof eat !== 'number' || eat < ctx.clock.now() / 1000) return invalid();
  const target = storefrontPath(redirectTo, storefrontOrigin(request, ctx.storefrontUrl));
  if (!target) return invalid();
  const customerId = typeof session?.customer_id === 'number' ? session.customer_id : null;
  if (customerId !== null && !ctx.catalog.customer(customerId)) return invalid();
  const { session: started, cookie } = ctx.sessions.start(request, customerId);
  if (typeof session?.cart_id === 'string') started.cartId = session.cart_id;
  if (customerId !== null && madeWith) started.customerAccessToken = madeWith;
  return redirect(target, { 'set-cookie': cookie });
}

/** A fresh key for session-sync JWTs (one per emulator state). */
export function newSessionSyncKey(): Uint8Array {
  return new TextEncoder().encode(randomHex(32));
}
