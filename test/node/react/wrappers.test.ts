// bc-customer-elements/react (the @lit/react wrappers of the built package): server rendering in Node keeps the
// light DOM and defines nothing; in Chromium, a React app built on them sets properties (numbers, arrays, objects)
// and hears the elements' events through `on…` props. Needs `npm run build` first.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../support/chromium.js';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';

before(() => assert.ok(existsSync('dist/react.js'), 'dist/react.js is missing: run `npm run build` first'));

describe('bc-customer-elements/react on the server', () => {
  it('renders the tags with their light DOM (the page price stays) and their settings as attributes, no handler leaks, nothing defined', async () => {
    // By package name, as an app imports it (a string variable: the root type check runs before the build).
    const entry: string = 'bc-customer-elements/react';
    const react = (await import(entry)) as typeof import('../../../src/react.js');
    const h = createElement;
    const html = renderToString(
      h(
        react.BcStore,
        { appClientId: 'abc', endpoint: '/bc' },
        h(
          react.BcGroupPrice,
          {
            productId: 80,
            showRange: true,
            showBulk: false,
            options: [{ optionId: 1, valueId: 2 }],
            className: 'price',
            onPriceChange: () => {},
          },
          '$25.00',
        ),
        h(react.BcCheckoutButton, { cartId: 'c1', onBeforeCheckout: () => {} }, 'Checkout'),
        h(react.BcCurrentCustomer, {}, h('a', { slot: 'signed-out', href: '/login.php' }, 'Sign in')),
      ),
    );
    // The server's HTML is all the elements have until React hydrates (and React's hydration sets no property on a
    // custom element): every setting with an attribute is in it, under the attribute's name (HTML lower-cases
    // `Endpoint`); `false` is absent, objects and handlers are not.
    assert.equal(
      html,
      '<bc-store app-client-id="abc" Endpoint="/bc"><bc-group-price product-id="80" show-range="" class="price">$25.00</bc-group-price>' +
        '<bc-checkout-button cart-id="c1">Checkout</bc-checkout-button>' +
        '<bc-current-customer><a slot="signed-out" href="/login.php">Sign in</a></bc-current-customer></bc-store>',
    );
    assert.equal(globalThis.customElements?.get('bc-group-price'), undefined);
  });
});

describe('bc-customer-elements/react in Chromium', () => {
  let browser: Browser;
  before(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  });
  after(() => browser?.close());

  it('sets properties and maps events to on… props', async () => {
    const bundle = await build({
      entryPoints: [join(import.meta.dirname, 'app.tsx')],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    try {
      await page.setContent('<!doctype html><html lang="en-US"><body><div id="root"></div></body></html>');
      await page.addScriptTag({ type: 'module', content: bundle.outputFiles[0]!.text });
      await page.waitForFunction(() => {
        const report = (window as unknown as { report?: { priceTexts: string[] } }).report;
        return report && report.priceTexts.length > 0;
      });
      const seen = await page.evaluate(async () => {
        const price = document.getElementById('price') as HTMLElementTagNameMap['bc-group-price'];
        const store = document.getElementById('store') as HTMLElementTagNameMap['bc-store'];
        const button = document.getElementById('checkout') as HTMLElementTagNameMap['bc-checkout-button'];
        button.shadowRoot!.querySelector('button')!.click();
        await new Promise((resolve) => setTimeout(resolve, 50));
        const report = (window as unknown as { report: Record<string, unknown> }).report;
        return {
          productId: price.productId,
          variantId: price.variantId,
          options: price.options,
          ownService: price.priceService !== null,
          className: price.className,
          shown: price.shadowRoot!.querySelector('[part=now]')?.textContent,
          channelId: store.channelId,
          channelAttribute: store.getAttribute('channel-id'),
          report,
        };
      });
      assert.deepEqual(pageErrors, []);
      assert.equal(seen.productId, 80);
      assert.equal(seen.variantId, 64);
      assert.deepEqual(seen.options, [{ optionId: 1, valueId: 2 }]);
      assert.equal(seen.ownService, true);
      assert.equal(seen.className, 'price');
      assert.equal(seen.shown, '$25.00');
      assert.equal(seen.channelId, 3);
      assert.equal(seen.channelAttribute, '3');
      assert.deepEqual(seen.report, {
        priceTexts: ['was $30.00, now $25.00'],
        errors: ['bad:ERR_BC_INVALID_PRODUCT'],
        beforeCheckout: ['3fa85f64-5717-4562-b3fc-2c963f66afa6'],
        requests: [
          { currency: 'USD', items: [{ productId: 80, variantId: 64, options: [{ optionId: 1, valueId: 2 }] }] },
        ],
      });
    } finally {
      await page.close();
    }
  });
});
