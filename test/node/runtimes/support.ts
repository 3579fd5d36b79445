// Shared by the runtime suites: the emulated store over real HTTP, tokens of seeded customers, and one scenario
// every runtime must pass with the same handler (health, guest and group prices, session, checkout signed in,
// a refused request, a CORS preflight).
import assert from 'node:assert/strict';
import { createEmulator, type Emulator } from '../../../src/emulator/index.js';
import type { HandlerOptions } from '../../../src/server/index.js';
import { listen, type Listening } from '../../../src/server/node.js';
import { emulatorCart } from '../../support/emulator-cart.js';
import { currentCustomerToken } from '../../support/emulator-token.js';

export const PAGE_ORIGIN = 'https://www.example.com';

export interface Store {
  emulator: Emulator;
  shop: Listening;
  /** The backend options for this store (no basePath: each runtime sets its own). */
  options(): HandlerOptions;
  tokenOf(email: string): Promise<string>;
  createCart(): Promise<string>;
  close(): Promise<void>;
}

export async function startStore(): Promise<Store> {
  const emulator = createEmulator();
  const shop = await listen(emulator.handle);
  const { storeHash, clientId, clientSecret, accessToken, channelId } = emulator.app;
  return {
    emulator,
    shop,
    options: () => ({
      storeHash,
      clientId,
      clientSecret,
      accessToken,
      channelId,
      storefrontUrl: shop.url,
      apiBaseUrl: shop.url,
      allowedOrigins: [PAGE_ORIGIN],
      logger: { info() {}, warn() {}, error() {} },
    }),
    tokenOf: (email) => currentCustomerToken(shop.url, clientId, email),
    createCart: () => emulatorCart(shop.url, emulator.app),
    close: () => shop.close(),
  };
}

/** Sends a request the way a runtime receives it: a URL under `base`, and returns status, headers and JSON. */
export type Send = (request: Request) => Promise<Response>;

/**
 * The scenario every runtime passes: `send` delivers a Request to the runtime (over HTTP, or to its entry
 * function), `base` is where the backend's routes live (e.g. `http://host:port/bc`).
 */
export async function runScenario(store: Store, send: Send, base: string): Promise<void> {
  const json = async (route: string, body: unknown, token?: string) => {
    const response = await send(
      new Request(`${base}${route}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: PAGE_ORIGIN,
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      }),
    );
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
  };

  const health = await send(new Request(`${base}/health`));
  assert.equal(health.status, 200);
  await health.body?.cancel();

  // Guest prices, then the wholesale customer's group prices (the token is verified with jose in the runtime).
  const items = [{ productId: 80 }];
  const guest = await json('/prices', { currency: 'USD', items });
  assert.equal(guest.status, 200, JSON.stringify(guest.body));
  assert.equal(guest.body.groupId, null);
  assert.equal(guest.headers.get('access-control-allow-origin'), PAGE_ORIGIN);
  const token = await store.tokenOf('wholesale@example.com');
  const wholesale = await json('/prices', { currency: 'USD', items }, token);
  assert.equal(wholesale.status, 200, JSON.stringify(wholesale.body));
  assert.notEqual(wholesale.body.groupId, null);
  const amount = (body: Record<string, any>) => body.items[0].calculatedPrice.taxExclusive as number;
  assert.ok(amount(wholesale.body) < amount(guest.body), `${amount(wholesale.body)} < ${amount(guest.body)}`);

  const session = await json('/session', {}, token);
  assert.equal(session.status, 200);
  assert.equal(session.body.customer.email, 'wholesale@example.com');

  // Checkout signed in: the checkout URL on the storefront's origin (the shopper's own session signs them in).
  const cartId = await store.createCart();
  const checkout = await json('/checkout', { cartId }, token);
  assert.equal(checkout.status, 200, JSON.stringify(checkout.body));
  assert.equal(checkout.body.signedIn, true);
  assert.ok(String(checkout.body.url).startsWith(`${store.shop.url}/cart.php?`), checkout.body.url);

  // A forged token is refused with the generic error body.
  const forged = await json('/session', {}, `${token.slice(0, -4)}AAAA`);
  assert.equal(forged.status, 401);
  assert.match(forged.body.error.code, /^ERR_BC_/);

  // CORS preflight from the page's origin.
  const preflight = await send(
    new Request(`${base}/prices`, {
      method: 'OPTIONS',
      headers: {
        origin: PAGE_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    }),
  );
  assert.ok(preflight.status === 204 || preflight.status === 200, `preflight ${preflight.status}`);
  assert.equal(preflight.headers.get('access-control-allow-origin'), PAGE_ORIGIN);
  await preflight.body?.cancel();
}

/** Sends a Request over real HTTP (for runtimes that listen on a port). */
export const overHttp: Send = (request) => fetch(request);
