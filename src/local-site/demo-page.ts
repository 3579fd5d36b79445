/**
 * Demo only: renders demo/index.html (a CMS-like page) from the emulator seed, as a CMS renders its product
 * template: the product grid with each product's public price in the light DOM of `<bc-group-price>`, the seeded
 * customers to sign in as, and the app client id of the emulated store.
 */
import { escapeHtml } from '../emulator/http.js';
import type { EmulatorSeed } from '../emulator/types.js';
import { demoCatalog, demoCustomers, formatMoney, type DemoProduct } from './demo-catalog.js';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter((word) => /^[A-Za-z]/.test(word))
    .slice(0, 2)
    .map((word) => word.charAt(0).toUpperCase())
    .join('');
}

function productCard(seed: EmulatorSeed, product: DemoProduct): string {
  const id = `p${product.id}`;
  const money = (amount: number) => escapeHtml(formatMoney(seed, amount));
  const fallback =
    product.listPrice !== null
      ? `<s>${money(product.listPrice)}</s> ${money(product.publicPrice)}`
      : product.ranged
        ? `from ${money(Math.min(...product.variants.map((v) => v.publicPrice)))}`
        : money(product.publicPrice);
  const attributes = [`product-id="${product.id}"`, product.ranged ? 'show-range' : '', product.bulk ? 'show-bulk' : '']
    .filter(Boolean)
    .join(' ');
  const variantPicker =
    product.variants.length > 0
      ? `<label class="field">Variant <select class="variant" name="variant">
          <option value="">Choose…</option>
          ${product.variants.map((v) => `<option value="${v.id}">${escapeHtml(v.label)}</option>`).join('')}
        </select></label>`
      : '';
  const modifierPickers = product.modifiers
    .map(
      (m) => `<label class="field">${escapeHtml(m.name)} <select class="modifier" data-option-id="${m.optionId}">
          ${m.values.map((v) => `<option value="${v.id}">${escapeHtml(v.label)}</option>`).join('')}
        </select></label>`,
    )
    .join('');
  const tags = [
    product.listPrice !== null ? 'Sale' : '',
    product.bulk ? 'Bulk pricing' : '',
    product.ranged ? 'Variants' : '',
  ]
    .filter(Boolean)
    .map((t) => `<span class="tag">${t}</span>`)
    .join('');
  return `<li class="product" data-product-id="${product.id}" data-default-variant-id="${product.defaultVariantId}" data-name="${escapeHtml(product.name)}">
      <article aria-labelledby="${id}-name">
        <div class="swatch" data-category="${escapeHtml(product.category)}" aria-hidden="true">${escapeHtml(initials(product.name))}</div>
        <p class="category">${escapeHtml(product.category)}${tags}</p>
        <h3 id="${id}-name">${escapeHtml(product.name)}</h3>
        <p class="price"><bc-group-price ${attributes}>${fallback}</bc-group-price></p>
        ${variantPicker}${modifierPickers}
        <button class="add" type="button" aria-describedby="${id}-name">Add to cart</button>
      </article>
    </li>`;
}

function customerRows(seed: EmulatorSeed): string {
  return demoCustomers(seed)
    .map(
      (c) =>
        `<tr><td><code>${escapeHtml(c.email)}</code></td><td><code>${escapeHtml(c.password)}</code></td><td>${escapeHtml(c.group)}</td><td>${escapeHtml(c.sees)}</td></tr>`,
    )
    .join('\n');
}

/**
 * The other-origin page's headless sign-in (docs/headless-sign-in.md): `<bc-sign-in>` off the storefront signs in
 * through the backend, which keeps the session in its own cookie; the button signs out through it (demo.js calls the
 * browser core's `signOut()`). Both share one box and only their visibility changes, so the page does not move when
 * the shopper is recognised.
 */
function headlessPanel(storefront: string): string {
  return `<section class="headless" id="headless" aria-labelledby="headless-title">
          <h2 id="headless-title">Sign in on this page</h2>
          <p>No trip to the storefront: <code>&lt;bc-sign-in&gt;</code> sends the email and password to the backend
            (<code>${storefront}/bc/sign-in</code>), which signs the shopper in with BigCommerce server to server and
            keeps the session in its own cookie, so it works with third-party cookies blocked as long as the backend is
            on this page's site. Checkout then opens signed in, and signing out here ends the store's session too
            (<code>docs/headless-sign-in.md</code>).</p>
          <div class="headless-box">
            <bc-sign-in></bc-sign-in>
            <p class="headless-out">Signed in on this page.
              <button type="button" class="link" id="headless-sign-out">Sign out here</button></p>
          </div>
        </section>`;
}

/** Where a rendering of the CMS page is served, and where the other one is. */
export interface DemoPageSetup {
  /** The storefront's origin (`http://127.0.0.1:3000`). */
  storefront: string;
  /** The CMS page on another origin than the storefront (`http://127.0.0.1:3001/`). */
  otherOriginPage: string;
  /**
   * Whether this rendering is the page on the other origin: it names the storefront on `<bc-store>`, trusts it in
   * `<meta name="bc-trusted-origins">`, loads the bundle from it as from a CDN and links back to it; the page on the
   * storefront's origin uses paths.
   */
  otherOrigin: boolean;
}

/** Fills the template's `<!--bc-demo:…-->` and `{{…}}` slots. */
export function renderDemoPage(template: string, seed: EmulatorSeed, setup: DemoPageSetup): string {
  const products = demoCatalog(seed)
    .map((p) => productCard(seed, p))
    .join('\n');
  const storefront = escapeHtml(setup.storefront);
  const other = escapeHtml(setup.otherOriginPage);
  const store = setup.otherOrigin ? storefront : '';
  const current = (here: boolean) => (here ? ' aria-current="page"' : '');
  const values: Record<string, string> = {
    '{{appClientId}}': escapeHtml(seed.app.client_id),
    '{{storeName}}': escapeHtml(seed.store.name),
    '{{currency}}': escapeHtml(seed.store.currency),
    '{{channelId}}': String(seed.store.channel_id),
    '{{store}}': store,
    '{{storeLocation}}': setup.otherOrigin
      ? `storefront="${storefront}" endpoint="${storefront}/bc"`
      : 'endpoint="/bc"',
    '<!--bc-demo:trusted-origins-->': setup.otherOrigin
      ? `<meta name="bc-trusted-origins" content="${storefront}" />`
      : '',
    '<!--bc-demo:nav-->': [
      `<li><a href="${store}/"${current(!setup.otherOrigin)}>CMS page</a></li>`,
      `<li><a href="${other}"${current(setup.otherOrigin)}>Another origin</a></li>`,
    ].join('\n          '),
    '<!--bc-demo:setup-->': setup.otherOrigin
      ? `<p class="setup">This copy of the page is on <strong>another origin</strong> than the storefront
          (<code>${storefront}</code>), as a CMS at <code>www.example.com</code> is beside a store at
          <code>shop.example.com</code>. It learns who is signed in through the storefront bridge, a small page the demo
          installed on the storefront with the Pages API; <code>docs/bridge.md</code> tells how.</p>`
      : `<p class="setup">This page is on the storefront's own origin. The same page on
          <a href="${other}">another origin</a> reads the shopper through the storefront bridge.</p>`,
    '<!--bc-demo:headless-->': setup.otherOrigin ? headlessPanel(storefront) : '',
    '<!--bc-demo:products-->': products,
    '<!--bc-demo:customers-->': customerRows(seed),
  };
  return template.replace(/\{\{\w+\}\}|<!--bc-demo:[\w-]+-->/g, (slot) => values[slot] ?? slot);
}
