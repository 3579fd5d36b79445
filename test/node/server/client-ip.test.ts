// SECURITY class I: the client address behind proxies. The left of X-Forwarded-For is written by the client, so a
// limit keyed on it is escaped by rotating it; forwardedClientIp counts trusted hops from the right instead.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forwardedClientIp } from '../../../src/server/index.js';
import { post, testHandler } from './helpers.js';

const pricesBody = { currency: 'USD', items: [{ productId: 1 }] };
const withXff = (value?: string) =>
  new Request(
    'https://backend.example.com/prices',
    value === undefined ? {} : { headers: { 'x-forwarded-for': value } },
  );

describe('forwardedClientIp', () => {
  it('takes the entry trustedHops from the right, whatever the client put on the left', () => {
    const oneHop = forwardedClientIp({ trustedHops: 1 });
    const twoHops = forwardedClientIp({ trustedHops: 2 });
    assert.equal(oneHop(withXff('203.0.113.9')), '203.0.113.9');
    assert.equal(oneHop(withXff('1.2.3.4, 5.6.7.8,203.0.113.9')), '203.0.113.9');
    assert.equal(twoHops(withXff('1.2.3.4, 203.0.113.9, 10.0.0.2')), '203.0.113.9');
    assert.equal(oneHop(withXff('2001:db8::1')), '2001:db8::1');
  });

  it('gives undefined when the request did not pass through every trusted proxy', () => {
    assert.equal(forwardedClientIp({ trustedHops: 1 })(withXff()), undefined);
    assert.equal(forwardedClientIp({ trustedHops: 2 })(withXff('203.0.113.9')), undefined);
    assert.equal(forwardedClientIp({ trustedHops: 1 })(withXff('1.2.3.4, ')), undefined);
  });

  it('reads another header when told, and refuses a bad configuration at start-up', () => {
    const request = new Request('https://backend.example.com/', {
      headers: { 'x-real-forwarded': '9.9.9.9, 203.0.113.9' },
    });
    assert.equal(forwardedClientIp({ trustedHops: 1, header: 'x-real-forwarded' })(request), '203.0.113.9');
    for (const trustedHops of [0, -1, 1.5, Number.NaN])
      assert.throws(() => forwardedClientIp({ trustedHops }), TypeError);
    assert.throws(() => forwardedClientIp({ trustedHops: 1, header: 'bad header' }), TypeError);
  });

  it('rotating left-most values do not escape the per-client limit with trustedHops=1', async () => {
    // A clock that stands still: the bucket does not refill while the loop runs.
    const { handler } = testHandler({
      rateLimit: { requests: 5, windowMs: 60_000 },
      clientIp: forwardedClientIp({ trustedHops: 1 }),
      now: () => 1_000,
    });
    let passed = 0;
    for (let i = 0; i < 40; i++) {
      // The attacker writes a fresh address; the proxy appends the one it really saw.
      const response = await handler(
        post('/prices', pricesBody, { 'x-forwarded-for': `10.${i >> 8}.${i & 255}.1, 198.51.100.7` }),
      );
      if (response.status === 200) passed++;
      else assert.equal(response.status, 429);
    }
    assert.equal(passed, 5);
  });
});
