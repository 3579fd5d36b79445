/** `bc-customer-elements demo`: the demo pages on one local port (what `npm start` runs). */
import { fileURLToPath } from 'node:url';
import { listen } from '../server/node.js';
import { staticFiles } from './static-files.js';

export async function run(_args: string[]): Promise<void> {
  const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
  const demo = staticFiles(`${packageRoot}demo`, '/');
  const bundles = staticFiles(`${packageRoot}dist`, '/dist/');
  const port = Number(process.env.PORT ?? 3000);
  const server = await listen(
    async (request) =>
      (await bundles(request)) ?? (await demo(request)) ?? new Response('Not found', { status: 404 }),
    { port, host: process.env.HOST ?? '127.0.0.1' },
  );
  process.stdout.write(`bc-customer-elements demo: ${server.url}/\n`);
}
