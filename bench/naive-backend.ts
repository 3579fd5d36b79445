/**
 * The baseline the backend bench compares against: the same /session and /prices routes written the naive way
 * (the HMAC key imported from the secret on every request, every price ask sent upstream, nothing cached). It is a
 * measuring stick only, not a backend to deploy: it skips most of the checks the real one makes.
 */
import { jwtVerify } from 'jose';

export interface NaiveOptions {
  clientId: string;
  clientSecret: string;
  storeHash: string;
  accessToken: string;
  apiBaseUrl: string;
}

export function createNaiveBackend(options: NaiveOptions) {
  const secret = () => new TextEncoder().encode(options.clientSecret);
  const verify = async (request: Request) => {
    const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
    if (!token) return null;
    const { payload } = await jwtVerify(token, secret(), {
      algorithms: ['HS256', 'HS512'],
      audience: options.clientId,
    });
    return payload as { customer: { id: number; email: string; group_id: string }; exp: number };
  };
  return async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    const claims = await verify(request);
    if (pathname.endsWith('/session')) {
      return Response.json({ customer: claims?.customer, expiresAt: claims?.exp });
    }
    const body = (await request.json()) as { currency: string; items: Array<{ productId: number }> };
    const upstream = await fetch(`${options.apiBaseUrl}/stores/${options.storeHash}/v3/pricing/products`, {
      method: 'POST',
      headers: { 'x-auth-token': options.accessToken, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        channel_id: 1,
        currency_code: body.currency,
        customer_group_id: Number(claims?.customer.group_id ?? 0),
        items: body.items.map((item) => ({ product_id: item.productId })),
      }),
    });
    return Response.json(await upstream.json());
  };
}
