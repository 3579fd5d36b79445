/**
 * A server on another origin than the test page, standing for an attacker's endpoint or storefront: it records every
 * request that reaches it (method, path, whether it carried a token or a password) and answers like a willing backend
 * (CORS for any origin, a price of 0.01, a checkout URL on its own origin), so a test sees exactly what would have
 * leaked. `GET /__log` returns the records and clears them.
 *
 * It also plays a storefront on another origin with the storefront bridge installed: `GET /bc-bridge/?allow=…` is the
 * real bridge page answering the listed origins, and `/customer/current.jwt` answers the token set by
 * `POST /__shopper` (`{"token": "…"}`, or `{"token": null}` for a guest).
 */
import { bridgePageHtml } from '../../src/bridge/page.js';
import { listen, type Listening } from '../../src/server/node.js';

export interface ForeignRecord {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | null;
  readonly body: string;
}

export async function startForeignRecorder(): Promise<Listening> {
  let records: ForeignRecord[] = [];
  let shopperToken: string | null = null;
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'authorization, content-type, accept',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'content-type': 'application/json',
    'cache-control': 'no-store',
  };
  const listening = await listen(async (request) => {
    const url = new URL(request.url);
    if (url.pathname === '/__log') {
      const answer = JSON.stringify(records);
      records = [];
      return new Response(answer, { headers: cors });
    }
    if (url.pathname === '/__shopper' && request.method === 'POST') {
      shopperToken = ((await request.json()) as { token: string | null }).token;
      return new Response('{}', { headers: cors });
    }
    if (url.pathname === '/bc-bridge/') {
      const allowedOrigins = url.searchParams.getAll('allow');
      return new Response(bridgePageHtml({ appClientId: 'bridge-test-app', allowedOrigins }), {
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
      });
    }
    if (url.pathname === '/customer/current.jwt') {
      return shopperToken
        ? new Response(shopperToken, { headers: { 'content-type': 'text/plain', 'cache-control': 'no-store' } })
        : new Response('{"status":404,"title":"No customer is signed in","errors":{}}', {
            status: 404,
            headers: { 'content-type': 'application/json' },
          });
    }
    records.push({
      method: request.method,
      path: url.pathname,
      authorization: request.headers.get('authorization'),
      body: request.method === 'POST' ? await request.text() : '',
    });
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });
    const money = { asEntered: 0.01, enteredInclusive: false, taxExclusive: 0.01, taxInclusive: 0.01 };
    if (url.pathname.endsWith('/prices')) {
      const body = JSON.parse(records.at(-1)?.body || '{}') as { currency?: string; items?: { productId: number }[] };
      const items = (body.items ?? []).map((item) => ({
        productId: item.productId,
        variantId: null,
        options: [],
        price: money,
        calculatedPrice: money,
      }));
      return new Response(JSON.stringify({ currency: body.currency ?? 'USD', groupId: null, items }), {
        headers: cors,
      });
    }
    if (url.pathname.endsWith('/checkout')) {
      return new Response(JSON.stringify({ url: `${url.origin}/phish`, signedIn: true }), { headers: cors });
    }
    if (url.pathname.endsWith('/graphql')) {
      return new Response(
        JSON.stringify({ data: { login: { result: 'success', customer: { entityId: 1, email: 'x@example.com' } } } }),
        { headers: cors },
      );
    }
    return new Response('{}', { status: 404, headers: cors });
  });
  listening.server.unref(); // the test run ends without closing it
  return listening;
}
