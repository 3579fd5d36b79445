/**
 * Demo only: `POST /demo/cart` `{items: [{productId, variantId?, quantity}]}` → `201 {cartId}`. The demo pages have no
 * shop of their own, so this stands in for the storefront's "add to cart": it creates a guest cart through the
 * emulator's Management API (`POST /stores/{hash}/v3/carts`), as a real site's server would with its API token.
 * It is not part of the backend (`src/server/`) and never ships in a real deployment.
 */
import type { Emulator } from '../emulator/index.js';

export const DEMO_CART_PATH = '/demo/cart';

const MAX_ITEMS = 50;
const MAX_QUANTITY = 999;

function problem(status: number, message: string): Response {
  return Response.json({ error: { message } }, { status });
}

const isId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/** Answers `POST /demo/cart`; `null` for any other path. */
export function demoCartRoute(emulator: Emulator, origin: string): (request: Request) => Promise<Response | null> {
  return async (request) => {
    if (new URL(request.url).pathname !== DEMO_CART_PATH) return null;
    if (request.method !== 'POST') return problem(405, 'POST only');
    let body: unknown;
    try {
      body = JSON.parse(await request.text());
    } catch {
      return problem(400, 'The body must be JSON.');
    }
    const items = (body as { items?: unknown } | null)?.items;
    if (!Array.isArray(items) || items.length === 0 || items.length > MAX_ITEMS) {
      return problem(400, `items must hold 1 to ${MAX_ITEMS} lines`);
    }
    const lines = [];
    for (const item of items as { productId?: unknown; variantId?: unknown; quantity?: unknown }[]) {
      if (!isId(item?.productId) || !isId(item.quantity) || item.quantity > MAX_QUANTITY) {
        return problem(400, 'each item needs a productId and a quantity');
      }
      if (item.variantId !== undefined && item.variantId !== null && !isId(item.variantId))
        return problem(400, 'bad variantId');
      lines.push({
        product_id: item.productId,
        quantity: item.quantity,
        ...(isId(item.variantId) ? { variant_id: item.variantId } : {}),
      });
    }
    const { storeHash, accessToken, channelId } = emulator.app;
    const response = await emulator.handle(
      new Request(`${origin}/stores/${storeHash}/v3/carts`, {
        method: 'POST',
        headers: { 'x-auth-token': accessToken, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ channel_id: channelId, line_items: lines }),
      }),
    );
    if (!response.ok)
      return problem(response.status === 422 ? 400 : 502, `The store refused the cart (${response.status}).`);
    const created = (await response.json()) as { data?: { id?: unknown } };
    if (typeof created.data?.id !== 'string') return problem(502, 'The store answered without a cart id.');
    return Response.json({ cartId: created.data.id }, { status: 201 });
  };
}
