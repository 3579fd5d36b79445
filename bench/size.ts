/**
 * Size of the script-tag bundles (minified, gzip, brotli) against the budget, next to Lit alone bundled the same
 * way in the same run (the floor any Lit-based bundle starts from).
 */
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { rollup } from 'rollup';
// @ts-expect-error -- plain ESM scripts without declarations
import * as sourceMap from '../scripts/source-map.mjs';

const { segmentsOf } = sourceMap as {
  segmentsOf: (map: { sources: string[]; names: string[]; mappings: string }) => {
    line: number;
    column: number;
    source: string | null;
  }[];
};

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

/** A source's name in a weighing: `src/…` for ours, the package for a dependency's module. */
function sourceName(path: string | null): string {
  if (path === null) return '(no source)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return pkg ? pkg[1]! : path.replace(/^(\.\.\/)+/, '');
}

/**
 * What a script-tag bundle would weigh less (gzip -9) without each of its sources: that source's minified code,
 * found through the bundle's source map, taken out and the rest compressed again. Largest first. The figures do not
 * add up to the bundle's size (gzip shares what sources repeat); they rank where the bytes are to be found.
 */
export function weighSources(file: string): { source: string; gzip: number }[] {
  const code = readFileSync(file, 'utf8');
  const lines = code.split('\n');
  const byLine = new Map<number, { column: number; source: string }[]>();
  for (const { line, column, source } of segmentsOf(JSON.parse(readFileSync(`${file}.map`, 'utf8')))) {
    if (!byLine.has(line)) byLine.set(line, []);
    byLine.get(line)!.push({ column, source: sourceName(source) });
  }
  // Each line as pieces of one source each: from a segment to the next (the text before a line's first segment,
  // the sourceMappingURL comment among it, belongs to no source).
  const owned: { text: string; source: string }[] = [];
  lines.forEach((line, index) => {
    const segments = byLine.get(index) ?? [];
    owned.push({ text: line.slice(0, segments[0]?.column ?? line.length), source: '(no source)' });
    segments.forEach(({ column, source }, i) =>
      owned.push({ text: line.slice(column, segments[i + 1]?.column ?? line.length), source }),
    );
    owned.push({ text: '\n', source: '(no source)' });
  });
  const total = sizesOf(code).gzip;
  return [...new Set(owned.map((piece) => piece.source))]
    .map((source) => ({
      source,
      gzip:
        total -
        sizesOf(
          owned
            .filter((piece) => piece.source !== source)
            .map((piece) => piece.text)
            .join(''),
        ).gzip,
    }))
    .sort((a, b) => b.gzip - a.gzip);
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
    /** The price page's and every element's ES module, weighed per source. */
    pricesSources: weighSources('dist/bc-customer-elements.prices.min.js'),
    esmSources: weighSources('dist/bc-customer-elements.min.js'),
  };
}
