/**
 * `bc-customer-elements demo` (what `npm start` runs): one local server that plays a storefront plus CMS at one
 * origin: the emulated BigCommerce store (storefront and Management API), the backend under `/bc`, the demo pages
 * and the built bundles. Prints the address and the seeded customers to sign in as.
 */
import { fileURLToPath } from 'node:url';
import { listen } from '../server/node.js';
import { createLocalStore, type LocalStore } from './local-store.js';
import { staticFiles } from './static-files.js';

export async function run(_args: string[]): Promise<void> {
  const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, not "${process.env.PORT}"`);

  const demo = staticFiles(`${packageRoot}demo`, '/');
  const bundles = staticFiles(`${packageRoot}dist`, '/dist/');
  let store: LocalStore | undefined;
  const server = await listen(
    async (request) =>
      (await store?.handle(request)) ??
      (await bundles(request)) ??
      (await demo(request)) ??
      new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } }),
    { port, host },
  );
  // The store's absolute URLs (checkout, sign-in) need the origin, known once the server listens.
  store = createLocalStore({ origin: server.url });
  process.stdout.write(describe(server.url, store));
}

function describe(url: string, store: LocalStore): string {
  const groups = new Map(store.emulator.seed.customer_groups.map((g) => [g.id, g.name]));
  const customers = store.emulator.seed.customers
    .map((c) => `  ${c.email.padEnd(44)} ${c.password.padEnd(16)} ${groups.get(c.customer_group_id) ?? 'no group (catalog prices)'}`)
    .join('\n');
  return [
    `bc-customer-elements demo on ${url}/`,
    '',
    `  demo page        ${url}/`,
    `  sign in          ${url}/login.php`,
    `  backend          ${url}/bc (session, prices, checkout, health)`,
    `  Management API   ${url}/stores/${store.emulator.app.storeHash}/v3/…`,
    '',
    'Sign in as one of these customers to see their group prices on the demo page (guests see guest prices):',
    `  ${'email'.padEnd(44)} ${'password'.padEnd(16)} group`,
    customers,
    '',
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}
