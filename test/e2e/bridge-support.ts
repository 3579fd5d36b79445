/**
 * The storefront bridge under real host names, over HTTPS (a certificate made by openssl at test time):
 *
 *   https://shop.example.test:PORT   the storefront: the emulator (login form, current.jwt, raw pages, Management
 *                                    API) and the backend under /bc, as `createLocalStore` assembles them
 *   https://www.example.test:PORT    a CMS on the same site, other origin
 *   https://www.other.test:PORT      a CMS on another site
 *   https://evil.example.test:PORT   a page the bridge does not answer (same site as the store, not allowed)
 *
 * One HTTPS listener serves every host (Chromium maps the names to 127.0.0.1 with --host-resolver-rules). Node has no
 * such map, so the backend, the CLI and the tests reach the Management API through a second, plain-HTTP listener on
 * 127.0.0.1 with the same routes. The CMS pages load the script-tag bundle from dist/ (`npm run build` first).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';
import { createLocalStore, BACKEND_PATH, type LocalStore } from '../../src/local-site/local-store.js';
import { createStoreApi } from '../../src/bridge/store-api.js';
import { listen, toNodeListener, type Listening } from '../../src/server/node.js';
import { defaultSeed } from '../../src/emulator/seed.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import { selfSignedCertificate } from '../support/tls.js';
import { ROOT, expectedPrices } from './support.js';

/** The products the CMS pages price (guest, wholesale and VIP prices differ for each, see expectedPrices). */
export const PRODUCT_IDS = [77, 78, 79, 80];

/** The expected prices of the CMS page's products for a group. */
export const pricesFor = (group: number) =>
  Object.fromEntries(Object.entries(expectedPrices(group)).filter(([id]) => PRODUCT_IDS.includes(Number(id))));

export interface BridgeWorld {
  readonly port: number;
  /** `https://shop.example.test:PORT`, the storefront origin. */
  readonly shop: string;
  /** `https://www.example.test:PORT`: same site as the storefront. */
  readonly sameSite: string;
  /** `https://www.other.test:PORT`: another site. */
  readonly crossSite: string;
  /** `https://evil.example.test:PORT`: same site, not an allowed origin. */
  readonly evil: string;
  /** `http://127.0.0.1:N`: the Management API for Node-side clients (backend, CLI, tests). */
  readonly api: string;
  readonly store: LocalStore;
  /** Runs `bc-customer-elements bridge <args>` (dist/cli.js) with the backend's environment plus `env`. */
  cli(args: string[], env?: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }>;
  /** The Management API as the CLI uses it. */
  readonly storeApi: ReturnType<typeof createStoreApi>;
  /** `PUT /v3/settings/storefront/security` with every field (partial updates are not supported). */
  putSecurity(settings: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
}

const HOSTS = {
  shop: 'shop.example.test',
  sameSite: 'www.example.test',
  crossSite: 'www.other.test',
  evil: 'evil.example.test',
};

/** Every host name of the world, for an engine's host map (exact names: Firefox takes no patterns). */
export const BRIDGE_HOSTS: readonly string[] = Object.values(HOSTS);

/** The CMS page: the script-tag bundle, `<bc-store>` naming the storefront, identity, prices and a checkout button. */
function cmsPage(world: { shop: string }, url: URL): string {
  const cart = /^[0-9a-f-]{36}$/.test(url.searchParams.get('cart') ?? '') ? url.searchParams.get('cart')! : '';
  const bridge = /^\/[a-z0-9-]+\/$/.test(url.searchParams.get('bridge') ?? '') ? url.searchParams.get('bridge')! : '';
  const prices = PRODUCT_IDS.map(
    (id) => `<li data-product-id="${id}">Product ${id}: <bc-group-price product-id="${id}"></bc-group-price></li>`,
  ).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="bc-trusted-origins" content="${world.shop}">
<title>CMS page</title>
<script>
  // What the test reads: every bc-error, and every message this window receives (forged ones too).
  window.bcErrors = [];
  window.seenMessages = [];
  document.addEventListener('bc-error', (e) => bcErrors.push({ code: e.code, message: e.message }));
  // When the shopper was first known (ms from navigation start), for the bench.
  document.addEventListener('bc-customer-change', (e) => { if (e.status === 'signed-in') window.identityAt ??= performance.now(); });
  addEventListener('message', (e) => seenMessages.push({ origin: e.origin, data: e.data }));
</script>
<script src="/dist/bc-customer-elements.iife.min.js"></script>
</head>
<body>
<bc-store app-client-id="${defaultSeed().app.client_id}" storefront="${world.shop}" endpoint="${world.shop}${BACKEND_PATH}"${bridge ? ` bridge="${bridge}"` : ''}></bc-store>
<header><bc-current-customer><a slot="signed-out" href="${world.shop}/login.php">Sign in</a></bc-current-customer></header>
<ul>${prices}</ul>
<bc-checkout-button${cart ? ` cart-id="${cart}"` : ''}>Checkout</bc-checkout-button>
</body>
</html>
`;
}

/** A bare page that frames nothing by itself: tests frame the bridge into it and post asks by hand. */
const blankPage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>probe</title>
<script>window.seenMessages = []; addEventListener('message', (e) => seenMessages.push({ origin: e.origin, data: e.data }));</script>
</head><body></body></html>`;

function text(body: string, status = 200, type = 'text/html; charset=utf-8'): Response {
  return new Response(body, { status, headers: { 'content-type': type, 'cache-control': 'no-store' } });
}

export async function startBridgeWorld(): Promise<BridgeWorld> {
  const bundle = readFileSync(new URL('dist/bc-customer-elements.iife.min.js', ROOT), 'utf8');
  let store: LocalStore | undefined;
  let shop = '';
  const world = { shop: '' };

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname === '/dist/bc-customer-elements.iife.min.js')
      return text(bundle, 200, 'text/javascript; charset=utf-8');
    // Node-side clients (127.0.0.1) and the storefront host reach the store; the other hosts are CMS pages.
    // The same CMS page on the storefront's own origin (as a theme would carry it) reads current.jwt directly.
    if (url.hostname === HOSTS.shop && url.pathname === '/cms/') return text(cmsPage(world, url));
    if (url.hostname === HOSTS.shop || url.hostname === '127.0.0.1')
      return (await store!.handle(request)) ?? text('Not found', 404);
    if (url.pathname === '/') return text(cmsPage(world, url));
    if (url.pathname === '/probe.html') return text(blankPage);
    return text('Not found', 404);
  };

  const tls = createServer(selfSignedCertificate(), toNodeListener(handle));
  await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
  const port = (tls.address() as AddressInfo).port;
  const origin = (host: string) => `https://${host}:${port}`;
  shop = origin(HOSTS.shop);
  world.shop = shop;
  const plain: Listening = await listen(handle);
  const api = plain.url;
  store = createLocalStore({
    origin: shop,
    backend: {
      apiBaseUrl: api,
      allowedOrigins: [shop, origin(HOSTS.sameSite), origin(HOSTS.crossSite), origin(HOSTS.evil)],
    },
  });
  const { clientId, storeHash, accessToken } = store.emulator.app;
  const env = {
    BC_STORE_HASH: storeHash,
    BC_ACCESS_TOKEN: accessToken,
    BC_CLIENT_ID: clientId,
    BC_API_BASE_URL: api,
    BC_STOREFRONT_URL: shop,
  };
  const storeApi = createStoreApi({ apiBaseUrl: api, storeHash, accessToken });

  return {
    port,
    shop,
    sameSite: origin(HOSTS.sameSite),
    crossSite: origin(HOSTS.crossSite),
    evil: origin(HOSTS.evil),
    api,
    store,
    storeApi,
    cli(args, extra = {}) {
      // `check` fetches the live page from BC_STOREFRONT_URL, which Node cannot resolve: the CLI is run without it
      // unless a test passes one it can reach.
      const child = spawn(process.execPath, ['dist/cli.js', 'bridge', ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, ...env, BC_STOREFRONT_URL: shop, ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr })));
    },
    async putSecurity(settings) {
      const response = await fetch(`${api}/stores/${storeHash}/v3/settings/storefront/security`, {
        method: 'PUT',
        headers: { 'x-auth-token': accessToken, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(settings),
      });
      if (!response.ok) throw new Error(`PUT security settings answered ${response.status}: ${await response.text()}`);
    },
    async stop() {
      tls.closeAllConnections();
      await new Promise((resolve) => tls.close(resolve));
      await plain.close();
    },
  };
}

/** Chromium with the test host names mapped to loopback and the test certificate accepted. */
export const BRIDGE_CHROMIUM_ARGS = [
  ...CHROMIUM_ARGS,
  '--host-resolver-rules=MAP *.example.test 127.0.0.1, MAP *.other.test 127.0.0.1',
  '--ignore-certificate-errors',
];

export function launchBridgeChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...BRIDGE_CHROMIUM_ARGS, ...extraArgs],
  });
}

/**
 * A persistent Chromium profile whose Preferences are written before launch (e.g. third-party cookies blocked, as a
 * user sets it in chrome://settings/cookies). Close the context to end the browser.
 */
export async function launchWithPrefs(
  userDataDir: string,
  prefs: Record<string, unknown>,
  extra: Partial<LaunchOptions> = {},
): Promise<BrowserContext> {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(`${userDataDir}/Default`, { recursive: true });
  writeFileSync(`${userDataDir}/Default/Preferences`, JSON.stringify(prefs));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: BRIDGE_CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    ...extra,
  });
}

export type { Server };
