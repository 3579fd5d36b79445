/**
 * The storefront bridge's cost, in Debian's Chromium under real host names over HTTPS (test/e2e/bridge-support.ts):
 * - time from the script-tag bundle loaded to the signed-in shopper known, for the same CMS page on the storefront's
 *   origin (direct `current.jwt`) and on a same-site other origin (through the bridge's hidden frame), median of
 *   several alternating runs in one browser;
 * - bytes the bridge adds to the script-tag bundle (gzip): the bundle built as usual against the same build with
 *   the bridge source stubbed out; and the bridge page's own size.
 */
import { readFileSync } from 'node:fs';
import { rollup, type Plugin, type RollupOptions } from 'rollup';
import { bridgePageHtml } from '../src/bridge/page.js';
import { defaultSeed } from '../src/emulator/seed.js';
import { launchBridgeChromium, startBridgeWorld } from '../test/e2e/bridge-support.js';
import { signIn } from '../test/e2e/support.js';
import { sizesOf, type Sizes } from './size.js';

export interface BridgeFigures {
  runs: number;
  /** Median ms from the bundle loaded to identity known. */
  direct: number;
  bridge: number;
  /** The ESM script-tag bundle as built, and without the bridge source. */
  bundle: Sizes;
  withoutBridge: Sizes;
  page: Sizes;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Replaces `bridgeSource` (and with it the answer parsing it alone uses) by a stub, in TypeScript's output. */
const withoutBridge: Plugin = {
  name: 'without-bridge',
  transform(code, id) {
    if (!id.endsWith('/src/client/token-source.ts')) return null;
    const start = code.indexOf('export function bridgeSource(');
    const end = code.indexOf('function aborted(');
    if (start < 0 || end < 0) throw new Error('token-source.ts changed: update bench/bridge.ts');
    return { code: `${code.slice(0, start)}export function bridgeSource(_url) { throw new Error('no bridge'); }\n\n${code.slice(end)}`, map: null };
  },
};

async function bundleWithoutBridge(): Promise<Sizes> {
  const configPath: string = '../rollup.config.mjs'; // a variable: the config has no types to check against
  const configs = ((await import(configPath)) as { default: RollupOptions[] }).default;
  const scriptTag = configs.find((c) => c.input === 'src/define.ts')!;
  const bundle = await rollup({ ...scriptTag, plugins: [...((scriptTag.plugins as Plugin[]) ?? []), withoutBridge] });
  const esm = (Array.isArray(scriptTag.output) ? scriptTag.output : [scriptTag.output!]).find((o) => o.format === 'es')!;
  const { output } = await bundle.generate({ ...esm, sourcemap: true });
  await bundle.close();
  return sizesOf(output[0].code);
}

export async function measureBridge(runs = Number(process.env.BENCH_BRIDGE_RUNS ?? 7)): Promise<BridgeFigures> {
  const seed = defaultSeed();
  const customer = seed.customers.find((c) => c.email === 'vip@example.com')!;
  const world = await startBridgeWorld();
  const browser = await launchBridgeChromium();
  const times = { direct: [] as number[], bridge: [] as number[] };
  try {
    await world.storeApi.createPage({
      channel_id: seed.store.channel_id,
      name: 'Storefront bridge',
      type: 'raw',
      url: '/bc-bridge/',
      body: bridgePageHtml({ appClientId: seed.app.client_id, allowedOrigins: [world.sameSite] }),
      is_visible: false,
    });
    await world.putSecurity({
      csp_header: { enabled: true, header_value: `frame-ancestors 'self' ${world.sameSite}` },
      hsts: { enabled: false, include_preload: false, include_subdomains: false, max_age: 'zero_seconds' },
      sitewide_https_enabled: true,
      x_frame_options_header: { enabled: false, setting: 'same_origin', allowed_url: '' },
    });
    const context = await browser.newContext();
    await signIn(await context.newPage(), world.shop, customer.email, customer.password);
    const once = async (url: string) => {
      const page = await context.newPage();
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { identityAt?: number }).identityAt !== undefined, null, { timeout: 15_000 });
      const figure = await page.evaluate(() => {
        const loaded = Math.max(...performance.getEntriesByType('resource').filter((e) => e.name.includes('/dist/')).map((e) => (e as PerformanceResourceTiming).responseEnd));
        return (window as unknown as { identityAt: number }).identityAt - loaded;
      });
      await page.close();
      return figure;
    };
    await once(`${world.shop}/cms/`); // warm up: the first page of a browser pays for its process and connections
    await once(`${world.sameSite}/`);
    for (let i = 0; i < runs; i += 1) {
      times.direct.push(await once(`${world.shop}/cms/`));
      times.bridge.push(await once(`${world.sameSite}/`));
    }
    await context.close();
  } finally {
    await browser.close();
    await world.stop();
  }
  const page = bridgePageHtml({ appClientId: seed.app.client_id, allowedOrigins: ['https://www.example.com'] });
  return {
    runs,
    direct: median(times.direct),
    bridge: median(times.bridge),
    bundle: sizesOf(readFileSync('dist/bc-customer-elements.min.js')),
    withoutBridge: await bundleWithoutBridge(),
    page: sizesOf(page),
  };
}
