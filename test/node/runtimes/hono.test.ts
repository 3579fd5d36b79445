// examples/hono: the handler inside a Hono app, driven through app.fetch (what Node, Bun, Deno and Workers call).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HandlerOptions } from '../../../src/server/index.js';
import { runScenario, startStore, type Store } from './support.js';

describe('Hono example (examples/hono/app.ts)', () => {
  let store: Store;
  before(async () => {
    store = await startStore();
  });
  after(() => store.close());

  it('serves the backend under /bc and leaves the rest to the app', async () => {
    // The example imports the built package by name; a string keeps the root type check (before the build) away.
    const path: string = '../../../examples/hono/app.js';
    const { createApp } = (await import(path)) as {
      createApp(options: HandlerOptions): { fetch(request: Request): Response | Promise<Response> };
    };
    const app = createApp(store.options());
    await runScenario(store, (request) => Promise.resolve(app.fetch(request)), 'http://app.example/bc');
    const home = await app.fetch(new Request('http://app.example/'));
    assert.equal(await home.text(), 'Your app; the bc-customer-elements backend is under /bc.');
    const unknown = await app.fetch(new Request('http://app.example/bc/nope', { method: 'POST' }));
    assert.equal(unknown.status, 404);
  });
});
