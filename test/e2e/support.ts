/**
 * End-to-end support: starts `bc-customer-elements demo` (what `npm start` runs, from the built dist/) on a free
 * port, and drives Debian's Chromium through playwright-core. Pages record console errors and failed requests;
 * `withPage` saves a screenshot under test-results/ when a test fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { demoCatalog, formatMoney } from '../../src/local-site/demo-catalog.js';
import { createPriceEngine } from '../../src/emulator/pricing.js';
import { createCatalog, defaultSeed } from '../../src/emulator/seed.js';

export const ROOT = new URL('../../', import.meta.url);
export const RESULTS = new URL('test-results/', ROOT);

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import type { EngineFrame, EnginePage } from './drivers.js';

export interface DemoServer {
  /** The storefront's origin (the store, the backend and the CMS page on the storefront). */
  readonly url: string;
  /** The CMS page's origin on another origin than the storefront (the bridge's parent). */
  readonly otherUrl: string;
  /** What the server printed at start. */
  readonly output: string;
  stop(): Promise<void>;
}

/** The URL on the line of the demo's output that holds `another origin:`, without its trailing slash. */
export function otherOriginOf(output: string): string | undefined {
  return /^.*another origin:\s+(http:\/\/\S+?)\/?(?:\s.*)?$/m.exec(output)?.[1];
}

/**
 * Starts the demo server on a free port (or uses `E2E_URL` and `E2E_OTHER_URL`, a server already running). Resolves
 * once it has printed its whole welcome (the last line says how to stop it).
 */
export async function startDemoServer(): Promise<DemoServer> {
  if (process.env.E2E_URL) {
    const url = process.env.E2E_URL.replace(/\/$/, '');
    return { url, otherUrl: (process.env.E2E_OTHER_URL ?? '').replace(/\/$/, ''), output: '', stop: async () => {} };
  }
  const child: ChildProcess = spawn(process.execPath, ['dist/cli.js', 'demo'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /demo on (http:\/\/[^\s/]+)\//.exec(output);
      if (match && /Press Ctrl\+C to stop/.test(output)) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    otherUrl: otherOriginOf(output) ?? '',
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Starts the demo server and Chromium before a file's tests and stops them after; the tests read them here. */
export function demoSuite(): { readonly server: DemoServer; readonly browser: Browser } {
  let server: DemoServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      return server!;
    },
    get browser() {
      return browser!;
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Console errors, uncaught exceptions, failed requests and answers of 404 or more seen on a page (and its frames). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  // BigCommerce answers /customer/current.jwt with 404 for guests (that is how a guest is told apart), and
  // Chromium logs every 4xx resource as an error: that one is expected, any other is not (a favicon among them).
  const guestAnswer = (url: string) => new URL(url).pathname === '/customer/current.jwt';
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url;
    if (!(message.text().includes('404') && url && guestAnswer(url)))
      errors.push(`console: ${message.text()} (${url})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !(response.status() === 404 && guestAnswer(response.url())))
      errors.push(`answer: ${response.status()} ${response.request().method()} ${response.url()}`);
  });
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A navigation away from a page aborts its requests in flight: not a failure of the page.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED')
      errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  return errors;
}

/** Saves a full-page screenshot of every page of `context` under test-results/. */
export async function screenshotAll(context: BrowserContext, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  const safe = name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 80);
  await Promise.all(
    context
      .pages()
      .map((page, i) =>
        page.screenshot({ path: new URL(`${safe}-${i}.png`, RESULTS).pathname, fullPage: true }).catch(() => undefined),
      ),
  );
}

/** Runs `body` in a fresh browser context; on failure saves screenshots of its pages, then rethrows. */
export async function inContext(
  browser: Browser,
  name: string,
  body: (context: BrowserContext) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await body(context);
  } catch (error) {
    await screenshotAll(context, name);
    throw error;
  } finally {
    await context.close();
  }
}

/** Signs in through the emulator's own /login.php form, in `page` (any engine's), and waits for the account page. */
export async function signIn(page: Page | EnginePage, base: string, email: string, password: string): Promise<void> {
  const tab = page as EnginePage; // a playwright-core Page has the same goto, fill and click
  await tab.goto(`${base}/login.php`);
  await tab.fill('input[name="login_email"]', email);
  await tab.fill('input[name="login_pass"]', password);
  await tab.click('button[type="submit"]');
  await waitUntil(page, () => location.pathname === '/account.php', undefined, {
    what: 'the account page after sign-in',
  });
}

/**
 * Clicks the page's `<bc-checkout-button>` once it has a cart, waits for the storefront's checkout page (on
 * `storefront`, any path under /checkout), and returns who it says is checking out ("Signed in as …" or "Guest").
 */
export async function checkOutFrom(page: Page, storefront: string): Promise<string> {
  await page.waitForFunction(
    () =>
      document
        .querySelector('bc-checkout-button')
        ?.shadowRoot?.querySelector('button')
        ?.getAttribute('aria-disabled') !== 'true',
  );
  await Promise.all([page.waitForURL(`${storefront}/checkout**`), page.locator('bc-checkout-button button').click()]);
  return (await page.locator('#customer').textContent())?.trim() ?? '';
}

/** Frameworks whose demo apps `npm start` serves at /<name>/. */
export const FRAMEWORKS = ['react', 'vue', 'svelte'] as const;

/**
 * What each product card should show as its price for a customer group: the emulator's own price engine for one
 * unit (the oracle), formatted as the store formats money. Products that show a range are left out.
 */
export function expectedPrices(groupId: number): Record<string, string> {
  const seed = defaultSeed();
  const engine = createPriceEngine(createCatalog(seed));
  const expected: Record<string, string> = {};
  for (const product of demoCatalog(seed)) {
    if (product.ranged) continue;
    const seeded = seed.products.find((p) => p.id === product.id)!;
    const { unit } = engine.unitPrice(seeded, seeded.variants[0]!, 1, groupId);
    expected[product.id] = formatMoney(seed, unit);
  }
  return expected;
}

/** What the price engine charges `groupId` for one unit of a product's variant, formatted. */
export function expectedVariantPrice(productId: number, variantId: number, groupId: number): string {
  const seed = defaultSeed();
  const product = seed.products.find((p) => p.id === productId)!;
  const variant = product.variants.find((v) => v.id === variantId)!;
  return formatMoney(seed, createPriceEngine(createCatalog(seed)).unitPrice(product, variant, 1, groupId).unit);
}

/** The number of products the demos list. */
export const PRODUCT_COUNT = defaultSeed().products.length;

/** A Chromium page (playwright-core), or a page or frame of any engine (drivers.ts): each evaluates a function in it. */
export type AnyPage = Page | EngineFrame;

function evaluateIn<R, A>(page: AnyPage, fn: (arg: A) => R | Promise<R>, arg: A): Promise<Awaited<R>> {
  return (page as EngineFrame).evaluate(fn, arg);
}

/**
 * Waits until `fn(arg)` is truthy in the page. Chromium's playwright-core Page waits in the page itself (each
 * animation frame, across navigations); another engine's page is asked again every 100 ms, and a page navigating in
 * between (its context gone) is asked again. On timeout, fails with `what`. Run in the page, `fn` must be
 * self-contained (no names from this module, no named inner functions).
 */
export async function waitUntil<A>(
  page: AnyPage,
  fn: (arg: A) => unknown,
  arg: A,
  { timeout = 15_000, what = 'the condition' }: { timeout?: number; what?: string } = {},
): Promise<void> {
  if ('waitForFunction' in page) {
    try {
      await page.waitForFunction(fn as never, arg, { timeout });
      return;
    } catch (error) {
      throw new Error(`${what} did not hold within ${timeout} ms on ${page.url()}`, { cause: error });
    }
  }
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      if (await evaluateIn(page, fn, arg)) return;
      last = undefined;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const url = await page.url().catch(() => '?');
      throw new Error(`${what} did not hold within ${timeout} ms on ${url}${last ? `: ${String(last)}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** In the page: the price each product card shows (`part="now"` in its `<bc-group-price>`'s shadow root), by id. */
export function shownPrices(ids: string[]): Record<string, string | null> {
  const shown: Record<string, string | null> = {};
  for (const id of ids) {
    const price = document.querySelector(`[data-product-id="${id}"] bc-group-price`);
    shown[id] = price?.shadowRoot?.querySelector('[part~="now"]')?.textContent?.trim() ?? null;
  }
  return shown;
}

/** In the page: whether every product card shows its expected price (as `shownPrices` reads it). */
export function pricesShown(want: Record<string, string>): boolean {
  for (const [id, text] of Object.entries(want)) {
    const price = document.querySelector(`[data-product-id="${id}"] bc-group-price`);
    if (price?.shadowRoot?.querySelector('[part~="now"]')?.textContent?.trim() !== text) return false;
  }
  return true;
}

/** In the page: whether `<bc-current-customer>` reports `status` (and shows `email` when one is given). */
export function customerShown([status, email]: readonly [string, string | null]): boolean {
  const element = document.querySelector('bc-current-customer');
  if (element?.getAttribute('status') !== status) return false;
  if (!email) return true;
  return element.shadowRoot?.querySelector('[part~="email"]')?.textContent === email;
}

/**
 * Waits until every product card's `<bc-group-price>` shows the expected price (`part="now"` in its shadow root).
 * On timeout, fails with what the page showed.
 */
export async function waitForPrices(page: AnyPage, expected: Record<string, string>, timeout = 10_000): Promise<void> {
  try {
    await waitUntil(page, pricesShown, expected, { timeout, what: 'the prices' });
  } catch (error) {
    const shown: Record<string, string | null> = await evaluateIn(page, shownPrices, Object.keys(expected)).catch(
      () => ({}),
    );
    const wrong = Object.entries(expected)
      .filter(([id, text]) => shown[id] !== text)
      .map(([id, text]) => `product ${id}: want ${text}, shown ${shown[id]}`);
    throw new Error(`${await page.url()}: prices did not settle:\n  ${wrong.join('\n  ')}`, { cause: error });
  }
}

/** Waits until the page's `<bc-current-customer>` reports `status` (and shows `email` when signed in). */
export async function waitForCustomer(page: AnyPage, status: 'guest' | 'signed-in', email?: string): Promise<void> {
  await waitUntil(page, customerShown, [status, email ?? null] as const, {
    timeout: 10_000,
    what: `<bc-current-customer> ${status}${email ? ` as ${email}` : ''}`,
  });
}

/** Marks the page's window; `wasReloaded` tells whether the page has been loaded again since. */
export async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { e2eMark: boolean }).e2eMark = true));
}

export async function wasReloaded(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { e2eMark?: boolean }).e2eMark !== true);
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface Violation {
  id: string;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's WCAG 2 A/AA violations (and heading order) of a page's or a frame's document, one line each. */
export async function violations(target: Page | Frame): Promise<string[]> {
  await target.addScriptTag({ path: AXE });
  const found = (await target.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      // A best practice rather than a WCAG rule, but screen-reader users navigate by headings.
      rules: { 'heading-order': { enabled: true } },
    });
    return result.violations;
  })) as Violation[];
  return found.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
}
