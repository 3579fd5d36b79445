/**
 * `bc-customer-elements demo` (what `npm start` runs): one local server that plays a storefront plus CMS at one
 * origin: the emulated BigCommerce store (storefront and Management API), the backend under `/bc`, the CMS-like demo
 * page at `/` (rendered from the emulator seed), the React, Vue and Svelte demos at `/react/`, `/vue/`, `/svelte/`
 * (their Vite builds, `npm run build:demos`) and the script-tag bundles at `/dist/`. Prints the address and the seeded
 * customers to sign in as. `/demo/cart` is demo-only glue standing in for a shop's "add to cart".
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { listen } from '../server/node.js';
import { demoCartRoute } from './demo-cart.js';
import { demoCustomers } from './demo-catalog.js';
import { renderDemoPage } from './demo-page.js';
import { createLocalStore, type LocalStore } from './local-store.js';
import { staticFiles } from './static-files.js';

export const usage = `Usage: bc-customer-elements demo   (what \`npm start\` runs, from a checkout of the repository)

Runs the emulated store, the backend under /bc and the demo pages on one port, and prints the customers to sign in
as. Build first: npm run build && npm run build:demos.

Environment:
  PORT  port, 0–65535 (default 3000; 0 picks a free one)
  HOST  interface (default 127.0.0.1)
`;

/** The framework demos, each a Vite build in demo/<name>/dist served at /<name>/. */
export const FRAMEWORK_DEMOS = ['react', 'vue', 'svelte'] as const;

/**
 * The files of dist/ served at `/dist/`: the script-tag bundles and their maps. The rest of dist/ is the package's
 * Node side (the backend, the emulator and its seed.json with the app's secrets and every password), never a page's.
 */
export const SERVED_BUNDLES: readonly string[] = ['bc-customer-elements.min.js', 'bc-customer-elements.iife.min.js']
  .flatMap((file) => [file, `${file}.map`]);

type Handler = (request: Request) => Promise<Response | null>;

/** `SERVED_BUNDLES` from dist/ at `/dist/`, nothing else there. */
function scriptBundles(packageRoot: string): Handler {
  const files = staticFiles(`${packageRoot}dist`, '/dist/');
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (!pathname.startsWith('/dist/')) return null;
    return SERVED_BUNDLES.includes(pathname.slice('/dist/'.length)) ? files(request) : text('Not found', 404);
  };
}

function text(body: string, status: number, type = 'text/plain; charset=utf-8'): Response {
  return new Response(body, { status, headers: { 'content-type': type, 'cache-control': 'no-cache' } });
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

export async function run(args: string[]): Promise<void> {
  if (args.length > 0) throw new Error(`demo takes no arguments (got "${args[0]}"); see demo --help`);
  const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, not "${process.env.PORT}"`);

  const template = await readFile(`${packageRoot}demo/index.html`, 'utf8');
  const demo = staticFiles(`${packageRoot}demo`, '/');
  const bundles = scriptBundles(packageRoot);
  const frameworks = FRAMEWORK_DEMOS.map((name) => frameworkDemo(packageRoot, name));
  let store: LocalStore | undefined;
  let cart: Handler | undefined;
  let page = '';

  const handle = async (request: Request): Promise<Response | null> => {
    const { pathname } = new URL(request.url);
    if (pathname === '/' || pathname === '/index.html') {
      return request.method === 'GET' || request.method === 'HEAD' ? text(page, 200, 'text/html; charset=utf-8') : text('', 405);
    }
    for (const handler of [(r: Request) => store!.handle(r), cart!, bundles, ...frameworks, demo]) {
      const response = await handler(request);
      if (response) return response;
    }
    return null;
  };
  const server = await listen(async (request) => (await handle(request)) ?? text('Not found', 404), { port, host });
  // The store's absolute URLs (checkout, sign-in) need the origin, known once the server listens.
  store = createLocalStore({ origin: server.url });
  cart = demoCartRoute(store.emulator, server.url);
  page = renderDemoPage(template, store.emulator.seed);
  process.stdout.write(describe(server.url, store));
}

function describe(url: string, store: LocalStore): string {
  const customers = demoCustomers(store.emulator.seed)
    .map((c) => `  ${c.email.padEnd(44)} ${c.password.padEnd(16)} ${c.group.padEnd(10)} ${c.sees}`)
    .join('\n');
  return [
    `bc-customer-elements demo on ${url}/`,
    '',
    `  demo page        ${url}/            (a CMS page with the script-tag bundle)`,
    `  framework demos  ${url}/react/  ${url}/vue/  ${url}/svelte/`,
    `  sign in          ${url}/login.php`,
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
