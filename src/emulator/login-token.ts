/**
 * `GET /login/token/{jwt}`: BigCommerce's Customer Login API. The token must be HS256, signed with the app's client
 * secret, `iss` = client id, `operation: customer_login`, this store's `store_hash`, `iat` within the last 30 s and
 * not in the future, a `jti` never seen before, a known `customer_id`, and when present a matching `channel_id` and
 * `request_ip` and a relative `redirect_to`. Success signs the browser in and redirects to `redirect_to`
 * (default /account.php); any failure redirects to /login.php, which shows "Invalid login".
 */
import { jwtVerify } from 'jose';
import type { EmulatorContext } from './context.js';
import { isPositiveInt, redirect, relativePath } from './http.js';
import type { SeedCustomer } from './types.js';

/** How long a login token stays valid after its `iat`, in seconds. */
export const LOGIN_TOKEN_WINDOW = 30;

/** Longest token the route reads (a real one is a few hundred bytes). */
const MAX_TOKEN_LENGTH = 8 * 1024;

/**
 * The browser's address as the storefront sees it: the first `X-Forwarded-For` hop, else the loopback address
 * (a Fetch handler does not see the socket; the emulator is a local service).
 */
export function clientIp(request: Request): string {
  return request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() || '127.0.0.1';
}

const invalid = () => redirect('/login.php?error=invalid_login');

/**
 * Checks a customer-login JWT as BigCommerce does, spending its jti: the customer it signs in and where to, or
 * undefined. `requestIp`: the address a `request_ip` claim must match. Shared by `/login/token/{jwt}` and the GraphQL
 * `loginWithCustomerLoginJwt` mutation (which takes the same token: graphql-storefront.mdx "Login with a JWT").
 */
export async function verifyCustomerLoginJwt(
  ctx: EmulatorContext,
  token: string,
  requestIp: string,
): Promise<{ customer: SeedCustomer; redirectTo: string } | undefined> {
  const { app, store } = ctx.catalog.seed;
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return undefined;
  const nowMs = ctx.clock.now();
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, ctx.secret, {
      algorithms: ['HS256'],
      issuer: app.client_id,
      currentDate: new Date(nowMs),
    }));
  } catch {
    // Any bad token (wrong key or algorithm, malformed, expired) is the same "Invalid login" to the shopper.
    return undefined;
  }
  const now = Math.floor(nowMs / 1000);
  const { iat, jti, customer_id: customerId, channel_id: channelId, request_ip: ip, redirect_to: redirectTo } = payload;

  // Forget jtis whose tokens could no longer pass the iat window anyway.
  for (const [seen, until] of ctx.state.usedJtis) if (until < nowMs) ctx.state.usedJtis.delete(seen);
  if (typeof jti !== 'string' || jti.length === 0 || ctx.state.usedJtis.has(jti)) return undefined;
  if (typeof iat !== 'number' || !Number.isInteger(iat)) return undefined;
  ctx.state.usedJtis.set(jti, (iat + LOGIN_TOKEN_WINDOW + 1) * 1000);

  const target = redirectTo === undefined ? '/account.php' : relativePath(redirectTo);
  const customer = isPositiveInt(customerId) ? ctx.catalog.customer(customerId) : undefined;
  const valid =
    payload.operation === 'customer_login' &&
    payload.store_hash === store.store_hash &&
    iat <= now &&
    now - iat <= LOGIN_TOKEN_WINDOW &&
    customer !== undefined &&
    (channelId === undefined || channelId === store.channel_id) &&
    (ip === undefined || ip === requestIp) &&
    target !== undefined;
  return valid ? { customer, redirectTo: target } : undefined;
}

export async function loginToken(ctx: EmulatorContext, request: Request): Promise<Response> {
  const token = new URL(request.url).pathname.slice('/login/token/'.length);
  const verified = await verifyCustomerLoginJwt(ctx, token, clientIp(request));
  if (!verified) return invalid();
  const { cookie } = ctx.sessions.start(request, verified.customer.id);
  return redirect(verified.redirectTo, { 'set-cookie': cookie });
}
