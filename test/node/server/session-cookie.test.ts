// The backend's session cookie (issue #17): sealed as a JWE, opened only with a configured key, expiring inside,
// rotated keys accepted, the customer access token never readable in the value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base64url, decodeProtectedHeader } from 'jose';
import { createSessionCookieCodec } from '../../../src/server/session-cookie.js';
import { newSecret } from './helpers.js';

const CUSTOMER = { id: 42, email: 'jo@example.com', groupId: 6 };
const HOUR = 3_600_000;

function codec(secrets: string[], now = () => Date.now(), maxAgeSeconds = 86_400) {
  return createSessionCookieCodec({ secrets, maxAgeSeconds, now });
}

function session(tokenExpiresAt = Date.now() + 24 * HOUR, value = `cat-${newSecret(32)}`) {
  return { customer: CUSTOMER, customerAccessToken: { value, expiresAt: tokenExpiresAt } };
}

describe('session cookie codec', () => {
  it('opens what it sealed: the customer, the token and the expiry', async () => {
    const c = codec([newSecret()]);
    const s = session();
    const sealed = await c.seal(s);
    const opened = await c.open(sealed.value);
    assert.deepEqual(opened, { ...s, expiresAt: sealed.expiresAt });
    // Cookie-safe: the compact JWE alphabet only (base64url and dots), nothing to quote or escape.
    assert.match(sealed.value, /^[A-Za-z0-9_.-]+$/);
    assert.deepEqual(
      { alg: decodeProtectedHeader(sealed.value).alg, enc: decodeProtectedHeader(sealed.value).enc },
      { alg: 'dir', enc: 'A256GCM' },
    );
    // A customer in no group round-trips as null.
    const none = await c.seal({ ...s, customer: { ...CUSTOMER, groupId: null } });
    assert.equal((await c.open(none.value))?.customer.groupId, null);
  });

  it('never shows the customer access token, the email or the customer id in the value', async () => {
    const c = codec([newSecret()]);
    const token = `cat-${newSecret(32)}`;
    const { value } = await c.seal(session(Date.now() + HOUR, token));
    const decodedParts = value.split('.').map((part) => {
      try {
        return Buffer.from(base64url.decode(part)).toString('latin1');
      } catch {
        return '';
      }
    });
    for (const text of [value, ...decodedParts]) {
      assert.ok(!text.includes(token), 'token readable');
      assert.ok(!text.includes(CUSTOMER.email), 'email readable');
      assert.ok(!text.includes('"sub"'), 'claims readable');
    }
  });

  it('refuses a value with any byte changed, truncated, or not a JWE at all', async () => {
    const c = codec([newSecret()]);
    const { value } = await c.seal(session());
    const parts = value.split('.');
    assert.equal(parts.length, 5);
    for (let i = 0; i < parts.length; i++) {
      if (parts[i] === '') continue; // `dir` has an empty encrypted-key part
      const part = parts[i]!;
      const flipped = (part[0] === 'A' ? 'B' : 'A') + part.slice(1);
      const tampered = parts.map((p, j) => (j === i ? flipped : p)).join('.');
      assert.equal(await c.open(tampered), undefined, `part ${i} tampered`);
    }
    // Dropping the authentication tag, or the payload, or sending junk.
    assert.equal(await c.open(parts.slice(0, 4).join('.') + '.'), undefined);
    for (const junk of ['', 'x', 'a.b.c', 'a.b.c.d.e', 'x'.repeat(5000)]) assert.equal(await c.open(junk), undefined);
    assert.equal(await c.open(undefined as unknown as string), undefined);
  });

  it('refuses a session past its lifetime, and one whose customer access token has expired', async () => {
    let t = Date.now();
    const c = codec([newSecret()], () => t, 3_600);
    const long = await c.seal(session(t + 24 * HOUR));
    // The lifetime caps the expiry even when the token lives longer.
    assert.equal(long.expiresAt, Math.floor(t / 1000) + 3_600);
    t += HOUR - 1_000;
    assert.ok(await c.open(long.value));
    t += 2_000;
    assert.equal(await c.open(long.value), undefined);

    t = Date.now();
    const short = await c.seal(session(t + 10 * 60_000));
    assert.equal(short.expiresAt, Math.floor((t + 10 * 60_000) / 1000));
    t += 10 * 60_000 + 1;
    assert.equal(await c.open(short.value), undefined);
  });

  it('refuses a value sealed with another key', async () => {
    const sealed = await codec([newSecret()]).seal(session());
    assert.equal(await codec([newSecret()]).open(sealed.value), undefined);
  });

  it('rotates keys: the first seals, every one opens, a dropped one opens nothing', async () => {
    const [oldSecret, newSecret_] = [newSecret(), newSecret()];
    const before = await codec([oldSecret]).seal(session());
    const rotated = codec([newSecret_, oldSecret]);
    assert.ok(await rotated.open(before.value), 'a cookie sealed with the previous key still opens');
    const after = await rotated.seal(session());
    assert.notEqual(decodeProtectedHeader(after.value).kid, decodeProtectedHeader(before.value).kid);
    assert.ok(await codec([newSecret_]).open(after.value), 'sealed with the first key');
    assert.equal(await codec([oldSecret]).open(after.value), undefined);
    assert.equal(await codec([newSecret_]).open(before.value), undefined, 'the old key was dropped');
  });

  it('refuses a missing or short secret at construction with a TypeError that never repeats it', () => {
    const short = 'short-secret-of-31-bytes-xxxxxx';
    assert.equal(new TextEncoder().encode(short).byteLength, 31);
    for (const secrets of [[], [short], [newSecret(), short], [42], undefined]) {
      assert.throws(
        () => codec(secrets as string[]),
        (e: Error) => e instanceof TypeError && !e.message.includes(short),
      );
    }
    assert.doesNotThrow(() => codec(['x'.repeat(32)]));
  });
});
