// examples/nextjs: the App Router route module's GET/POST/OPTIONS exports, called with Request objects exactly as
// Next.js calls them (no Next.js install needed: a route handler is a function of a Web Request).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runScenario, startStore, type Store } from './support.js';

type Route = (request: Request) => Promise<Response>;
interface RouteModule {
  GET: Route;
  POST: Route;
  OPTIONS: Route;
  dynamic?: string;
}

const ENV = [
  'BC_STORE_HASH',
  'BC_CLIENT_ID',
  'BC_CLIENT_SECRET',
  'BC_ACCESS_TOKEN',
  'BC_STOREFRONT_URL',
  'BC_API_BASE_URL',
  'BC_ALLOWED_ORIGINS',
  'BC_CHANNEL_ID',
];

describe('Next.js route handler example (examples/nextjs/app/api/bc/[...path]/route.ts)', () => {
  let store: Store;
  let route: RouteModule;
  const saved: Record<string, string | undefined> = {};
  before(async () => {
    store = await startStore();
    for (const name of ENV) saved[name] = process.env[name];
    // Importing the module needs no configuration (next build does that); the first request reads it.
    const path: string = '../../../examples/nextjs/app/api/bc/[...path]/route.js';
    route = (await import(path)) as RouteModule;
  });
  after(async () => {
    for (const name of ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await store.close();
  });

  it('exports GET, POST and OPTIONS, and no `dynamic` (Cache Components refuses it; test/e2e/next.test.ts builds it)', () => {
    assert.equal(typeof route.GET, 'function');
    assert.equal(typeof route.POST, 'function');
    assert.equal(typeof route.OPTIONS, 'function');
    assert.equal(route.dynamic, undefined);
  });

  it('answers /api/bc/* from the environment configuration', async () => {
    const options = store.options();
    Object.assign(process.env, {
      BC_STORE_HASH: options.storeHash,
      BC_CLIENT_ID: options.clientId,
      BC_CLIENT_SECRET: options.clientSecret,
      BC_ACCESS_TOKEN: options.accessToken,
      BC_STOREFRONT_URL: options.storefrontUrl,
      BC_API_BASE_URL: options.apiBaseUrl,
      BC_ALLOWED_ORIGINS: options.allowedOrigins!.join(','),
      BC_CHANNEL_ID: String(options.channelId),
    });
    // Next.js dispatches by method to the module's export.
    const send = (request: Request) => route[request.method as 'GET' | 'POST' | 'OPTIONS'](request);
    await runScenario(store, send, 'https://www.example.com/api/bc');
  });

  it('keys its rate limit on the address its proxy appended, not the left-most x-forwarded-for entry', async () => {
    // Runs after the scenario above, which configured the route's handler (default limit: 300 requests / 60 s).
    const items = [{ productId: store.emulator.seed.products[0]!.id }];
    let passed = 0;
    for (let i = 0; i < 400; i++) {
      const response = await route.POST(
        new Request('https://www.example.com/api/bc/prices', {
          method: 'POST',
          // The client rotates what it writes; the one proxy in front appends the address it saw.
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.9.${i >> 8}.${i & 255}, 198.51.100.7` },
          body: JSON.stringify({ currency: 'USD', items }),
        }),
      );
      await response.body?.cancel();
      if (response.status === 200) passed++;
      else assert.equal(response.status, 429);
    }
    // 300 is the limit; the bucket refills 5 a second while the loop runs, and a rotated key would pass all 400.
    assert.ok(passed >= 300 && passed <= 350, `${passed} of 400 passed`);
  });
});
