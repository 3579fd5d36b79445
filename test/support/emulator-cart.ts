/**
 * A cart with one line (product 80, variant 66) made through an emulator's Management API over HTTP, as a storefront
 * would make it; it spends one request of the store's quota like any other call. For the Node suites.
 */
import assert from 'node:assert/strict';

export async function emulatorCart(origin: string, app: { storeHash: string; accessToken: string }): Promise<string> {
  const response = await fetch(`${origin}/stores/${app.storeHash}/v3/carts`, {
    method: 'POST',
    headers: { 'x-auth-token': app.accessToken, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ channel_id: 1, line_items: [{ quantity: 1, product_id: 80, variant_id: 66 }] }),
  });
  assert.equal(response.status, 201);
  return ((await response.json()) as { data: { id: string } }).data.id;
}
