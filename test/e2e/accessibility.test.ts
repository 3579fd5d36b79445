/**
 * The demo pages pass axe-core's checks (WCAG 2 A/AA rules, and the order of headings) once the elements have
 * rendered, signed out and signed in: the CMS page with the script-tag bundle and the three framework apps. And what
 * screen readers hear: one live region per page, silent while the page loads, the price of a variant the shopper
 * chooses as it is shown.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSeed } from '../../src/emulator/seed.js';
import {
  FRAMEWORKS,
  demoSuite,
  expectedPrices,
  expectedVariantPrice,
  inContext,
  signIn,
  waitForCustomer,
  waitForPrices,
  violations,
} from './support.js';

const seed = defaultSeed();

const demo = demoSuite();

describe('accessibility of the demos', () => {
  for (const path of ['/', ...FRAMEWORKS.map((name) => `/${name}/`)]) {
    it(`${path} has no axe violations, as a guest and signed in`, async () => {
      await inContext(demo.browser, `a11y-${path.replace(/\//g, '') || 'cms'}`, async (context) => {
        const page = await context.newPage();
        await page.goto(`${demo.server.url}${path}`);
        await waitForCustomer(page, 'guest');
        await waitForPrices(page, expectedPrices(seed.store.guest_customer_group_id));
        assert.deepEqual(await violations(page), [], 'guest view');

        const customer = seed.customers[1]!;
        const store = await context.newPage();
        await signIn(store, demo.server.url, customer.email, customer.password);
        await store.close();
        await page.reload();
        await waitForCustomer(page, 'signed-in', customer.email);
        await waitForPrices(page, expectedPrices(customer.customer_group_id));
        assert.deepEqual(await violations(page), [], 'signed-in view');
      });
    });
  }
});

/**
 * Records, from the page's first byte, every text the page's live region says (a string: the TypeScript loader
 * would wrap a function's inner functions in helpers the page does not have).
 */
const RECORD_ANNOUNCEMENTS = `{
  const said = [];
  let last = '';
  new MutationObserver(() => {
    const text = document.querySelector('[data-bc-live-region]')?.textContent ?? '';
    if (text !== last && text !== '') said.push(text);
    last = text;
  }).observe(document, { subtree: true, childList: true, characterData: true });
  window.e2eAnnouncements = said;
}`;

/** Live regions in the page, shadow roots included. */
function countLiveRegions(): number {
  let count = 0;
  const roots: Array<Document | ShadowRoot> = [document];
  for (let root = roots.pop(); root; root = roots.pop()) {
    count += root.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"]').length;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  return count;
}

describe('what screen readers hear on the demos', () => {
  const beanie = 80;
  const navy = 66;
  for (const path of ['/', ...FRAMEWORKS.map((name) => `/${name}/`)]) {
    it(`${path}: one live region, silent on load, then the chosen variant's price as shown`, async () => {
      await inContext(demo.browser, `live-${path.replace(/\//g, '') || 'cms'}`, async (context) => {
        await context.addInitScript(RECORD_ANNOUNCEMENTS);
        const page = await context.newPage();
        await page.goto(`${demo.server.url}${path}`);
        await waitForCustomer(page, 'guest');
        await waitForPrices(page, expectedPrices(seed.store.guest_customer_group_id));
        assert.equal(
          await page.evaluate(countLiveRegions),
          1,
          `one live region for ${await page.locator('bc-group-price').count()} prices`,
        );

        const price = page.locator(`[data-product-id="${beanie}"] bc-group-price`);
        await price.evaluate((el) => {
          const texts: string[] = ((window as unknown as { e2ePriceTexts: string[] }).e2ePriceTexts = []);
          el.addEventListener('bc-price-change', (e) => texts.push((e as Event & { text: string }).text));
        });
        await page.locator(`[data-product-id="${beanie}"] select`).first().selectOption(String(navy));
        const want = expectedVariantPrice(beanie, navy, seed.store.guest_customer_group_id);
        await page.waitForFunction(
          ([id, want]) =>
            document
              .querySelector(`[data-product-id="${id}"] bc-group-price`)
              ?.shadowRoot?.querySelector('[part~="now"]')?.textContent === want,
          [beanie, want] as const,
        );
        const shown = await price.evaluate((el) =>
          el.shadowRoot!.querySelector('[part~="price"]')!.textContent.replace(/\s+/g, ' ').trim(),
        );
        assert.match(shown, new RegExp(`${want.replace(/[$.]/g, '\\$&')}$`));
        const texts = await page.evaluate(() => (window as unknown as { e2ePriceTexts: string[] }).e2ePriceTexts);
        assert.equal(texts.at(-1), shown, 'bc-price-change says what is shown');
        await page.waitForFunction(
          () => (window as unknown as { e2eAnnouncements: string[] }).e2eAnnouncements.length > 0,
          null,
          {
            timeout: 10_000,
          },
        );
        const said = await page.evaluate(() => (window as unknown as { e2eAnnouncements: string[] }).e2eAnnouncements);
        // Nothing was said while the 26 prices loaded: the first announcement is the shopper's choice.
        assert.deepEqual(said, [`Price: ${shown}`]);
      });
    });
  }
});
