// The fault matrix (SECURITY class E, every fault × every backend route): the emulator's fault injection behind the
// real handler, over real HTTP. Each answer must come with the documented status, within the configured deadline
// plus 10 % (measured on a monotonic clock; a bound derived from the deadline, not a speed target).
//
// Which upstream calls each route makes: /prices → pricing; /checkout → redirect_urls (nothing is minted, so no
// store clock: a faulted /v2/time changes nothing); /session → none (it only verifies the token). So /session is tested
// for what applies to it: with every upstream route faulted it still answers at once and calls nothing upstream.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { performance } from 'node:perf_hooks';
import type { Fault } from '../../../src/emulator/types.js';
import type { FetchHandler } from '../../../src/server/index.js';
import { startStore, trapUnhandled, type Store } from './support.js';

/** The backend's deadline in these tests (`timeoutMs`): short, to keep the matrix fast. */
const DEADLINE_MS = 1500;
const BOUND_MS = DEADLINE_MS * 1.1;

interface Case {
  readonly name: string;
  readonly fault: Fault;
  readonly status: number;
  readonly code?: string;
  /** Most upstream calls the faulted route may see (bounded retries, no hot loop). */
  readonly maxCalls: number;
  readonly retryAfter?: boolean;
}

const MATRIX: readonly Case[] = [
  {
    name: '429 with rate-limit headers',
    fault: { status: 429 },
    status: 503,
    code: 'ERR_BC_UPSTREAM_UNAVAILABLE',
    maxCalls: 2,
    retryAfter: true,
  },
  { name: '429 with rate-limit headers, once', fault: { status: 429, times: 1 }, status: 200, maxCalls: 2 },
  {
    name: '429 without rate-limit headers',
    fault: { status: 429, rateLimitHeaders: false },
    status: 503,
    code: 'ERR_BC_UPSTREAM_UNAVAILABLE',
    maxCalls: 3,
    retryAfter: true,
  },
  {
    name: '429 without rate-limit headers, once',
    fault: { status: 429, rateLimitHeaders: false, times: 1 },
    status: 200,
    maxCalls: 2,
  },
  { name: '500', fault: { status: 500 }, status: 502, code: 'ERR_BC_UPSTREAM', maxCalls: 3 },
  { name: '503', fault: { status: 503 }, status: 502, code: 'ERR_BC_UPSTREAM', maxCalls: 3 },
  { name: '500 twice, then healthy', fault: { status: 500, times: 2 }, status: 200, maxCalls: 3 },
  { name: 'a hanging response', fault: { hang: true }, status: 504, code: 'ERR_BC_UPSTREAM_TIMEOUT', maxCalls: 1 },
  { name: 'a trickling response', fault: { trickle: true }, status: 504, code: 'ERR_BC_UPSTREAM_TIMEOUT', maxCalls: 1 },
  { name: 'a malformed body', fault: { body: 'malformed' }, status: 502, code: 'ERR_BC_UPSTREAM', maxCalls: 1 },
  { name: 'a truncated body', fault: { body: 'truncated' }, status: 502, code: 'ERR_BC_UPSTREAM', maxCalls: 1 },
  { name: 'an HTML body', fault: { body: 'html' }, status: 502, code: 'ERR_BC_UPSTREAM', maxCalls: 1 },
  { name: 'an empty body', fault: { body: 'empty' }, status: 502, code: 'ERR_BC_UPSTREAM', maxCalls: 1 },
  { name: 'an oversized (12 MB) body', fault: { body: 'huge' }, status: 502, code: 'ERR_BC_UPSTREAM', maxCalls: 1 },
];

const MESSAGES: Record<string, string> = {
  ERR_BC_UPSTREAM: 'BigCommerce gave an unexpected answer.',
  ERR_BC_UPSTREAM_UNAVAILABLE: 'BigCommerce is busy; try again shortly.',
  ERR_BC_UPSTREAM_TIMEOUT: 'BigCommerce did not answer in time.',
};

interface Row {
  /** The backend route and, after the colon, the upstream route the fault is set on. */
  readonly name: string;
  readonly upstream: 'pricing' | 'redirect_urls';
  readonly path: '/prices' | '/checkout';
  readonly signedIn: boolean;
}

const ROWS: readonly Row[] = [
  { name: '/prices (pricing)', upstream: 'pricing', path: '/prices', signedIn: true },
  { name: '/prices as a guest (pricing)', upstream: 'pricing', path: '/prices', signedIn: false },
  { name: '/checkout (redirect_urls)', upstream: 'redirect_urls', path: '/checkout', signedIn: true },
  { name: '/checkout as a guest (redirect_urls)', upstream: 'redirect_urls', path: '/checkout', signedIn: false },
];

const trap = trapUnhandled();
let store: Store;
let token: string;
let cartId: string;
let tried = 0;
let slowest = 0;

async function timed(handler: FetchHandler, path: string, body: unknown, bearer?: string) {
  const started = performance.now();
  const response = await handler(
    new Request(`https://backend.example.test${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
      body: JSON.stringify(body),
    }),
  );
  const text = await response.text();
  const ms = performance.now() - started;
  tried++;
  slowest = Math.max(slowest, ms);
  return { status: response.status, body: JSON.parse(text), headers: response.headers, ms };
}

describe(`fault matrix: every fault on every route, answered within ${DEADLINE_MS} ms + 10 %`, () => {
  before(async () => {
    trap.install();
    // A short rate-limit window: the reset a 429 announces fits the deadline, so "wait, then retry once" is exercised.
    store = await startStore({ rateLimit: { quota: 1_000_000_000, windowMs: 300 } });
    token = await store.token('vip@example.com');
    cartId = await store.cart();
  });
  afterEach(() => {
    store.emulator.faults.clear();
    store.emulator.calls.reset();
  });
  after(async () => {
    trap.remove();
    await store?.close();
    console.log(`faults: ${tried} faulted requests, slowest answer ${slowest.toFixed(0)} ms (bound ${BOUND_MS} ms)`);
    assert.deepEqual(trap.reasons, [], 'no unhandled rejection during the matrix');
  });

  for (const row of ROWS) {
    describe(row.name, () => {
      for (const c of MATRIX) {
        it(`${c.name} → ${c.status}${c.code ? ` ${c.code}` : ''}`, async () => {
          // A fresh backend: no price cache.
          const handler = store.handler({ timeoutMs: DEADLINE_MS, priceCacheTtlMs: 0 });
          store.emulator.faults.set(row.upstream, c.fault);
          const body =
            row.path === '/prices' ? { currency: 'USD', items: [{ productId: 80 }, { productId: 81 }] } : { cartId };
          const answer = await timed(handler, row.path, body, row.signedIn ? token : undefined);
          assert.equal(answer.status, c.status, `answered ${answer.status} ${JSON.stringify(answer.body)}`);
          assert.ok(answer.ms <= BOUND_MS, `answered after ${answer.ms.toFixed(0)} ms, over ${BOUND_MS} ms`);
          if (c.code) assert.deepEqual(answer.body, { error: { code: c.code, message: MESSAGES[c.code] } });
          else if (row.path === '/prices') assert.equal(answer.body.items.length, 2);
          else assert.equal(answer.body.signedIn, row.signedIn);
          if (c.retryAfter) assert.ok(Number(answer.headers.get('retry-after')) >= 1, 'Retry-After');
          const calls = store.emulator.calls.count(row.upstream);
          assert.ok(calls >= 1 && calls <= c.maxCalls, `${calls} ${row.upstream} calls, at most ${c.maxCalls}`);
        });
      }
    });
  }

  describe('/checkout signed in calls nothing but redirect_urls', () => {
    it('answers 200 at once with every fault on the store clock, which it never reads', async () => {
      const handler = store.handler({ timeoutMs: DEADLINE_MS });
      store.emulator.faults.set('time', { hang: true });
      const answer = await timed(handler, '/checkout', { cartId }, token);
      assert.equal(answer.status, 200);
      assert.equal(answer.body.signedIn, true);
      assert.equal(store.emulator.calls.count('time'), 0);
      assert.equal(store.emulator.calls.count('redirect_urls'), 1);
    });
  });

  describe('/session (no upstream call: every upstream route faulted at once)', () => {
    for (const c of MATRIX) {
      it(`${c.name}: 200 for a valid token, 401 for none, nothing upstream`, async () => {
        const handler = store.handler({ timeoutMs: DEADLINE_MS });
        for (const route of ['time', 'pricing', 'redirect_urls', 'current_jwt'] as const)
          store.emulator.faults.set(route, c.fault);
        const signedIn = await timed(handler, '/session', {}, token);
        assert.equal(signedIn.status, 200);
        assert.equal(signedIn.body.customer.email, 'vip@example.com');
        const guest = await timed(handler, '/session', {});
        assert.equal(guest.status, 401);
        assert.ok(Math.max(signedIn.ms, guest.ms) <= BOUND_MS);
        assert.equal(store.emulator.calls.count(), 0);
      });
    }
  });
});
