/**
 * The browser figures, in Debian's Chromium through playwright-core, against the embedded store served on loopback:
 * - a page with N `<bc-group-price>` elements (the script-tag bundle): how many `current.jwt` and `/prices`
 *   requests it makes, and the time from the `/prices` answer's last byte to the last price shown; beside the same
 *   page built the naive way (each element fetches the token and its own price);
 * - cold start: with the emulator answering every call 50 ms late, the time from the bundle's arrival to the first
 *   rendered group price, and the round trips on that path, for a signed-in shopper and for a guest;
 * - render work on the page of N prices, counted (not timed) by the library's probe (src/client/probe.ts): price
 *   formattings, configuration resolutions, and the live regions in the document and the elements' shadow roots.
 */
import { chromium, type Browser } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { BACKEND_PATH, createLocalStore, type LocalStore } from '../src/local-site/local-store.js';
import { staticFiles } from '../src/local-site/static-files.js';
import { listen } from '../src/server/node.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/support/chromium.js';

const FIRST_PRODUCT = 77;
/** The store's products the page's prices cycle through. */
export const PRODUCTS = 26;

/** What the pages report through `window.bench`. */
interface PageFigures {
  /** ms from navigation start until the last of the N prices was shown. */
  allShownAt: number;
  /** ms from navigation start to the end of the (last) `/prices` answer. */
  pricesAnsweredAt: number;
  /** ms from navigation start until the bundle finished loading. */
  bundleLoadedAt: number;
  /** ms from navigation start until the first price was shown. */
  firstShownAt: number;
  tokenRequests: number;
  priceRequests: number;
  /** [start, end] of the first few requests of each kind, ms from navigation start. */
  tokenSpans: Array<[number, number]>;
  priceSpans: Array<[number, number]>;
  /** Every current.jwt and /prices request: [start, end], ms from navigation start. */
  requests: Array<[number, number]>;
  /** The library's probe once all N prices are shown (absent on the naive page). */
  formattings?: number;
  resolutions?: number;
  /** Elements with `aria-live`, in the document and every shadow root. */
  liveRegions: number;
}

/**
 * Round trips on the way to the first shown price: the longest chain of requests (current.jwt, /prices) answered by
 * then in which each starts after the one before it was answered. Requests in parallel count once. A count, so it
 * does not depend on how fast this machine is.
 */
export function roundTrips(requests: ReadonlyArray<readonly [number, number]>, firstShownAt: number): number {
  const answered = requests.filter(([, end]) => end <= firstShownAt).sort((a, b) => a[1] - b[1]);
  const depth = new Map<readonly [number, number], number>();
  for (const request of answered) {
    const before = answered.filter((other) => depth.has(other) && other[1] <= request[0]);
    depth.set(request, 1 + Math.max(0, ...before.map((other) => depth.get(other)!)));
  }
  return Math.max(0, ...depth.values());
}

function productIds(n: number): number[] {
  return Array.from({ length: n }, (_, i) => FIRST_PRODUCT + (i % PRODUCTS));
}

/** Counts shown prices and reads the resource timings and the library's probe once all N are there. */
const probe = (n: number, event: string) => `<script>
  performance.setResourceTimingBufferSize(100000);
  const counts = (globalThis[Symbol.for('bc-customer-elements.probe')] = {});
  const liveRegions = (root) => [...root.querySelectorAll('*')].reduce(
    (sum, el) => sum + (el.hasAttribute('aria-live') ? 1 : 0) + (el.shadowRoot ? liveRegions(el.shadowRoot) : 0), 0);
  window.bench = new Promise((resolve) => {
    let shown = 0, firstShownAt = 0;
    document.addEventListener(${JSON.stringify(event)}, () => {
      shown += 1;
      if (shown === 1) firstShownAt = performance.now();
      if (shown !== ${n}) return;
      const allShownAt = performance.now();
      const entries = performance.getEntriesByType('resource');
      const matching = (part) => entries.filter((e) => e.name.includes(part));
      const ends = (part) => matching(part).map((e) => e.responseEnd);
      const spans = (part) => matching(part).map((e) => [Math.round(e.startTime), Math.round(e.responseEnd)]);
      resolve({
        allShownAt, firstShownAt,
        pricesAnsweredAt: Math.max(...ends('${BACKEND_PATH}/prices')),
        bundleLoadedAt: Math.max(0, ...ends('/dist/')),
        tokenRequests: ends('/customer/current.jwt').length,
        priceRequests: ends('${BACKEND_PATH}/prices').length,
        tokenSpans: spans('/customer/current.jwt').slice(0, 3),
        priceSpans: spans('${BACKEND_PATH}/prices').slice(0, 3),
        requests: [...spans('/customer/current.jwt'), ...spans('${BACKEND_PATH}/prices')],
        formattings: counts.formatPrice, resolutions: counts.resolveConfig,
        liveRegions: liveRegions(document),
      });
    });
  });
</script>`;

function elementsPage(store: LocalStore, n: number): string {
  const prices = productIds(n)
    .map((id) => `<bc-group-price product-id="${id}">$0.00</bc-group-price>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>${probe(n, 'bc-price-change')}
<script type="module" src="/dist/bc-customer-elements.min.js"></script></head><body>
<bc-store app-client-id="${store.emulator.app.clientId}" endpoint="${BACKEND_PATH}" currency="USD"></bc-store>
${prices}</body></html>`;
}

/** The baseline: every element fetches the token and then its own price, and writes it as text. */
function naivePage(store: LocalStore, n: number): string {
  const prices = productIds(n)
    .map((id) => `<naive-price product-id="${id}">$0.00</naive-price>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>${probe(n, 'naive-price-change')}
<script type="module">
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
  customElements.define('naive-price', class extends HTMLElement {
    async connectedCallback() {
      const tokenResponse = await fetch('/customer/current.jwt?app_client_id=${store.emulator.app.clientId}', { cache: 'no-store' });
      const token = tokenResponse.ok ? await tokenResponse.text() : null;
      const response = await fetch('${BACKEND_PATH}/prices', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: 'Bearer ' + token } : {}) },
        body: JSON.stringify({ currency: 'USD', items: [{ productId: Number(this.getAttribute('product-id')) }] }),
      });
      const { items } = await response.json();
      this.textContent = format.format(items[0].calculatedPrice.taxExclusive);
      this.dispatchEvent(new Event('naive-price-change', { bubbles: true }));
    }
  });
</script></head><body>${prices}</body></html>`;
}

export interface BrowserFigures {
  elements: number;
  ours: PageFigures;
  naive: PageFigures;
  /** The first price of a signed-in shopper, every emulator call `latencyMs` late. */
  cold: PageFigures & { latencyMs: number; roundTrips: number };
  /** The same for a guest. */
  coldGuest: PageFigures & { latencyMs: number; roundTrips: number };
}

export async function measureBrowser(n = 500, latencyMs = 50): Promise<BrowserFigures> {
  const dist = staticFiles(fileURLToPath(new URL('../dist', import.meta.url)), '/dist/');
  let store: LocalStore | undefined;
  const pages: Record<string, (s: LocalStore) => string> = {
    '/bench/elements.html': (s) => elementsPage(s, n),
    '/bench/naive.html': (s) => naivePage(s, n),
    '/bench/cold.html': (s) => elementsPage(s, 1),
  };
  const server = await listen(async (request) => {
    const page = pages[new URL(request.url).pathname];
    if (page && store) return new Response(page(store), { headers: { 'content-type': 'text/html; charset=utf-8' } });
    return (await store?.handle(request)) ?? (await dist(request)) ?? new Response('Not found', { status: 404 });
  });
  const silent = { info() {}, warn() {}, error() {} };
  /** A fresh store for each page, so no answer is cached from the page before. */
  const freshStore = () =>
    (store = createLocalStore({
      origin: server.url,
      emulator: { rateLimit: { quota: 1_000_000, windowMs: 30_000 } },
      backend: { rateLimit: false, upstreamBudget: false, logger: silent },
    }));
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  try {
    const run = async (path: string, signedIn = true): Promise<PageFigures> => {
      const context = await browser.newContext();
      try {
        const shopper = store!.emulator.seed.customers.find((c) => c.customer_group_id > 0)!;
        if (signedIn)
          await context.request.post(`${server.url}/__emulator/sign-in`, { data: { email: shopper.email } });
        const page = await context.newPage();
        await page.goto(`${server.url}${path}`);
        return await page.evaluate(() => (window as unknown as { bench: Promise<PageFigures> }).bench);
      } finally {
        await context.close();
      }
    };
    freshStore();
    await run('/bench/elements.html'); // warm-up: Chromium's and the server's first page is slower than any after
    freshStore();
    const ours = await run('/bench/elements.html');
    freshStore();
    const naive = await run('/bench/naive.html');
    // Cold for the page (nothing cached, a new browser context), not for the server: one request for another
    // product warms the fresh backend's code paths and its connection to the Management API first.
    const coldRun = async (signedIn: boolean) => {
      const coldStore = freshStore();
      await coldStore.backend(
        new Request(`${server.url}${BACKEND_PATH}/prices`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ currency: 'USD', items: [{ productId: FIRST_PRODUCT + PRODUCTS - 1 }] }),
        }),
      );
      for (const route of ['current_jwt', 'pricing']) coldStore.emulator.faults.set(route, { latencyMs });
      const figures = await run('/bench/cold.html', signedIn);
      return { ...figures, latencyMs, roundTrips: roundTrips(figures.requests, figures.firstShownAt) };
    };
    const cold = await coldRun(true);
    const coldGuest = await coldRun(false);
    return { elements: n, ours, naive, cold, coldGuest };
  } finally {
    await browser.close();
    await server.close();
  }
}
