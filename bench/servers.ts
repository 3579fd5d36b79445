/**
 * Runs in a child process of the backend bench, so the load generator does not share an event loop with the
 * servers it measures: the emulator, the real backend (`serve`) and the naive baseline, each on a loopback port.
 * Prints one JSON line: their URLs and a current-customer token obtained by signing in on the emulator.
 */
import { createEmulator } from '../src/emulator/index.js';
import { listen, serve } from '../src/server/node.js';
import { currentCustomerToken } from '../test/support/emulator-token.js';
import { createNaiveBackend } from './naive-backend.js';

const latencyMs = Number(process.env.BENCH_UPSTREAM_LATENCY_MS ?? 0);
const emulator = createEmulator({ rateLimit: { quota: 1_000_000_000, windowMs: 30_000 } });
const api = await listen(emulator.handle);
if (latencyMs > 0) emulator.faults.set('pricing', { latencyMs });

const silent = { info() {}, warn() {}, error() {} };
const backend = await serve({
  ...emulator.app,
  storefrontUrl: api.url,
  apiBaseUrl: api.url,
  rateLimit: false,
  upstreamBudget: false,
  logger: silent,
});
const naive = await listen(createNaiveBackend({ ...emulator.app, apiBaseUrl: api.url }));

const customer = emulator.seed.customers.find((c) => c.customer_group_id > 0)!;
const token = await currentCustomerToken(api.url, emulator.app.clientId, customer.email);

process.stdout.write(`${JSON.stringify({ api: api.url, backend: backend.url, naive: naive.url, token })}\n`);
