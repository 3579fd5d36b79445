// examples/express: the handler mounted in an Express 5 app, over real HTTP (body streams, CORS, client address).
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { HandlerOptions } from '../../../src/server/index.js';
import { overHttp, runScenario, startStore, type Store } from './support.js';

interface ExpressExample {
  createApp(options: HandlerOptions): { listen(port: number, host: string, ready: () => void): Server };
}

describe('Express example (examples/express/server.ts)', () => {
  let store: Store;
  let server: Server;
  let url: string;
  before(async () => {
    store = await startStore();
    // The example imports the built package by name; a string keeps the root type check (before the build) away.
    const path: string = '../../../examples/express/server.js';
    const { createApp } = (await import(path)) as ExpressExample;
    await new Promise<void>((resolve) => {
      server = createApp(store.options()).listen(0, '127.0.0.1', resolve);
    });
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    url = `http://127.0.0.1:${address.port}`;
  });
  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await store.close();
  });

  it('serves the backend under /bc over HTTP', async () => {
    await runScenario(store, overHttp, `${url}/bc`);
  });

  it('leaves other routes to the app, and a body over the limit is refused by the handler', async () => {
    const home = await fetch(`${url}/`);
    assert.equal(await home.text(), 'Your app; the bc-customer-elements backend is under /bc.');
    const huge = await fetch(`${url}/bc/prices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ currency: 'USD', items: [], padding: 'x'.repeat(200_000) }),
    });
    assert.equal(huge.status, 413);
    assert.equal(((await huge.json()) as { error: { code: string } }).error.code.startsWith('ERR_BC_'), true);
  });
});
