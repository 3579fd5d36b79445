/**
 * Size of the script-tag bundles (minified, gzip, brotli) against the budget, next to Lit alone bundled the same
 * way in the same run (the floor any Lit-based bundle starts from).
 */
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { rollup } from 'rollup';

/** Budgets (issue #19): the price page's bundle (`<bc-store>` + `<bc-group-price>`), and every element's. */
export const PRICE_PAGE_BUDGET_BYTES = 12 * 1024;
export const ALL_ELEMENTS_BUDGET_BYTES = 16 * 1024;

/**
 * The figures these replace, measured on main at a40225b (2026-11-29) with this bench: one bundle of every element
 * (ES module 20,623 B gzip, classic script 20,667 B), whose target was ≤ 12 KB; no price page bundle (the same two
 * elements built alone: 16,770 B); a guest's and a signed-in shopper's first price both after 2 round trips.
 */
export const BEFORE = {
  allEsm: 20_623,
  allIife: 20_667,
  pricePage: 16_770,
  oldTarget: 12 * 1024,
  guestRoundTrips: 2,
  signedInRoundTrips: 2,
};

export interface Sizes {
  min: number;
  gzip: number;
  brotli: number;
}

export function sizesOf(code: string | Buffer): Sizes {
  const bytes = typeof code === 'string' ? Buffer.from(code) : code;
  return {
    min: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Lit alone (LitElement, html, css and the decorators), one trivial element, minified like our bundle. */
async function litAlone(): Promise<Sizes> {
  const entry = `
    import { LitElement, html, css } from 'lit';
    import { property } from 'lit/decorators.js';
    class XBaseline extends LitElement {
      static styles = css\`:host{display:block}\`;
      render() { return html\`<slot></slot>\`; }
    }
    property()(XBaseline.prototype, 'value');
    customElements.define('x-baseline', XBaseline);`;
  const bundle = await rollup({
    input: 'baseline-entry',
    plugins: [
      {
        name: 'entry',
        resolveId: (id) => (id === 'baseline-entry' ? id : null),
        load: (id) => (id === 'baseline-entry' ? entry : null),
      },
      nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }),
    ],
    onwarn: () => {},
  });
  const { output } = await bundle.generate({
    format: 'es',
    plugins: [terser({ ecma: 2022, module: true, format: { comments: false }, compress: { passes: 2 } })],
  });
  await bundle.close();
  return sizesOf(output[0].code);
}

export async function measureSize() {
  return {
    esm: sizesOf(readFileSync('dist/bc-customer-elements.min.js')),
    iife: sizesOf(readFileSync('dist/bc-customer-elements.iife.min.js')),
    pricesEsm: sizesOf(readFileSync('dist/bc-customer-elements.prices.min.js')),
    pricesIife: sizesOf(readFileSync('dist/bc-customer-elements.prices.iife.min.js')),
    /** The chunks the ES modules fetch on demand (not part of a page's first load). */
    bridgeChunk: sizesOf(readFileSync('dist/bc-customer-elements.bridge-source.min.js')),
    signInChunk: sizesOf(readFileSync('dist/bc-customer-elements.sign-in.min.js')),
    litAlone: await litAlone(),
  };
}
