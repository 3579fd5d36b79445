/**
 * Layout stability of the demos while prices arrive: the cumulative layout shift Chromium reports (every
 * `layout-shift` entry without recent input, summed: stricter than the CLS metric's worst window) from navigation
 * until every price is shown, as a guest and signed in, on the CMS page and the three framework apps.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { defaultSeed } from '../../src/emulator/seed.js';
import { FRAMEWORKS, demoSuite, expectedPrices, inContext, signIn, waitForCustomer, waitForPrices } from './support.js';

/** Good CLS is ≤ 0.1 (web.dev); a page whose only late content is its prices should barely move. */
const MAX_SHIFT = 0.02;
const seed = defaultSeed();

const demo = demoSuite();

interface Shift {
  value: number;
  sources: string[];
}

/**
 * Records the page's layout shifts from its first byte on (run before any of the page's scripts). A string, not a
 * function: the TypeScript loader would wrap a function's inner functions in helpers the page does not have.
 */
const RECORD_SHIFTS = `{
  const shifts = [];
  const describe = (node) => {
    if (!(node instanceof Element)) return String(node?.nodeName ?? 'gone');
    const classes = typeof node.className === 'string' && node.className ? '.' + node.className.trim().split(/\\s+/).join('.') : '';
    const product = node.closest('[data-product-id]')?.getAttribute('data-product-id');
    return node.localName + (node.id ? '#' + node.id : '') + classes + (product ? ' (product ' + product + ')' : '');
  };
  const take = (entries) => {
    for (const entry of entries) {
      if (!entry.hadRecentInput) shifts.push({ value: entry.value, sources: (entry.sources ?? []).map((s) => describe(s.node)) });
    }
  };
  const observer = new PerformanceObserver((list) => take(list.getEntries()));
  observer.observe({ type: 'layout-shift', buffered: true });
  window.e2eShifts = () => {
    take(observer.takeRecords());
    return shifts;
  };
}`;

/** The shifts so far, once the frame showing the last change has been laid out. */
async function shiftsOf(page: Page): Promise<Shift[]> {
  return page.evaluate(async () => {
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return (window as unknown as { e2eShifts: () => Shift[] }).e2eShifts();
  });
}

function report(shifts: Shift[]): string {
  return shifts.map((s) => `${s.value.toFixed(4)}: ${s.sources.join(', ')}`).join('\n  ');
}

describe('layout shift while prices arrive', () => {
  for (const path of ['/', ...FRAMEWORKS.map((name) => `/${name}/`)]) {
    for (const who of ['guest', 'signed-in'] as const) {
      it(`${path} moves at most ${MAX_SHIFT} (${who})`, async (t) => {
        await inContext(demo.browser, `cls-${path.replace(/\//g, '') || 'cms'}-${who}`, async (context) => {
          const customer = seed.customers[1]!;
          if (who === 'signed-in') {
            const store = await context.newPage();
            await signIn(store, demo.server.url, customer.email, customer.password);
            await store.close();
          }
          await context.addInitScript(RECORD_SHIFTS);
          const page = await context.newPage();
          await page.goto(`${demo.server.url}${path}`);
          await waitForCustomer(page, who, who === 'signed-in' ? customer.email : undefined);
          await waitForPrices(
            page,
            expectedPrices(who === 'signed-in' ? customer.customer_group_id : seed.store.guest_customer_group_id),
          );
          const shifts = await shiftsOf(page);
          const total = shifts.reduce((sum, s) => sum + s.value, 0);
          t.diagnostic(
            `layout shift ${total.toFixed(4)}${shifts.length > 0 ? ` (${report(shifts).replace(/\n\s*/g, '; ')})` : ''}`,
          );
          assert.ok(total <= MAX_SHIFT, `layout shift ${total.toFixed(4)} > ${MAX_SHIFT}:\n  ${report(shifts)}`);
        });
      });
    }
  }
});
