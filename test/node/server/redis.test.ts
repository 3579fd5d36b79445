// Several backend instances, one store, shared state on a real Redis (bc-customer-elements/server/redis): three
// instances served over real HTTP against the emulator, shopper requests spread round-robin over them. Single flight
// spans the instances, a spent quota seen by one holds all, the per-client limits count across instances, and Redis
// stopped and started again mid-run fails no shopper request.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createClient } from 'redis';
import { createEmulator, type Emulator, type EmulatorOptions } from '../../../src/emulator/index.js';
import type { HandlerOptions } from '../../../src/server/index.js';
import { listen, serve, type Listening } from '../../../src/server/node.js';
import { createRedisState, type RedisCommands, type RedisState } from '../../../src/server/redis.js';
import { redisSkip, requireRedis, startRedis, type RedisServer } from '../../support/redis.js';
import { newSecret, recordingLogger } from './helpers.js';

const INSTANCES = 3;

interface Cluster {
  readonly emulator: Emulator;
  readonly loggers: ReturnType<typeof recordingLogger>[];
  readonly states: RedisState[];
  /** POST /prices for these products to the next instance (round-robin), or to instance `at`. */
  prices(productIds: number[], at?: number): Promise<Response>;
  /** The instances' URLs. */
  readonly urls: string[];
  close(): Promise<void>;
}

/** An emulated store and three backend instances on it, each with its own Redis client (or none: `redis: false`). */
async function cluster(
  redis: RedisServer | false,
  { emulator: emulatorOptions, backend }: { emulator?: EmulatorOptions; backend?: Partial<HandlerOptions> } = {},
): Promise<Cluster> {
  const emulator = createEmulator({ rateLimit: { quota: 1_000_000, windowMs: 30_000 }, ...emulatorOptions });
  const shop = await listen(emulator.handle);
  const loggers = Array.from({ length: INSTANCES }, () => recordingLogger());
  const states = redis ? loggers.map((logger) => createRedisState({ url: redis.url, logger })) : [];
  // Like a pool member taking traffic once it is connected (before that it would use its own state).
  await Promise.all(states.map((state) => state.connected));
  const servers: Listening[] = [];
  for (let i = 0; i < INSTANCES; i++) {
    servers.push(
      await serve({
        ...emulator.app,
        storefrontUrl: shop.url,
        apiBaseUrl: shop.url,
        logger: loggers[i],
        rateLimit: false,
        upstreamBudget: false,
        ...(redis ? { sharedState: states[i] } : {}),
        ...backend,
      }),
    );
  }
  let next = 0;
  return {
    emulator,
    loggers,
    states,
    urls: servers.map((server) => server.url),
    prices: (productIds, at = next++ % INSTANCES) =>
      fetch(`${servers[at]!.url}/prices`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ currency: 'USD', items: productIds.map((productId) => ({ productId })) }),
      }),
    async close() {
      await Promise.all(servers.map((server) => server.close()));
      await Promise.all(states.map((state) => state.close()));
      await shop.close();
    },
  };
}

/** Waits until `done()` holds, looking every few ms (the test's own timeout bounds it). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * Whether the instances share again: a cold ask on one instance, then on the next, costs one upstream call. Tried
 * with fresh items up to five times, since a Redis call that a loaded machine makes late (over 200 ms) rightly
 * sends an instance on alone for a second; true once one try costs one call.
 */
async function sharesAgain(shared: Cluster): Promise<boolean> {
  for (const items of [
    [95, 96],
    [97, 98],
    [99, 100],
    [101, 102],
    [84, 85],
  ]) {
    shared.emulator.calls.reset();
    assert.equal((await shared.prices(items, 0)).status, 200);
    // (No wait for the background write: until it is done the first instance's lock makes the second one wait.)
    assert.equal((await shared.prices(items, 1)).status, 200);
    if (shared.emulator.calls.count('pricing') === 1) return true;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return false;
}

/** Failures are logged once per period and outage: per event, no more lines than recoveries plus one. */
function assertLoggedOncePerOutage(logger: ReturnType<typeof recordingLogger>): void {
  const recoveries = events(logger, 'shared_state_recovered').length;
  for (const event of ['shared_state_failed', 'shared_cache_failed', 'redis_connection_failed']) {
    assert.ok(
      events(logger, event).length <= recoveries + 1,
      JSON.stringify(logger.lines.filter((line) => /failed|recovered/.test(line.event))),
    );
  }
}

const events = (logger: ReturnType<typeof recordingLogger>, event: string) =>
  logger.lines.filter((line) => line.event === event);

describe('three instances sharing state on Redis', { skip: redisSkip }, () => {
  let redis: RedisServer;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => void unhandled.push(reason);

  before(async () => {
    requireRedis();
    process.on('unhandledRejection', onUnhandled);
    redis = await startRedis();
  });
  // Every test starts from an empty Redis: one store's prices, holds and buckets must not leak into the next test.
  beforeEach(async () => {
    const client = createClient({ url: redis.url });
    await client.connect();
    await client.flushAll();
    client.destroy();
  });
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await redis?.stop();
    assert.deepEqual(unhandled, [], 'no unhandled rejection');
  });

  it('200 concurrent cold asks spread over three instances make one upstream call', async () => {
    const shared = await cluster(redis);
    try {
      const answers = await Promise.all(Array.from({ length: 200 }, () => shared.prices([80, 81, 82])));
      assert.deepEqual([...new Set(answers.map((r) => r.status))], [200]);
      const bodies = new Set(await Promise.all(answers.map((r) => r.text())));
      assert.equal(bodies.size, 1, 'every shopper got the same answer');
      assert.equal(JSON.parse([...bodies][0]!).items.length, 3);
      assert.equal(shared.emulator.calls.count('pricing'), 1);
    } finally {
      await shared.close();
    }
  });

  it('a quota one instance saw spent (X-Rate-Limit-Requests-Left: 0) holds the other two until the reset', async () => {
    // A store whose window allows 2 calls per 20 s: the second answer says 0 left, longer than the 8 s deadline.
    const shared = await cluster(redis, { emulator: { rateLimit: { quota: 2, windowMs: 20_000 } } });
    try {
      assert.equal((await shared.prices([80], 0)).status, 200);
      assert.equal((await shared.prices([81], 0)).status, 200);
      assert.equal(shared.emulator.calls.count('pricing'), 2);
      for (const at of [1, 2]) {
        const held = await shared.prices([82 + at], at);
        assert.equal(held.status, 503);
        assert.equal(((await held.json()) as { error: { code: string } }).error.code, 'ERR_BC_UPSTREAM_UNAVAILABLE');
        const retryAfter = Number(held.headers.get('retry-after'));
        assert.ok(retryAfter > 8 && retryAfter <= 20, `Retry-After ${retryAfter}`);
      }
      assert.equal(
        shared.emulator.calls.count('pricing'),
        2,
        'the other instances sent nothing while the quota was spent',
      );
      // What the cache holds is still served by every instance.
      assert.equal((await shared.prices([80], 2)).status, 200);
    } finally {
      await shared.close();
    }
  });

  it('a 429 one instance met holds the other two', async () => {
    const shared = await cluster(redis);
    try {
      shared.emulator.faults.set('pricing', { status: 429, rateLimitHeaders: true, resetMs: 15_000, times: 1 });
      assert.equal((await shared.prices([90], 0)).status, 503);
      assert.equal(shared.emulator.calls.count('pricing'), 1);
      assert.equal((await shared.prices([91], 1)).status, 503);
      assert.equal((await shared.prices([92], 2)).status, 503);
      assert.equal(shared.emulator.calls.count('pricing'), 1, 'held without asking');
    } finally {
      await shared.close();
    }
  });

  it('counts the per-client request limit across the instances', async () => {
    const shared = await cluster(redis, {
      backend: { rateLimit: { requests: 10, windowMs: 60_000 }, upstreamBudget: { calls: 2, windowMs: 60_000 } },
    });
    try {
      // The same client (127.0.0.1) round-robin over the three instances: 10 requests in all, not 10 per instance.
      const statuses = [];
      for (let i = 0; i < 30; i++) statuses.push((await shared.prices([80])).status);
      assert.equal(statuses.filter((s) => s === 200).length, 10);
      assert.equal(statuses.filter((s) => s === 429).length, 20);
    } finally {
      await shared.close();
    }
  });

  it('counts the sign-in attempts per email across the instances', async () => {
    const shared = await cluster(redis, { backend: { sessionSecrets: [newSecret()] } });
    try {
      // Wrong passwords for one email round-robin over three instances: 5 attempts in all (SIGN_IN_LIMITS), not 5 each.
      const statuses = [];
      for (let i = 0; i < 9; i++) {
        const url = shared.urls[i % INSTANCES]!;
        const response = await fetch(`${url}/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: url },
          body: JSON.stringify({ email: 'vip@example.com', password: `wrong-${i}` }),
        });
        statuses.push(response.status);
      }
      assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429, 429, 429]);
    } finally {
      await shared.close();
    }
  });

  it('counts the per-client upstream budget across the instances', async () => {
    const budget = await cluster(redis, { backend: { upstreamBudget: { calls: 2, windowMs: 60_000 } } });
    try {
      // Three cold asks on three instances: the third upstream call is over the client's budget of two.
      assert.deepEqual(
        [(await budget.prices([77])).status, (await budget.prices([78])).status, (await budget.prices([79])).status],
        [200, 200, 429],
      );
      assert.equal(budget.emulator.calls.count('pricing'), 2);
      // Cached answers cost nothing: what one instance fetched, the others serve.
      assert.equal((await budget.prices([77, 78])).status, 200);
    } finally {
      await budget.close();
    }
  });

  it('Redis stopped and started again mid-run: no shopper request fails, and the instances share again after', async () => {
    const shared = await cluster(redis, {
      backend: { priceCacheTtlMs: 100, rateLimit: { requests: 1_000_000, windowMs: 60_000 } },
    });
    const statuses = new Map<number, number>();
    let sent = 0;
    let running = true;
    const worker = async (seed: number) => {
      for (let i = 0; running; i++) {
        const response = await shared.prices([77 + ((seed * 7 + i) % 26), 77 + ((seed + i * 3) % 26)]);
        await response.arrayBuffer();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        sent++;
      }
    };
    const workers = Array.from({ length: 6 }, (_, seed) => worker(seed));
    try {
      await until(() => sent >= 100);
      await redis.stop();
      await until(() =>
        shared.loggers.every(
          (logger) => events(logger, 'shared_state_failed').length + events(logger, 'shared_cache_failed').length > 0,
        ),
      );
      const down = sent;
      await until(() => sent >= down + 200);
      await redis.start();
      await until(() => shared.loggers.every((logger) => events(logger, 'shared_state_recovered').length > 0));
      const up = sent;
      await until(() => sent >= up + 100);
    } finally {
      running = false;
      await Promise.all(workers);
    }
    try {
      assert.deepEqual([...statuses.keys()], [200], `statuses: ${JSON.stringify([...statuses])}`);
      // Failures were logged, not once per request.
      for (const logger of shared.loggers) assertLoggedOncePerOutage(logger);
      // Shared again: what one instance fetches, the next one serves without asking BigCommerce.
      await new Promise((resolve) => setTimeout(resolve, 150)); // the short TTL of this run lets every earlier price expire
      assert.ok(await sharesAgain(shared));
    } finally {
      await shared.close();
    }
  });

  it("Redis that hangs: every shopper answered from the instances' own state, and sharing again once it answers", async () => {
    const shared = await cluster(redis, { backend: { rateLimit: { requests: 1_000, windowMs: 60_000 } } });
    try {
      assert.equal((await shared.prices([77])).status, 200);
      redis.pause();
      let statuses: number[];
      try {
        // Cold and cached items, limits counted: each instance waits for Redis once (200 ms), then goes on alone.
        statuses = await Promise.all(
          Array.from({ length: 30 }, (_, i) => shared.prices([77, 78 + (i % 5)]).then((r) => r.status)),
        );
      } finally {
        redis.resume();
      }
      assert.deepEqual([...new Set(statuses)], [200]);
      for (const logger of shared.loggers) {
        const failures = [...events(logger, 'shared_state_failed'), ...events(logger, 'shared_cache_failed')];
        assert.ok(failures.length >= 1, 'the hang was logged');
        assert.ok(failures.every((line) => line.fields.reason === 'TimeoutError'));
      }
      // Once Redis answers and the instances have rested, they share again. Locks whose claims landed after the
      // timeout were freed behind them: a cold ask spread over two instances costs one call and waits for no stale lock.
      for (let i = 0; shared.loggers.some((logger) => events(logger, 'shared_state_recovered').length === 0); i++) {
        assert.equal((await shared.prices([77], i % INSTANCES)).status, 200);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      for (const logger of shared.loggers) assertLoggedOncePerOutage(logger);
      assert.ok(await sharesAgain(shared));
    } finally {
      await shared.close();
    }
  });

  it('keeps no address, customer or secret readable in Redis', async () => {
    const shared = await cluster(redis, { backend: { rateLimit: { requests: 100, windowMs: 60_000 } } });
    const reader = createClient({ url: redis.url });
    await reader.connect();
    try {
      assert.equal((await shared.prices([95, 96])).status, 200);
      let keys: string[] = [];
      // The answers are written in the background, then the lock goes: wait for both prices and no lock.
      while (
        keys.filter((key) => key.startsWith('bce:p:')).length < 2 ||
        keys.some((key) => key.startsWith('bce:l:'))
      ) {
        keys = await reader.keys('*');
      }
      const app = shared.emulator.app;
      const dump = [
        ...keys,
        ...(await Promise.all(
          keys.map(async (key) =>
            (await reader.type(key)) === 'string' ? reader.get(key) : JSON.stringify(await reader.hGetAll(key)),
          ),
        )),
      ].join('\n');
      for (const secret of [app.clientSecret, app.accessToken, app.storeHash, '127.0.0.1', 'guest']) {
        assert.ok(!dump.includes(secret), `${secret} is not in Redis`);
      }
      assert.ok(
        keys.every((key) => /^bce:[plrq]:[A-Za-z0-9_-]{43}$/.test(key)),
        keys.join(' '),
      );
    } finally {
      reader.destroy();
      await shared.close();
    }
  });

  it('the CLI: two `serve` processes with BC_REDIS_URL share single flight', async () => {
    const emulator = createEmulator({ rateLimit: { quota: 1_000_000, windowMs: 30_000 } });
    const shop = await listen(emulator.handle);
    const { clientId, clientSecret, accessToken, storeHash } = emulator.app;
    const children = [0, 1].map(() =>
      spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
        env: {
          PATH: process.env.PATH,
          BC_STORE_HASH: storeHash,
          BC_CLIENT_ID: clientId,
          BC_CLIENT_SECRET: clientSecret,
          BC_ACCESS_TOKEN: accessToken,
          BC_STOREFRONT_URL: shop.url,
          BC_API_BASE_URL: shop.url,
          BC_ALLOWED_ORIGINS: 'https://www.example.com',
          BC_REDIS_URL: redis.url,
          PORT: '0',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    try {
      const urls = await Promise.all(
        children.map(
          (child) =>
            new Promise<string>((resolve, reject) => {
              createInterface({ input: child.stdout }).once('line', (line) =>
                resolve(/(http:\S+?)\/? /.exec(line)![1]!),
              );
              child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
            }),
        ),
      );
      const ask = (url: string) =>
        fetch(`${url}/prices`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ currency: 'USD', items: [{ productId: 88 }] }),
        });
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(urls[i % 2]!)));
      assert.deepEqual([...new Set(answers.map((r) => r.status))], [200]);
      assert.equal(emulator.calls.count('pricing'), 1);
    } finally {
      await Promise.all(
        children.map(async (child) => {
          if (child.exitCode !== null) return;
          child.kill('SIGTERM');
          await once(child, 'exit');
        }),
      );
      await shop.close();
    }
  });

  it('takes a client of your own', () => {
    const client = createClient({ url: redis.url, disableOfflineQueue: true });
    const commands: RedisCommands = client;
    const state = createRedisState({ client: commands });
    assert.equal(typeof state.take, 'function');
    assert.throws(() => createRedisState({ client, url: redis.url }), /pass either url or client/);
    assert.throws(() => createRedisState({ url: 'http://example.com' }), /redis:\/\//);
  });
});
