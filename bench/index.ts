/**
 * `npm run bench`: builds, then prints every figure the project promises next to its target and a baseline
 * measured in the same run (these machines are shared and noisy, so ratios mean more than absolutes).
 * Exits non-zero when the script-tag bundle is over its size budget. BENCH_SECONDS sets each load run's length.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { measureBackend } from './backend.js';
import { measureBridge } from './bridge.js';
import { PRODUCTS, measureBrowser } from './browser.js';
import { GZIP_BUDGET_BYTES, measureSize } from './size.js';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n');
}

execFileSync(process.execPath, ['node_modules/.bin/rollup', '-c', '--silent'], { stdio: 'inherit' });
console.log(`bc-customer-elements bench — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`);

const size = await measureSize();
const overBudget = size.esm.gzip > GZIP_BUDGET_BYTES;
console.log('Script-tag bundle');
console.log(
  table([
    ['bundle', 'min', 'gzip', 'brotli', 'target (gzip)', 'vs Lit alone (gzip)'],
    ['bc-customer-elements.min.js', kb(size.esm.min), kb(size.esm.gzip), kb(size.esm.brotli), `≤ ${kb(GZIP_BUDGET_BYTES)} ${overBudget ? 'MISSED' : 'met'}`, ratio(size.esm.gzip, size.litAlone.gzip)],
    ['bc-customer-elements.iife.min.js', kb(size.iife.min), kb(size.iife.gzip), kb(size.iife.brotli), '', ratio(size.iife.gzip, size.litAlone.gzip)],
    ['baseline: Lit alone', kb(size.litAlone.min), kb(size.litAlone.gzip), kb(size.litAlone.brotli), '', '1.00×'],
  ]),
);

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const backend = await measureBackend(seconds);
const load = (name: string, target: string, f: { rps: number; p99: number; errors: number; non2xx: number }, base: { rps: number }) => [
  name,
  `${f.rps}`,
  `${f.p99} ms`,
  `${f.errors + f.non2xx}`,
  target,
  `${base.rps}`,
  ratio(f.rps, base.rps),
];
console.log(`\nBackend on Node, autocannon on loopback, 50 connections, ${seconds} s each`);
console.log(
  table([
    ['route', 'req/s', 'p99', 'errors', 'target', 'naive req/s', 'vs naive'],
    load('/session', '≥ 4000 req/s, p99 ≤ 50 ms', backend.session, backend.sessionNaive),
    load('/prices (warm cache)', '≥ 3000 req/s', backend.prices, backend.pricesNaive),
  ]),
);
console.log(`\nSingle flight: ${backend.singleFlight.asks} identical concurrent cold asks → ${backend.singleFlight.upstreamCalls} upstream call(s) (target 1; naive: ${backend.singleFlight.asks})`);

const n = Number(process.env.BENCH_ELEMENTS ?? 500);
const page = await measureBrowser(n);
const ms = (value: number) => `${Math.round(value)} ms`;
console.log(`\nA page with ${n} <bc-group-price> elements in Chromium (signed in; the store's 26 products repeated)`);
console.log(
  table([
    ['page', 'current.jwt requests', '/prices requests', 'answer → all shown', 'target', 'page start → all shown'],
    ['bc-customer-elements', `${page.ours.tokenRequests}`, `${page.ours.priceRequests}`, ms(page.ours.allShownAt - page.ours.pricesAnsweredAt), '1, 1, ≤ 50 ms', ms(page.ours.allShownAt)],
    ['baseline: a fetch per element', `${page.naive.tokenRequests}`, `${page.naive.priceRequests}`, ms(page.naive.allShownAt - page.naive.pricesAnsweredAt), '', ms(page.naive.allShownAt)],
  ]),
);
const { ours } = page;
const perElement = (count = 0) => (count / n).toFixed(2);
console.log(
  `\nRender work on that page, counted by the library's probe once all ${n} prices are shown` +
    ` (before: the code before issue #19, same probe and page, 500 prices; its study timed them)`,
);
console.log(
  table([
    ['figure', 'measured', 'target', 'before'],
    ['price formattings', `${ours.formattings ?? 0}`, `≤ ${PRODUCTS} ${(ours.formattings ?? 0) <= PRODUCTS ? 'met' : 'MISSED'}`, '500 (one per element, 41 ms)'],
    ['configuration resolutions per element', perElement(ours.resolutions), `1 ${ours.resolutions === n ? 'met' : 'MISSED'}`, '2 (1,000 in all, 31 ms)'],
    ['live regions', `${ours.liveRegions}`, `1 ${ours.liveRegions === 1 ? 'met' : 'MISSED'}`, '1 (already one per page)'],
  ]),
);

const { cold } = page;
console.log(
  `\nCold start, every emulator call ${cold.latencyMs} ms late: bundle loaded → first group price ${ms(cold.firstShownAt - cold.bundleLoadedAt)}` +
    ` over ${cold.tokenRequests + cold.priceRequests} round trips (current.jwt ${cold.tokenRequests}, /prices ${cold.priceRequests}; target ≤ 2)`,
);
const span = ([start, end]: [number, number]) => `${start}–${end} ms`;
console.log(
  `  bundle loaded at ${ms(cold.bundleLoadedAt)}; current.jwt ${span(cold.tokenSpans[0]!)}; /prices ${span(cold.priceSpans[0]!)};` +
    ` first price shown at ${ms(cold.firstShownAt)} (times from navigation start)`,
);

const bridge = await measureBridge();
console.log(`\nThe storefront bridge (Chromium, HTTPS, same CMS page; median of ${bridge.runs} alternating runs)`);
console.log(
  table([
    ['page', 'bundle loaded → identity known', 'target'],
    ['through the bridge (www.example.test, same site)', ms(bridge.bridge), '≤ direct + 1 round trip and a frame load'],
    ['baseline: direct (on shop.example.test)', ms(bridge.direct), ''],
  ]),
);
console.log(
  `  bytes the bridge adds to bc-customer-elements.min.js: ${bridge.bundle.gzip - bridge.withoutBridge.gzip} B gzip` +
    ` (${kb(bridge.bundle.gzip)} vs ${kb(bridge.withoutBridge.gzip)} without the bridge source, same build); ` +
    `the bridge page: ${bridge.page.min} B, ${bridge.page.gzip} B gzip (target: a few hundred bytes of script, ≤ 1.25 KB gzip)`,
);

if (overBudget) {
  console.error(`\nThe script-tag bundle is ${kb(size.esm.gzip)} gzip, over its ${kb(GZIP_BUDGET_BYTES)} budget.`);
  process.exitCode = 1;
}
