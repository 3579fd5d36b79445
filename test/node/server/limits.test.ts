// SECURITY class I: limits that keep shoppers served. Without a client address the backend cannot tell clients
// apart, so it must not put them all in one small bucket that a single flooder empties for everyone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { post, testHandler } from './helpers.js';

const pricesBody = { currency: 'USD', items: [{ productId: 1 }] };

describe('limits without clientIp', () => {
  it('one flooding client does not make another get 429, and the start-up warning is logged once', async () => {
    const { handler, logger } = testHandler({ rateLimit: { requests: 5, windowMs: 60_000 } });
    // The flood: 60 asks, twelve times the per-client limit, from the same Origin as every real shopper's page.
    for (let i = 0; i < 60; i++) await (await handler(post('/prices', pricesBody))).body?.cancel();
    const shopper = await handler(post('/prices', pricesBody));
    assert.equal(shopper.status, 200);
    const warnings = logger.lines.filter((line) => line.event === 'client_ip_missing');
    assert.equal(warnings.length, 1);
    assert.equal(warnings[0]!.level, 'warn');
  });

  it('still has a ceiling: all clients without an address share rateLimit.sharedRequests', async () => {
    const { handler } = testHandler({ rateLimit: { requests: 5, windowMs: 60_000, sharedRequests: 20 } });
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) statuses.push((await handler(post('/prices', pricesBody))).status);
    assert.deepEqual(statuses, [...Array<number>(20).fill(200), 429, 429]);
  });

  it('a clientIp that knows no address for a request counts it against the shared ceiling, not one bucket of 5', async () => {
    const { handler, logger } = testHandler({
      rateLimit: { requests: 5, windowMs: 60_000 },
      clientIp: (request) => request.headers.get('x-test-ip') ?? undefined,
    });
    for (let i = 0; i < 30; i++) assert.equal((await handler(post('/prices', pricesBody))).status, 200);
    assert.equal(logger.lines.filter((line) => line.event === 'client_ip_missing').length, 0);
  });

  it('logs nothing about clientIp when no limit needs it', () => {
    const { logger } = testHandler({ rateLimit: false });
    assert.equal(logger.lines.filter((line) => line.event === 'client_ip_missing').length, 0);
  });
});
