// The bridge protocol's one definition (src/bridge/protocol.ts): what counts as an ask, an answer and an exact origin.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BRIDGE_NONCE_PATTERN, exactOrigin, parseBridgeAnswer, parseBridgeAsk } from '../../../src/bridge/protocol.js';

const NONCE = 'AbCdEfGhIjKlMnOpQrStUv'; // 22 characters
const TOKEN = 'eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

describe('bridge protocol', () => {
  it('parseBridgeAsk keeps only the protocol fields of a well-formed ask', () => {
    const ask = { type: 'bc-bridge-ask', version: 1, nonce: NONCE, extra: 'dropped' };
    assert.deepEqual(parseBridgeAsk(ask), { type: 'bc-bridge-ask', version: 1, nonce: NONCE });
    assert.deepEqual(
      parseBridgeAsk(JSON.parse(`{"type":"bc-bridge-ask","version":1,"nonce":"${NONCE}","__proto__":{"x":1}}`)),
      {
        type: 'bc-bridge-ask',
        version: 1,
        nonce: NONCE,
      },
    );
  });

  it('parseBridgeAsk refuses anything else', () => {
    const bad: unknown[] = [
      null,
      undefined,
      'bc-bridge-ask',
      [],
      { type: 'bc-bridge-answer', version: 1, nonce: NONCE },
      { type: 'bc-bridge-ask', version: '1', nonce: NONCE },
      { type: 'bc-bridge-ask', version: 2, nonce: NONCE },
      { type: 'bc-bridge-ask', version: 1 },
      { type: 'bc-bridge-ask', version: 1, nonce: NONCE.slice(1) }, // 21 characters
      { type: 'bc-bridge-ask', version: 1, nonce: 'a'.repeat(65) },
      { type: 'bc-bridge-ask', version: 1, nonce: `${NONCE}/+=` },
      { type: 'bc-bridge-ask', version: 1, nonce: `${NONCE}\n` },
    ];
    for (const value of bad) assert.equal(parseBridgeAsk(value), undefined, JSON.stringify(value));
  });

  it('parseBridgeAnswer accepts the three statuses with their fields, and nothing more', () => {
    const base = { type: 'bc-bridge-answer', version: 1, nonce: NONCE };
    assert.deepEqual(parseBridgeAnswer({ ...base, status: 'signed-in', token: TOKEN, storageAccess: true }), {
      ...base,
      status: 'signed-in',
      token: TOKEN,
    });
    assert.deepEqual(parseBridgeAnswer({ ...base, status: 'guest', storageAccess: false, token: TOKEN }), {
      ...base,
      status: 'guest',
      storageAccess: false,
    });
    assert.deepEqual(parseBridgeAnswer({ ...base, status: 'unavailable' }), { ...base, status: 'unavailable' });
    const bad: unknown[] = [
      { ...base, status: 'signed-in' },
      { ...base, status: 'signed-in', token: '' },
      { ...base, status: 'signed-in', token: 'not a token' },
      { ...base, status: 'signed-in', token: `${TOKEN}.extra` },
      { ...base, status: 'signed-in', token: `a.b.${'c'.repeat(9000)}` },
      { ...base, status: 'guest' },
      { ...base, status: 'guest', storageAccess: 'false' },
      { ...base, status: 'error' },
      { ...base, type: 'bc-bridge-ask', status: 'unavailable' },
      { ...base, nonce: 'short', status: 'unavailable' },
      { ...base, version: 2, status: 'unavailable' },
    ];
    for (const value of bad) assert.equal(parseBridgeAnswer(value), undefined, JSON.stringify(value).slice(0, 120));
  });

  it('a nonce is 22–64 URL-safe base64 characters, whatever else is sent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (nonce) => {
        const valid = parseBridgeAsk({ type: 'bc-bridge-ask', version: 1, nonce }) !== undefined;
        assert.equal(valid, /^[A-Za-z0-9_-]{22,64}$/.test(nonce));
      }),
    );
    assert.equal(BRIDGE_NONCE_PATTERN.source, '^[A-Za-z0-9_-]{22,64}$');
  });

  it('exactOrigin takes only what a browser writes as event.origin', () => {
    for (const origin of [
      'https://www.example.com',
      'http://localhost:3000',
      'http://shop.example.test:4000',
      'https://xn--bcher-kva.example',
    ])
      assert.equal(exactOrigin(origin), origin);
    for (const origin of [
      'https://www.example.com/',
      'https://WWW.example.com',
      'https://www.example.com:443',
      'https://www.example.com/path',
      'https://user@www.example.com',
      'https://www.example.com?x',
      ' https://www.example.com',
      'www.example.com',
      '*',
      'null',
      '',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,x',
      'https://*.example.com',
      'https://a.com"];alert(1);//',
      'https://a.com</script><script>alert(1)</script>',
      42,
      null,
    ])
      assert.equal(exactOrigin(origin), undefined, String(origin));
  });
});
