/**
 * The demo pages pass axe-core's checks (WCAG 2 A/AA rules) once the elements have rendered, signed out and signed
 * in: the CMS page with the script-tag bundle and the three framework apps.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { defaultSeed } from '../../src/emulator/seed.js';
import {
  FRAMEWORKS,
  expectedPrices,
  inContext,
  launchChromium,
  signIn,
  startDemoServer,
  waitForCustomer,
  waitForPrices,
  violations,
  type DemoServer,
} from './support.js';

const seed = defaultSeed();

let server: DemoServer;
let browser: Browser;

before(async () => {
  server = await startDemoServer();
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('accessibility of the demos', () => {
  for (const path of ['/', ...FRAMEWORKS.map((name) => `/${name}/`)]) {
    it(`${path} has no axe violations, as a guest and signed in`, async () => {
      await inContext(browser, `a11y-${path.replace(/\//g, '') || 'cms'}`, async (context) => {
        const page = await context.newPage();
        await page.goto(`${server.url}${path}`);
        await waitForCustomer(page, 'guest');
        await waitForPrices(page, expectedPrices(seed.store.guest_customer_group_id));
        assert.deepEqual(await violations(page), [], 'guest view');

        const customer = seed.customers[1]!;
        const store = await context.newPage();
        await signIn(store, server.url, customer.email, customer.password);
        await store.close();
        await page.reload();
        await waitForCustomer(page, 'signed-in', customer.email);
        await waitForPrices(page, expectedPrices(customer.customer_group_id));
        assert.deepEqual(await violations(page), [], 'signed-in view');
      });
    });
  }
});
