/**
 * Several instances, one store: the same three-instance setup as test/node/server/redis.test.ts (each instance a
 * process of its own, bench/instance.ts, with shared state on a real redis-server), next to one instance and to three
 * instances without Redis, in the same run. Per setup: the upstream calls 200 concurrent cold asks cost (spread
 * round-robin over the instances), `/prices` warm throughput (autocannon on every instance at once, 50 connections in
 * all) and how many of 300 requests from one client a limit of 100 per minute refuses.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createClient } from 'redis';
import { createEmulator } from '../src/emulator/index.js';
import { listen } from '../src/server/node.js';
import { startRedis, REDIS_SERVER } from '../test/support/redis.js';

const PRICES_BODY = JSON.stringify({
  currency: 'USD',
  items: [{ productId: 80 }, { productId: 81 }, { productId: 82 }],
});
const COLD_ASKS = 200;
const LIMIT = 100;
const LIMITED_REQUESTS = 300;

export interface SharedFigures {
  name: string;
  instances: number;
  coldAsks: number;
  upstreamCalls: number;
  rps: number;
  p99: number;
  errors: number;
  limited: { sent: number; refused: number; limit: number };
}

async function startInstance(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/instance.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench instance exited with ${code}`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, child };
}

/** `count` instances on the store at `api`, sharing Redis at `redisUrl` when given; `rateLimit` requests per minute. */
async function startInstances(count: number, api: { url: string; app: object }, rateLimit: number, redisUrl?: string) {
  const env = {
    BENCH_API_URL: api.url,
    BENCH_APP: JSON.stringify(api.app),
    BENCH_RATE_LIMIT: String(rateLimit),
    ...(redisUrl ? { BENCH_REDIS_URL: redisUrl } : {}),
  };
  const instances = await Promise.all(Array.from({ length: count }, () => startInstance(env)));
  return {
    urls: instances.map((instance) => instance.url),
    stop: () =>
      Promise.all(instances.map(({ child }) => new Promise((resolve) => (child.once('exit', resolve), child.kill())))),
  };
}

const ask = (url: string) =>
  fetch(`${url}/prices`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: PRICES_BODY });

async function measureSetup(name: string, count: number, seconds: number, redisUrl?: string): Promise<SharedFigures> {
  const emulator = createEmulator({ rateLimit: { quota: 1_000_000_000, windowMs: 30_000 } });
  const api = await listen(emulator.handle);
  const flush = async () => {
    if (!redisUrl) return;
    const client = createClient({ url: redisUrl });
    await client.connect();
    await client.flushAll();
    client.destroy();
  };
  try {
    await flush();
    // Upstream calls and warm throughput: a limit no bench client reaches (it is still counted, in Redis when shared).
    let pool = await startInstances(count, { url: api.url, app: emulator.app }, 1_000_000_000, redisUrl);
    let figures: Omit<SharedFigures, 'limited'>;
    try {
      // Warm processes (a pool member has served before): a few asks for other items on each, then a cold cache for
      // the measured ones.
      for (const url of pool.urls) {
        for (let i = 0; i < 20; i++) {
          const response = await fetch(`${url}/prices`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ currency: 'USD', items: [{ productId: 90 + (i % 10) }] }),
          });
          await response.arrayBuffer();
        }
      }
      emulator.calls.reset();
      const answers = await Promise.all(Array.from({ length: COLD_ASKS }, (_, i) => ask(pool.urls[i % count]!)));
      if (answers.some((r) => r.status !== 200)) throw new Error(`${name}: cold asks failed`);
      await Promise.all(answers.map((r) => r.arrayBuffer()));
      const upstreamCalls = emulator.calls.count('pricing');
      // Warm every instance's own cache, then load them all at once, 50 connections in all.
      for (const url of pool.urls) await (await ask(url)).arrayBuffer();
      const run = (duration: number) =>
        Promise.all(
          pool.urls.map((url, i) =>
            autocannon({
              url: `${url}/prices`,
              connections: Math.floor(50 / count) + (i < 50 % count ? 1 : 0),
              duration,
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: PRICES_BODY,
            }),
          ),
        );
      await run(1); // warm-up, discarded
      const results = await run(seconds);
      figures = {
        name,
        instances: count,
        coldAsks: COLD_ASKS,
        upstreamCalls,
        rps: Math.round(results.reduce((sum, r) => sum + r.requests.average, 0)),
        p99: Math.max(...results.map((r) => r.latency.p99)),
        errors: results.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
      };
    } finally {
      await pool.stop();
    }
    // The shared limit: one client's requests round-robin over the instances, against LIMIT per minute.
    await flush();
    pool = await startInstances(count, { url: api.url, app: emulator.app }, LIMIT, redisUrl);
    try {
      let refused = 0;
      for (let i = 0; i < LIMITED_REQUESTS; i++) {
        const response = await ask(pool.urls[i % count]!);
        await response.arrayBuffer();
        if (response.status === 429) refused++;
      }
      return { ...figures, limited: { sent: LIMITED_REQUESTS, refused, limit: LIMIT } };
    } finally {
      await pool.stop();
    }
  } finally {
    await api.close();
  }
}

/** The three setups, or `undefined` when there is no redis-server to run. */
export async function measureShared(seconds = 5): Promise<SharedFigures[] | undefined> {
  let redis;
  try {
    redis = await startRedis();
  } catch {
    console.warn(`no ${REDIS_SERVER}: the shared-state figures are left out`);
    return undefined;
  }
  try {
    return [
      await measureSetup('one instance', 1, seconds),
      await measureSetup('three instances, no Redis', 3, seconds),
      await measureSetup('three instances + Redis', 3, seconds, redis.url),
    ];
  } finally {
    await redis.stop();
  }
}
