// examples/cloudflare-worker in Cloudflare's own runtime (workerd, through miniflare): the worker is bundled with
// esbuild as wrangler would (ESM, platform-neutral, no Node built-ins), and talks to the emulator on 127.0.0.1.
// The same scenario as every other runtime: jose verification and signing, fetch, CORS, errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { runScenario, startStore, type Store } from './support.js';

// The newest date miniflare 4.20260426.0's workerd supports (docs: TOOLCHAIN.md).
const COMPATIBILITY_DATE = '2026-05-03';

async function bundleWorker(): Promise<string> {
  const result = await build({
    entryPoints: ['examples/cloudflare-worker/worker.ts'],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    // The package by name resolves through its exports map to dist/ (the built library).
    mainFields: ['module', 'main'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe('Cloudflare Worker example in workerd (examples/cloudflare-worker/worker.ts)', () => {
  let store: Store;
  let script: string;
  before(async () => {
    store = await startStore();
    script = await bundleWorker();
  });
  after(() => store.close());

  it('bundles without Node built-ins', () => {
    assert.doesNotMatch(script, /from\s*["']node:/);
    assert.doesNotMatch(script, /require\(["'](node:)?(crypto|http|fs|buffer)["']\)/);
  });

  it('serves the backend from workerd', async () => {
    const options = store.options();
    const mf = new Miniflare({
      modules: true,
      script,
      compatibilityDate: COMPATIBILITY_DATE,
      bindings: {
        BC_STORE_HASH: options.storeHash,
        BC_CLIENT_ID: options.clientId,
        BC_CLIENT_SECRET: options.clientSecret,
        BC_ACCESS_TOKEN: options.accessToken,
        BC_STOREFRONT_URL: options.storefrontUrl,
        BC_API_BASE_URL: options.apiBaseUrl!,
        BC_ALLOWED_ORIGINS: options.allowedOrigins!.join(','),
        BC_BASE_PATH: '/bc',
      },
    });
    try {
      // miniflare's dispatchFetch takes its own Request type; hand it the URL and init of ours.
      const send = async (request: Request) => {
        const body = request.body ? await request.text() : undefined;
        const response = await mf.dispatchFetch(request.url, {
          method: request.method,
          headers: Object.fromEntries(request.headers),
          ...(body === undefined ? {} : { body }),
        });
        const empty = [204, 205, 304].includes(response.status);
        return new Response(empty ? null : await response.arrayBuffer(), {
          status: response.status,
          headers: Object.fromEntries(response.headers),
        });
      };
      await runScenario(store, send, 'https://bc.example.workers.dev/bc');
    } finally {
      await mf.dispose();
    }
  });
});
