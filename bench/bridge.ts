/**
 * The storefront bridge's cost, in Debian's Chromium under real host names over HTTPS (test/e2e/bridge-support.ts):
 * - time from the script-tag bundle loaded to the signed-in shopper known, for the same CMS page on the storefront's
 *   origin (direct `current.jwt`) and on a same-site other origin (through the bridge's hidden frame), median of
 *   several alternating runs in one browser;
 * - bytes the bridge client costs: the script-tag bundle leaves it in a chunk a page fetches only when it is off the
 *   storefront (rollup.config.mjs), so its size is that chunk's (gzip); and the bridge page's own size.
 */
import { readFileSync } from 'node:fs';
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
  /** The ESM script-tag bundle as built, and the bridge client's chunk beside it. */
  bundle: Sizes;
  chunk: Sizes;
  page: Sizes;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

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
      await page.waitForFunction(() => (window as unknown as { identityAt?: number }).identityAt !== undefined, null, {
        timeout: 15_000,
      });
      const figure = await page.evaluate(() => {
        const loaded = Math.max(
          ...performance
            .getEntriesByType('resource')
            .filter((e) => e.name.includes('/dist/'))
            .map((e) => (e as PerformanceResourceTiming).responseEnd),
        );
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
    chunk: sizesOf(readFileSync('dist/bc-customer-elements.bridge-source.min.js')),
    page: sizesOf(page),
  };
}
