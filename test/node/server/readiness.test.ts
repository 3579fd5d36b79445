// Liveness and readiness against the emulator over real HTTP: /health answers whatever the credentials, /ready proves
// them with one authenticated Management API call (GET /v2/time): 200 with working ones, 503 with a code (never a
// secret) when BigCommerce refuses them or cannot be asked; the answer is kept 30 s and concurrent asks share a call.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createEmulator, type Emulator } from '../../../src/emulator/index.js';
import type { HandlerOptions } from '../../../src/server/index.js';
import { listen, serve, type Listening } from '../../../src/server/node.js';
import { READINESS_TTL_MS } from '../../../src/server/readiness.js';
import { recordingLogger } from './helpers.js';

describe('GET /health (liveness) and GET /ready (readiness)', () => {
  let emulator: Emulator;
  let shop: Listening;
  const running: Listening[] = [];
  let clock = 0;

  before(async () => {
    emulator = createEmulator();
    shop = await listen(emulator.handle);
  });
  after(async () => {
    await Promise.all(running.map((backend) => backend.close()));
    await shop.close();
  });
  beforeEach(() => {
    emulator.reset();
    emulator.faults.clear();
    clock = Date.now();
  });

  async function backend(overrides: Partial<HandlerOptions> = {}) {
    const logger = recordingLogger();
    const { clientId, clientSecret, storeHash, accessToken } = emulator.app;
    const server = await serve({
      storeHash,
      clientId,
      clientSecret,
      accessToken,
      storefrontUrl: shop.url,
      apiBaseUrl: shop.url,
      basePath: '/bc',
      logger,
      now: () => clock,
      ...overrides,
    });
    running.push(server);
    return { url: `${server.url}/bc`, logger };
  }

  const get = async (url: string) => {
    const response = await fetch(url);
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as unknown,
    };
  };

  it('with working credentials: /health and /ready answer 200, HEAD /ready too', async () => {
    const { url } = await backend();
    assert.deepEqual(await get(`${url}/health`), { status: 200, retryAfter: null, body: { ok: true } });
    assert.deepEqual(await get(`${url}/ready`), { status: 200, retryAfter: null, body: { ready: true } });
    const head = await fetch(`${url}/ready`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    assert.equal(emulator.calls.count('time'), 1, 'one call, the HEAD answered from the kept verdict');
  });

  it('with a wrong access token: /health is still 200, /ready is 503 ERR_BC_CREDENTIALS_REJECTED without the token', async () => {
    const wrongToken = 'wrong-access-token-0123456789';
    const { url, logger } = await backend({ accessToken: wrongToken });
    assert.deepEqual(await get(`${url}/health`), { status: 200, retryAfter: null, body: { ok: true } });
    const ready = await get(`${url}/ready`);
    assert.deepEqual(ready, {
      status: 503,
      retryAfter: String(READINESS_TTL_MS / 1000),
      body: {
        error: { code: 'ERR_BC_CREDENTIALS_REJECTED', message: 'BigCommerce refused the store hash or access token.' },
      },
    });
    assert.equal((await fetch(`${url}/ready`, { method: 'HEAD' })).status, 503);
    assert.ok(
      logger.lines.some(
        (line) =>
          line.event === 'not_ready' &&
          line.fields.code === 'ERR_BC_CREDENTIALS_REJECTED' &&
          line.fields.upstreamStatus === 401,
      ),
    );
    assert.ok(!logger.text().includes(wrongToken), 'the token is never logged');
  });

  it('with a wrong store hash: 503 ERR_BC_CREDENTIALS_REJECTED', async () => {
    const { url } = await backend({ storeHash: 'otherstore1' });
    assert.deepEqual((await get(`${url}/ready`)).body, {
      error: { code: 'ERR_BC_CREDENTIALS_REJECTED', message: 'BigCommerce refused the store hash or access token.' },
    });
  });

  it('BigCommerce failing: 503 ERR_BC_NOT_READY; ready again once the kept answer expires', async () => {
    emulator.faults.set('time', { status: 500, times: 100 });
    const { url } = await backend();
    const failing = await get(`${url}/ready`);
    assert.equal(failing.status, 503);
    assert.deepEqual(failing.body, {
      error: {
        code: 'ERR_BC_NOT_READY',
        message: 'BigCommerce could not be reached to check the credentials; try again shortly.',
      },
    });
    emulator.faults.clear();
    clock += READINESS_TTL_MS - 1000;
    assert.equal((await get(`${url}/ready`)).status, 503, 'the kept answer, until it expires');
    assert.equal((await get(`${url}/ready`)).retryAfter, '1');
    clock += 1000;
    assert.equal((await get(`${url}/ready`)).status, 200);
  });

  it('asks BigCommerce once per 30 s, however many probes, concurrent ones sharing one call', async () => {
    const { url } = await backend();
    const answers = await Promise.all(Array.from({ length: 20 }, () => get(`${url}/ready`)));
    assert.ok(answers.every((answer) => answer.status === 200));
    assert.equal(emulator.calls.count('time'), 1);
    clock += READINESS_TTL_MS - 1;
    await get(`${url}/ready`);
    assert.equal(emulator.calls.count('time'), 1);
    clock += 1;
    await get(`${url}/ready`);
    assert.equal(emulator.calls.count('time'), 2);
  });
});
