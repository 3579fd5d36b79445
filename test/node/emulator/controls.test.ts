// Rate limiting, fault injection, call counting and the /__emulator admin routes.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { apiFetch, Browser, serve, T0, type Served } from './support.js';

const rateHeaders = (response: Response) =>
  Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('x-rate-limit-')));

describe('emulator rate limit', () => {
  let served: Served;
  before(async () => (served = await serve({ rateLimit: { quota: 3, windowMs: 1000 } })));
  after(() => served.close());

  it('counts a real per-window quota, answers 429 over it, and opens again after the window', async () => {
    const seen = [];
    for (let i = 0; i < 4; i += 1) {
      if (i === 1) served.emulator.clock.advance(250);
      const response = await apiFetch(served, '/v2/time');
      seen.push({ status: response.status, headers: rateHeaders(response) });
      if (response.status === 429) {
        assert.deepEqual(await response.json(), {
          status: 429,
          title: 'Too many requests: the rate limit was exceeded',
          type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
          errors: {},
        });
      }
    }
    const headers = (left: number, reset: number) => ({
      'x-rate-limit-requests-left': String(left),
      'x-rate-limit-requests-quota': '3',
      'x-rate-limit-time-reset-ms': String(reset),
      'x-rate-limit-time-window-ms': '1000',
    });
    assert.deepEqual(seen, [
      { status: 200, headers: headers(2, 1000) },
      { status: 200, headers: headers(1, 750) },
      { status: 200, headers: headers(0, 750) },
      { status: 429, headers: headers(0, 750) },
    ]);
    served.emulator.clock.advance(750);
    const reopened = await apiFetch(served, '/v2/time');
    assert.equal(reopened.status, 200);
    assert.deepEqual(rateHeaders(reopened), headers(2, 1000));
  });

  it('puts the headers on error answers too (401, 404, 405)', async () => {
    served.emulator.reset();
    for (const response of [
      await apiFetch(served, '/v2/time', { token: null }),
      await apiFetch(served, '/v3/nothing'),
      await apiFetch(served, '/v2/time', { method: 'DELETE' }),
    ]) {
      assert.equal(Object.keys(rateHeaders(response)).length, 4, `${response.status} has the headers`);
    }
  });
});

describe('emulator fault injection', () => {
  let served: Served;
  before(async () => (served = await serve()));
  after(() => served.close());
  beforeEach(() => served.emulator.reset());

  const time = () => apiFetch(served, '/v2/time');

  it('forces a status for `times` calls, then answers normally', async () => {
    served.emulator.faults.set('time', { status: 503, times: 2 });
    for (let i = 0; i < 2; i += 1) {
      const response = await time();
      assert.equal(response.status, 503);
      assert.deepEqual(await response.json(), {
        status: 503,
        title: 'Service unavailable',
        type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
        errors: {},
      });
    }
    const healthy = await time();
    assert.equal(healthy.status, 200);
    assert.deepEqual(await healthy.json(), { time: T0 / 1000 });
    assert.equal(served.emulator.calls.count('time'), 3);
  });

  it("forces 429 with the reset header (the window's, or one given), or without any rate-limit header", async () => {
    served.emulator.faults.set('pricing', { status: 429, times: 1 });
    const limited = await apiFetch(served, '/v3/pricing/products', { body: {} });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('x-rate-limit-requests-left'), '0');
    assert.match(limited.headers.get('x-rate-limit-time-reset-ms')!, /^\d+$/);
    served.emulator.faults.set('pricing', { status: 429, resetMs: 5, times: 1 });
    const brief = await apiFetch(served, '/v3/pricing/products', { body: {} });
    assert.equal(brief.status, 429);
    assert.equal(brief.headers.get('x-rate-limit-time-reset-ms'), '5');
    served.emulator.faults.set('pricing', { status: 429, rateLimitHeaders: false });
    const bare = await apiFetch(served, '/v3/pricing/products', { body: {} });
    assert.equal(bare.status, 429);
    assert.deepEqual(rateHeaders(bare), {});
  });

  it('damages bodies: malformed, truncated, html, empty, huge', async () => {
    const normal = await (await time()).text();
    served.emulator.faults.set('time', { body: 'malformed' });
    const malformed = await time();
    assert.equal(malformed.status, 200);
    await assert.rejects(malformed.json(), SyntaxError);
    served.emulator.faults.set('time', { body: 'truncated' });
    assert.equal(await (await time()).text(), normal.slice(0, Math.floor(normal.length / 2)));
    served.emulator.faults.set('time', { body: 'html', status: 502 });
    const page = await time();
    assert.equal(page.status, 502);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(await page.text(), /^<!DOCTYPE html>/);
    served.emulator.faults.set('time', { body: 'empty' });
    assert.equal(await (await time()).text(), '');
    served.emulator.faults.set('time', { body: 'huge' });
    const huge = await (await time()).text();
    assert.ok(huge.length > 12 * 1024 * 1024);
    assert.ok(Array.isArray((JSON.parse(huge) as { data: unknown[] }).data));
  });

  it('delays by latencyMs, trickles a body, and hangs until the client gives up or faults are cleared', async () => {
    served.emulator.faults.set('time', { latencyMs: 150 });
    let start = performance.now();
    assert.equal((await time()).status, 200);
    assert.ok(performance.now() - start >= 140);

    served.emulator.faults.set('time', { trickle: true });
    start = performance.now();
    const trickled = await time();
    const headersAt = performance.now() - start;
    assert.deepEqual(await trickled.json(), { time: T0 / 1000 });
    assert.ok(headersAt < 500 && performance.now() - start >= 500, 'headers at once, body slowly');

    served.emulator.faults.set('time', { hang: true });
    await assert.rejects(
      fetch(`${served.api}/v2/time`, {
        headers: { 'x-auth-token': served.emulator.app.accessToken },
        signal: AbortSignal.timeout(150),
      }),
      { name: 'TimeoutError' },
    );
    const pending = time();
    setTimeout(() => served.emulator.faults.clear(), 100);
    assert.equal((await pending).status, 200);
  });

  it('injects into storefront routes too (current_jwt), and refuses unknown routes and fields', async () => {
    served.emulator.faults.set('current_jwt', { status: 500 });
    const response = await new Browser(served.url).fetch(
      `/customer/current.jwt?app_client_id=${served.emulator.app.clientId}`,
    );
    assert.equal(response.status, 500);
    assert.throws(() => served.emulator.faults.set('nowhere', { status: 500 }), TypeError);
    assert.throws(() => served.emulator.faults.set('time', { status: 42 }), TypeError);
    assert.throws(() => served.emulator.faults.set('time', { body: 'weird' } as never), TypeError);
    assert.throws(() => served.emulator.faults.set('time', { hangs: true } as never), /Unknown fault field "hangs"/);
    assert.throws(() => served.emulator.faults.set('pricing', { status: 429, resetMs: -1 }), /resetMs/);
  });
});

describe('emulator /__emulator admin routes', () => {
  let served: Served;
  before(async () => (served = await serve()));
  after(() => served.close());
  beforeEach(() => served.emulator.reset());

  const post = (path: string, body: unknown) =>
    fetch(`${served.url}/__emulator${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('sets, lists and clears faults', async () => {
    const set = await post('/faults', { route: 'pricing', fault: { status: 500, times: 1 } });
    assert.equal(set.status, 200);
    assert.deepEqual(await set.json(), { pricing: { status: 500, times: 1 } });
    assert.deepEqual(await (await fetch(`${served.url}/__emulator/faults`)).json(), {
      pricing: { status: 500, times: 1 },
    });
    const bad = await post('/faults', { route: 'pricing', fault: { status: 'x' } });
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { error: 'fault.status must be an HTTP status 200–599' });
    await fetch(`${served.url}/__emulator/faults`, { method: 'DELETE' });
    assert.deepEqual(await (await fetch(`${served.url}/__emulator/faults`)).json(), {});
  });

  it('moves the clock and counts calls', async () => {
    assert.deepEqual(await (await post('/clock', { now: T0 + 5000 })).json(), { now: T0 + 5000 });
    assert.deepEqual(await (await post('/clock', { advance: 1000 })).json(), { now: T0 + 6000 });
    assert.equal(served.emulator.clock.now(), T0 + 6000);
    await apiFetch(served, '/v2/time');
    await apiFetch(served, '/v3/pricing/products', { body: {} });
    assert.deepEqual(await (await fetch(`${served.url}/__emulator/calls`)).json(), {
      total: 2,
      by_route: {
        time: 1,
        pricing: 1,
        carts: 0,
        redirect_urls: 0,
        impersonation: 0,
        storefront_token: 0,
        private_token: 0,
        pages: 0,
        settings: 0,
        graphql: 0,
        current_jwt: 0,
      },
    });
    served.emulator.clock.set(T0);
  });

  it('signs a browser in and out for tests', async () => {
    const browser = new Browser(served.url);
    const signIn = await browser.fetch('/__emulator/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'wholesale@example.com' }),
    });
    assert.deepEqual(await signIn.json(), { customer: { id: 1, email: 'wholesale@example.com' } });
    const jwt = await browser.fetch(`/customer/current.jwt?app_client_id=${served.emulator.app.clientId}`);
    assert.equal(jwt.status, 200);
    await browser.fetch('/__emulator/sign-out', { method: 'POST' });
    assert.equal(
      (await browser.fetch(`/customer/current.jwt?app_client_id=${served.emulator.app.clientId}`)).status,
      404,
    );
  });

  it('describes the store for tools: app credentials and demo customers', async () => {
    const state = (await (await fetch(`${served.url}/__emulator/state`)).json()) as Record<string, unknown>;
    assert.deepEqual(state.app, served.emulator.app);
    assert.deepEqual(state.customers, served.emulator.seed.customers);
  });
});
