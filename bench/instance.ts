/**
 * One backend instance of the shared-state bench (bench/shared.ts), in a process of its own like a real pool member:
 * the real backend (`serve`) on a loopback port against the emulated store at BENCH_API_URL, with shared state on
 * Redis when BENCH_REDIS_URL is set. BENCH_APP is the store's app (the emulator's `app`), BENCH_RATE_LIMIT the
 * requests per minute per client. Prints one JSON line: its URL.
 */
import { serve } from '../src/server/node.js';
import { createRedisState } from '../src/server/redis.js';

const api = process.env.BENCH_API_URL!;
const redisUrl = process.env.BENCH_REDIS_URL;
const silent = process.env.BENCH_LOG ? undefined : { info() {}, warn() {}, error() {} };
const sharedState = redisUrl ? createRedisState({ url: redisUrl, ...(silent ? { logger: silent } : {}) }) : undefined;
await sharedState?.connected;
const backend = await serve({
  ...JSON.parse(process.env.BENCH_APP!),
  storefrontUrl: api,
  apiBaseUrl: api,
  rateLimit: { requests: Number(process.env.BENCH_RATE_LIMIT), windowMs: 60_000 },
  upstreamBudget: false,
  // Every connection of the bench comes from 127.0.0.1, as from a load balancer.
  maxConnectionsPerAddress: 0,
  ...(silent ? { logger: silent } : {}),
  ...(sharedState ? { sharedState } : {}),
});
process.stdout.write(`${JSON.stringify({ url: backend.url })}\n`);
