/**
 * The soak's server processes, so the load generator shares no event loop with what it measures:
 * - `soak-server.ts emulator`: the emulator on a loopback port; signs a customer in and creates a cart, then prints
 *   one JSON line `{api, app, token, cartId}`.
 * - `soak-server.ts backend`: the real backend (`serve`) against the emulator named by $SOAK_UPSTREAM (that JSON);
 *   prints `{url}` and answers IPC messages with its own figures: `{type: 'sample', gc}` → `{rss, heapUsed,
 *   loopDelay: {p50, p99, max}}` (ms, since the last `{type: 'reset'}`). Start it with `--expose-gc` so a sample
 *   can measure what is retained rather than garbage not yet collected.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createEmulator } from '../src/emulator/index.js';
import { listen, serve } from '../src/server/node.js';
import { currentCustomerToken } from '../test/support/emulator-token.js';

const silent = { info() {}, warn() {}, error() {} };

export interface UpstreamInfo {
  api: string;
  app: { clientId: string; clientSecret: string; storeHash: string; accessToken: string; channelId: number };
  token: string;
  cartId: string;
}

export interface ServerSample {
  rss: number;
  heapUsed: number;
  loopDelay: { p50: number; p99: number; max: number };
}

async function emulator(): Promise<void> {
  const emulator = createEmulator({ rateLimit: { quota: 1_000_000_000, windowMs: 30_000 } });
  const api = await listen(emulator.handle);
  const customer = emulator.seed.customers.find((c) => c.customer_group_id > 0)!;
  const token = await currentCustomerToken(api.url, emulator.app.clientId, customer.email);
  const cart = await fetch(`${api.url}/stores/${emulator.app.storeHash}/v3/carts`, {
    method: 'POST',
    headers: {
      'x-auth-token': emulator.app.accessToken,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify({
      channel_id: emulator.app.channelId,
      line_items: [{ quantity: 2, product_id: 78, variant_id: 64 }],
    }),
  });
  const cartId = ((await cart.json()) as { data: { id: string } }).data.id;
  const { clientId, clientSecret, storeHash, accessToken, channelId } = emulator.app;
  const info: UpstreamInfo = {
    api: api.url,
    app: { clientId, clientSecret, storeHash, accessToken, channelId },
    token,
    cartId,
  };
  process.stdout.write(`${JSON.stringify(info)}\n`);
}

async function backend(): Promise<void> {
  const upstream = JSON.parse(process.env['SOAK_UPSTREAM'] ?? '') as UpstreamInfo;
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const server = await serve({
    ...upstream.app,
    storefrontUrl: upstream.api,
    apiBaseUrl: upstream.api,
    // One loopback client sends everything: the per-client limit would answer 429 by design.
    rateLimit: false,
    upstreamBudget: false,
    logger: silent,
  });
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('message', (message: { type: string; gc?: boolean }) => {
    if (message.type === 'reset') {
      delay.reset();
      process.send!({ type: 'reset' });
    } else if (message.type === 'sample') {
      if (message.gc && gc) {
        gc();
        gc();
      }
      const { rss, heapUsed } = process.memoryUsage();
      const ms = (ns: number) => Math.round(ns / 1e4) / 100;
      const sample: ServerSample = {
        rss,
        heapUsed,
        loopDelay: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      };
      process.send!({ type: 'sample', sample });
    }
  });
  process.on('disconnect', () => void server.close().then(() => process.exit(0)));
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
}

const role = process.argv[2];
if (role === 'emulator') await emulator();
else if (role === 'backend') await backend();
else {
  console.error('usage: soak-server.ts emulator|backend');
  process.exit(2);
}
