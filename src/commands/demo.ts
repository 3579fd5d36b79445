/**
 * `bc-customer-elements demo` (what `npm start` runs): one local server that plays a storefront plus CMS at one
 * origin: the emulated BigCommerce store (storefront and Management API), the backend under `/bc`, the CMS-like demo
 * page at `/` (rendered from the emulator seed), the React, Vue and Svelte demos at `/react/`, `/vue/`, `/svelte/`
 * (their Vite builds, `npm run build:demos`) and the script-tag bundles at `/dist/` (with CORS, as a CDN serves
 * them). A second server, on the next port, plays a CMS on another origin than the storefront: the same page, which
 * names the storefront and reads the shopper through the storefront bridge; at start the demo installs the bridge
 * and allows the framing through the store's Pages and Settings APIs, as a merchant does with `bridge install`.
 * Both answer under `127.0.0.1` and `localhost` alike (cookies, checkout URLs and CORS follow the host the browser
 * used). Prints the addresses and the seeded customers to sign in as. `/demo/cart` is demo-only glue standing in for a
 * shop's "add to cart".
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { framingSettingsFor } from '../bridge/framing.js';
import { DEFAULT_BRIDGE_PATH } from '../bridge/protocol.js';
import { createStoreApi } from '../bridge/store-api.js';
import { listen, type Listening } from '../server/node.js';
import { installBridge } from './bridge.js';
import { demoCartRoute } from '../local-site/demo-cart.js';
import { demoCustomers } from '../local-site/demo-catalog.js';
import { favicon } from '../local-site/demo-favicon.js';
import { renderDemoPage } from '../local-site/demo-page.js';
import { createLocalStore, demoSessionSecret, type LocalStore } from '../local-site/local-store.js';
import { staticFiles } from '../local-site/static-files.js';

export const usage = `Usage: bc-customer-elements demo   (what \`npm start\` runs, from a checkout of the repository)

Runs the emulated store, the backend under /bc and the demo pages on one port, and the same CMS page on another
origin (the next port, through the storefront bridge), and prints the customers to sign in as. Build first:
npm run build && npm run build:demos.

Environment:
  PORT  the storefront's port, 0–65535 (default 3000; 0 picks a free one); the other origin takes the next one
  HOST  interface (default 127.0.0.1)
`;

/** The framework demos, each a Vite build in demo/<name>/dist served at /<name>/. */
export const FRAMEWORK_DEMOS = ['react', 'vue', 'svelte'] as const;

/**
 * The files of dist/ served at `/dist/`: the script-tag bundles, their chunks and their maps. The rest of dist/ is the package's
 * Node side (the backend, the emulator and its seed.json with the app's secrets and every password), never a page's.
 */
export const SERVED_BUNDLES: readonly string[] = [
  'bc-customer-elements.min.js',
  'bc-customer-elements.iife.min.js',
  'bc-customer-elements.prices.min.js',
  'bc-customer-elements.prices.iife.min.js',
  // The ES modules' chunks, fetched from beside them when a page first needs one (rollup.config.mjs).
  'bc-customer-elements.bridge-source.min.js',
  'bc-customer-elements.sign-in.min.js',
  'bc-customer-elements.prices.bridge-source.min.js',
].flatMap((file) => [file, `${file}.map`]);

/** Host names of this machine the demo answers under besides the one it listens on, when that is a loopback one. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'];

type Handler = (request: Request) => Promise<Response | null>;

/**
 * `SERVED_BUNDLES` from dist/ at `/dist/`, nothing else there. Served as a CDN serves a package's files: readable by
 * pages of any origin (`<script type="module">` fetches in CORS mode), since they are public code.
 */
function scriptBundles(packageRoot: string): Handler {
  const files = staticFiles(`${packageRoot}dist`, '/dist/');
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (!pathname.startsWith('/dist/')) return null;
    if (!SERVED_BUNDLES.includes(pathname.slice('/dist/'.length))) return text('Not found', 404);
    const response = await files(request);
    if (!response) return text('Not found', 404);
    response.headers.set('access-control-allow-origin', '*');
    response.headers.set('cross-origin-resource-policy', 'cross-origin');
    return response;
  };
}

function text(body: string, status: number, type = 'text/plain; charset=utf-8'): Response {
  return new Response(body, { status, headers: { 'content-type': type, 'cache-control': 'no-cache' } });
}

/** A CMS's "page not found": a web page, as CMSs answer any path they do not have (`/customer/current.jwt` among them). */
const CMS_NOT_FOUND =
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>Page not found</title><h1>Page not found</h1></html>';

function htmlPage(request: Request, body: string): Response {
  return request.method === 'GET' || request.method === 'HEAD'
    ? text(body, 200, 'text/html; charset=utf-8')
    : text('', 405);
}

/** A framework demo's build, or a page saying how to build it (never the app's sources). */
function frameworkDemo(packageRoot: string, name: string): Handler {
  const files = staticFiles(`${packageRoot}demo/${name}/dist`, `/${name}/`);
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === `/${name}`) return new Response(null, { status: 308, headers: { location: `/${name}/` } });
    if (!pathname.startsWith(`/${name}/`)) return null;
    return (await files(request)) ?? text(`Not found. Is the ${name} demo built? Run: npm run build:demos`, 404);
  };
}

/** Listens on `port`, or on a free port when it is taken (the CMS's port is only a preference). */
async function listenNear(
  handler: (request: Request) => Promise<Response>,
  port: number,
  host: string,
): Promise<Listening> {
  try {
    return await listen(handler, { port, host });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
    return listen(handler, { port: 0, host });
  }
}

/**
 * As a merchant would (docs/bridge.md): let the CMS origins frame the storefront (Settings API, what `bridge install`
 * advises), then install the bridge page that answers them (Pages API, `bridge install` itself), over HTTP against
 * the emulator's Management API.
 */
async function installDemoBridge(store: LocalStore, storefront: string, cmsOrigins: string[]): Promise<void> {
  const { storeHash, accessToken, channelId, clientId } = store.emulator.app;
  const api = createStoreApi({ apiBaseUrl: storefront, storeHash, accessToken });
  await api.updateFramingSettings(channelId, framingSettingsFor(await api.framingSettings(channelId), cmsOrigins));
  const lines: string[] = [];
  const framed = await installBridge(
    {
      api,
      appClientId: clientId,
      origins: cmsOrigins,
      channelId,
      path: DEFAULT_BRIDGE_PATH,
      storefrontUrl: storefront,
    },
    (line = '') => lines.push(line),
  );
  if (!framed) throw new Error(`the demo's storefront bridge cannot be framed:\n${lines.join('\n')}`);
}

export async function run(args: string[]): Promise<void> {
  if (args.length > 0) throw new Error(`demo takes no arguments (got "${args[0]}"); see demo --help`);
  const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`PORT must be a port number, not "${process.env.PORT}"`);

  const template = await readFile(`${packageRoot}demo/index.html`, 'utf8');
  const demo = staticFiles(`${packageRoot}demo`, '/');
  const bundles = scriptBundles(packageRoot);
  const frameworks = FRAMEWORK_DEMOS.map((name) => frameworkDemo(packageRoot, name));
  let store: LocalStore | undefined;
  let cart: Handler | undefined;
  // The pages for a request's host name: the storefront's and the CMS's origins under the name the browser used.
  let pagesFor: (request: Request) => { storefront: string; cms: string } = () => ({ storefront: '', cms: '' });
  const render = (request: Request, otherOrigin: boolean, local: LocalStore) => {
    const { storefront, cms } = pagesFor(request);
    return renderDemoPage(template, local.emulator.seed, { storefront, otherOriginPage: `${cms}/`, otherOrigin });
  };
  // Both servers listen before the store that needs their addresses exists: a request in between is too early.
  const starting = () => text('The demo is starting', 503);

  const onStorefront = async (request: Request): Promise<Response> => {
    const local = store;
    if (!local || !cart) return starting();
    const { pathname } = new URL(request.url);
    if (pathname === '/' || pathname === '/index.html') return htmlPage(request, render(request, false, local));
    for (const handler of [(r: Request) => local.handle(r), cart, bundles, ...frameworks, favicon, demo]) {
      const response = await handler(request);
      if (response) return response;
    }
    return text('Not found', 404);
  };
  // The CMS on another origin: its page, its own script and styles, and its server's "add to cart"; nothing else.
  const onCms = async (request: Request): Promise<Response> => {
    if (!store || !cart) return starting();
    const { pathname } = new URL(request.url);
    if (pathname === '/' || pathname === '/index.html') return htmlPage(request, render(request, true, store));
    if (pathname === '/demo.js' || pathname === '/demo.css') return (await demo(request)) ?? text('Not found', 404);
    return (await cart(request)) ?? (await favicon(request)) ?? text(CMS_NOT_FOUND, 404, 'text/html; charset=utf-8');
  };

  const server = await listen(onStorefront, { port, host });
  const cmsServer = await listenNear(onCms, port === 0 ? 0 : port + 1, host);
  const storefrontPort = new URL(server.url).port;
  const cmsPort = new URL(cmsServer.url).port;
  const listened = new URL(server.url).hostname;
  const names = LOOPBACK_NAMES.includes(listened) ? [...new Set([listened, ...LOOPBACK_NAMES])] : [listened];
  const originOf = (name: string, on: string) => `http://${name}:${on}`;
  const cmsOf = (storefront: string) => originOf(new URL(storefront).hostname, cmsPort);
  pagesFor = (request) => {
    const name = new URL(request.url).hostname;
    const storefront = originOf(names.includes(name) ? name : listened, storefrontPort);
    return { storefront, cms: cmsOf(storefront) };
  };
  // The store's absolute URLs (checkout, sign-in) need the origin, known once the server listens.
  store = createLocalStore({
    origin: server.url,
    aliases: names.map((name) => originOf(name, storefrontPort)),
    pageOrigins: (storefront) => [cmsOf(storefront)],
    // Headless sign-in on the other origin's page (docs/headless-sign-in.md): a session secret made at each start,
    // never written anywhere, so no secret is committed and a restart signs everyone out.
    backend: { sessionSecrets: [demoSessionSecret()] },
  });
  cart = demoCartRoute(store.emulator, server.url);
  await installDemoBridge(
    store,
    server.url,
    names.map((name) => originOf(name, cmsPort)),
  );
  process.stdout.write(describe(server.url, cmsServer.url, store));
}

function describe(url: string, cms: string, store: LocalStore): string {
  const customers = demoCustomers(store.emulator.seed)
    .map((c) => `  ${c.email.padEnd(44)} ${c.password.padEnd(16)} ${c.group.padEnd(10)} ${c.sees}`)
    .join('\n');
  return [
    `bc-customer-elements demo on ${url}/`,
    '',
    `  demo page        ${url}/            (a CMS page with the script-tag bundle)`,
    `  another origin:  ${cms}/            (the same CMS page on another origin, through the storefront bridge)`,
    `  framework demos  ${url}/react/  ${url}/vue/  ${url}/svelte/`,
    `  sign in          ${url}/login.php, or on the other origin's page itself (through the backend)`,
    `  backend          ${url}/bc (session, prices, checkout, health)`,
    `  Management API   ${url}/stores/${store.emulator.app.storeHash}/v3/…`,
    '',
    'Guests see the catalog prices. Sign in as one of these customers to see their group prices on every demo:',
    `  ${'email'.padEnd(44)} ${'password'.padEnd(16)} ${'group'.padEnd(10)} sees`,
    customers,
    '',
    'Then add something to the cart and check out: the emulated checkout shows who is signed in.',
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}
