/**
 * The storefront side of carts: `/cart.php?action=load|loadInCheckout&id=…&token=…` spends a single-use redirect
 * token and puts the cart into the browser's session; `/cart.php` shows the cart and `/checkout` a checkout page
 * with the cart and who is signed in (the customer's email as text, or "Guest"), so a test can see SSO worked.
 */
import { cartLines, findCart } from './carts.js';
import type { EmulatorContext } from './context.js';
import { escapeHtml, html, redirect } from './http.js';
import { page, whoIsSignedIn } from './pages.js';

function money(ctx: EmulatorContext, amount: number): string {
  const { currency, locale } = ctx.catalog.seed.store;
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
}

/**
 * A guest cart seen by a signed-in shopper becomes theirs, as on BigCommerce, where signing in (through the
 * storefront or a customer-login token) attaches the session's cart to the customer and reprices it for their group.
 */
function claimCart(ctx: EmulatorContext, request: Request, cartId: string | null): void {
  const cart = cartId ? findCart(ctx, cartId) : undefined;
  const customer = ctx.customerOf(request);
  if (cart && customer && cart.customerId === 0) {
    cart.customerId = customer.id;
    cart.updated = ctx.clock.now();
    cart.version += 1;
  }
}

function cartTable(ctx: EmulatorContext, request: Request, cartId: string | null): string {
  claimCart(ctx, request, cartId);
  const cart = cartId ? findCart(ctx, cartId) : undefined;
  if (!cart) return '<p id="cart-empty">Your cart is empty.</p>';
  const lines = cartLines(ctx, cart);
  const rows = lines
    .map(
      (line) => `<tr data-product-id="${line.product.id}" data-variant-id="${line.variant.id}">
<td>${escapeHtml(line.product.name)}</td><td>${escapeHtml(line.variant.sku)}</td><td>${line.quantity}</td>
<td>${money(ctx, line.unit)}</td><td>${money(ctx, line.total)}</td></tr>`,
    )
    .join('\n');
  const total = lines.reduce((sum, line) => sum + line.total, 0);
  return `<table id="cart" data-cart-id="${escapeHtml(cart.id)}">
<thead><tr><th>Item</th><th>SKU</th><th>Quantity</th><th>Price</th><th>Total</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th colspan="4">Total</th><td id="cart-total">${money(ctx, total)}</td></tr></tfoot>
</table>`;
}

/** `/cart.php`, with or without a redirect-URL action. */
export function cartPage(ctx: EmulatorContext, request: Request): Response {
  const url = new URL(request.url);
  const action = url.searchParams.get('action');
  if (action === 'load' || action === 'loadInCheckout') {
    const id = url.searchParams.get('id') ?? '';
    const token = url.searchParams.get('token') ?? '';
    const destination =
      action === 'load' ? '/cart.php' : url.searchParams.get('embedded') === '1' ? '/checkout?embedded=1' : '/checkout';
    // Single use: a token is spent on its first visit, valid or not for this cart.
    const owner = ctx.state.redirectTokens.get(token);
    ctx.state.redirectTokens.delete(token);
    if (owner !== id || !findCart(ctx, id)) return redirect('/cart.php');
    const session = ctx.sessions.get(request);
    if (session) {
      session.cartId = id;
      return redirect(destination);
    }
    const started = ctx.sessions.start(request, null);
    started.session.cartId = id;
    return redirect(destination, { 'set-cookie': started.cookie });
  }
  const body = `${whoIsSignedIn(ctx.customerOf(request))}\n${cartTable(ctx, request, ctx.sessions.get(request)?.cartId ?? null)}
<p><a href="/checkout">Check out</a></p>`;
  return html(page(ctx.catalog.seed.store.name, 'Your cart', body));
}

/** `/checkout`: the cart and who is checking out. */
export function checkoutPage(ctx: EmulatorContext, request: Request): Response {
  const embedded = new URL(request.url).searchParams.get('embedded') === '1';
  const body = `${whoIsSignedIn(ctx.customerOf(request))}
${cartTable(ctx, request, ctx.sessions.get(request)?.cartId ?? null)}${embedded ? '\n<p id="embedded">Embedded checkout</p>' : ''}`;
  return html(page(ctx.catalog.seed.store.name, 'Checkout', body));
}
