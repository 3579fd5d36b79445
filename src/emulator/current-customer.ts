/**
 * `GET /customer/current.jwt?app_client_id=…`: the signed-in customer as a JWT signed with the app's client secret
 * (HS512 as real stores sign it, HS256 selectable), claims exactly as BigCommerce documents them. Guests get 404
 * with a JSON `errors` body. No CORS headers: only same-origin pages can read it.
 */
import { SignJWT } from 'jose';
import type { EmulatorContext } from './context.js';
import { ERROR_TYPE, json } from './http.js';

/** Lifetime of a current-customer token, in seconds. */
export const CURRENT_CUSTOMER_TTL = 900;

function failure(status: number, title: string): Response {
  const response = json({ status, title, type: ERROR_TYPE, errors: { customer: title } }, status);
  response.headers.set('cache-control', 'no-store');
  return response;
}

export async function currentCustomer(ctx: EmulatorContext, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return failure(405, 'Method not allowed');
  const { app, store } = ctx.catalog.seed;
  const clientId = new URL(request.url).searchParams.get('app_client_id');
  if (!clientId) return failure(400, 'The app_client_id query parameter is required');
  if (clientId !== app.client_id) return failure(400, 'No app with this app_client_id is installed on the store');
  const customer = ctx.customerOf(request);
  if (!customer) return failure(404, 'No customer is signed in');

  const iat = Math.floor(ctx.clock.now() / 1000);
  const token = await new SignJWT({
    customer: { id: customer.id, email: customer.email, group_id: String(customer.customer_group_id) },
    version: 1,
    application_id: app.client_id,
    store_hash: store.store_hash,
    operation: 'current_customer',
  })
    .setProtectedHeader({ typ: 'JWT', alg: ctx.tokenAlgorithm })
    .setIssuer('bc/apps')
    .setSubject(store.store_hash)
    .setAudience(app.client_id)
    .setIssuedAt(iat)
    .setExpirationTime(iat + CURRENT_CUSTOMER_TTL)
    .sign(ctx.secret);

  const wantsJson = /\bapplication\/json\b/i.test(request.headers.get('accept') ?? '');
  const response = wantsJson
    ? json({ token })
    : new Response(token, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
  response.headers.set('cache-control', 'no-store');
  return response;
}
