// The store's API quota as the upstream client keeps it between calls (SECURITY class E): once BigCommerce says it
// is spent, calls wait for the reset or answer 503 at once, and an absurd announced reset cannot stop the backend
// for longer than MAX_QUOTA_PAUSE_MS. A scripted fetch plays BigCommerce; the emulator tests cover the real window.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError } from '../../../src/server/http.js';
import { MAX_QUOTA_PAUSE_MS, createUpstream } from '../../../src/server/upstream.js';
import { recordingLogger } from './helpers.js';

/** A BigCommerce that answers from a script of (status, rate-limit headers), then 200s with a full quota. */
function scriptedStore(script: Array<{ status: number; left: string; resetMs: string }>) {
  let calls = 0;
  const fetch = (async () => {
    const step = script[calls++] ?? { status: 200, left: '149', resetMs: '30000' };
    const headers = {
      'content-type': 'application/json',
      'x-rate-limit-requests-left': step.left,
      'x-rate-limit-time-reset-ms': step.resetMs,
    };
    return new Response(step.status === 200 ? '{"data":[]}' : '{"status":429}', { status: step.status, headers });
  }) as typeof globalThis.fetch;
  return { fetch, calls: () => calls };
}

const upstreamFor = (fetch: typeof globalThis.fetch, logger = recordingLogger()) =>
  createUpstream({
    fetch,
    apiBaseUrl: 'https://api.example.com',
    storeHash: 'abc',
    accessToken: 'token',
    timeoutMs: 1_000,
    logger,
  });

const ask = (upstream: ReturnType<typeof upstreamFor>) =>
  upstream({ route: 'pricing', method: 'POST', path: '/v3/pricing/products', body: {} });

async function refusal(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HttpError);
    return error;
  }
  assert.fail('expected a refusal');
}

describe('upstream: the store quota between calls', () => {
  it('after a success that leaves 0 requests, the next call waits for the reset instead of meeting a 429', async () => {
    const store = scriptedStore([{ status: 200, left: '0', resetMs: '150' }]);
    const logger = recordingLogger();
    const upstream = upstreamFor(store.fetch, logger);
    await ask(upstream);
    await ask(upstream);
    const waits = logger.lines.filter((line) => line.event === 'upstream_rate_limited');
    assert.equal(waits.length, 1);
    assert.equal(waits[0]!.fields.quotaSpent, true);
    assert.ok(Number(waits[0]!.fields.waitMs) > 0 && Number(waits[0]!.fields.waitMs) <= 150);
    assert.equal(store.calls(), 2);
  });

  it('a spent quota whose reset does not fit the deadline: 503 with Retry-After, nothing sent', async () => {
    const store = scriptedStore([{ status: 200, left: '0', resetMs: '20000' }]);
    const upstream = upstreamFor(store.fetch);
    await ask(upstream);
    const error = await refusal(ask(upstream));
    assert.equal(error.code, 'ERR_BC_UPSTREAM_UNAVAILABLE');
    assert.equal(error.headers['retry-after'], '20');
    assert.equal(store.calls(), 1);
  });

  it(`an absurd announced reset holds calls for ${MAX_QUOTA_PAUSE_MS / 1000} s at most`, async () => {
    const store = scriptedStore([{ status: 429, left: '0', resetMs: '999999999' }]);
    const upstream = upstreamFor(store.fetch);
    const first = await refusal(ask(upstream));
    assert.equal(first.code, 'ERR_BC_UPSTREAM_UNAVAILABLE');
    assert.equal(first.headers['retry-after'], String(MAX_QUOTA_PAUSE_MS / 1000));
    const held = await refusal(ask(upstream));
    assert.equal(held.code, 'ERR_BC_UPSTREAM_UNAVAILABLE');
    assert.ok(
      Number(held.headers['retry-after']) <= MAX_QUOTA_PAUSE_MS / 1000,
      `Retry-After ${held.headers['retry-after']}`,
    );
    assert.equal(store.calls(), 1);
  });

  it('a wall clock stepped back does not stretch the hold', async () => {
    const store = scriptedStore([{ status: 200, left: '0', resetMs: '20000' }]);
    const upstream = upstreamFor(store.fetch);
    await ask(upstream);
    const realNow = Date.now;
    const stepped = realNow() - 3_600_000;
    Date.now = () => stepped + (performance.now() % 1000);
    try {
      const held = await refusal(ask(upstream));
      assert.ok(Number(held.headers['retry-after']) <= 20, `Retry-After ${held.headers['retry-after']}`);
    } finally {
      Date.now = realNow;
    }
  });

  it('a quota with requests left holds nothing', async () => {
    const store = scriptedStore([{ status: 200, left: '1', resetMs: '20000' }]);
    const upstream = upstreamFor(store.fetch);
    await ask(upstream);
    await ask(upstream);
    assert.equal(store.calls(), 2);
  });
});
