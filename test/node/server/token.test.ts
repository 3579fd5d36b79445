// SECURITY class A: token forgery and claims. Every bad token gets the same 401 body, nothing goes upstream, and
// neither the token nor the secret reaches a log line.
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  CLIENT_ID,
  SECRET,
  STORE_HASH,
  UNAUTHORIZED_BODY,
  currentCustomerClaims,
  customerToken,
  newSecret,
  nowSeconds,
  post,
  signToken,
  testHandler,
} from './helpers.js';

const b64 = (value: string | Uint8Array) => Buffer.from(value).toString('base64url');

/** A compact JWS built by hand (header and payload given as raw JSON text), HMAC-signed with `secret`. */
function handmade(
  headerJson: string,
  payloadJson: string | Uint8Array,
  secret: string | null = SECRET,
  hash = 'sha512',
): string {
  const input = `${b64(headerJson)}.${b64(payloadJson)}`;
  const signature = secret === null ? '' : createHmac(hash, secret).update(input).digest('base64url');
  return `${input}.${signature}`;
}

const validPayload = () => JSON.stringify(currentCustomerClaims());

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `segment` with the spare low bits of its last character set: the same bytes in another spelling. */
function respelled(segment: string): string {
  const spare = { 2: 0x0f, 3: 0x03 }[segment.length % 4];
  assert.ok(spare, `a segment of ${segment.length} characters has no spare bits`);
  const last = BASE64URL.indexOf(segment.at(-1)!);
  const other = segment.slice(0, -1) + BASE64URL[last | spare];
  assert.ok(other !== segment && Buffer.from(other, 'base64url').equals(Buffer.from(segment, 'base64url')));
  return other;
}

/**
 * A valid token whose `which` segment is spelled non-canonically, signed over that very text (so only the
 * spelling is wrong). Header and payload are padded with JSON whitespace until their last character has spare bits.
 */
function respelledToken(which: 0 | 1 | 2): string {
  const spaced = (json: string) => (Buffer.byteLength(json) % 3 === 0 ? `${json} ` : json);
  let [header, payload] = [b64(spaced('{"typ":"JWT","alg":"HS512"}')), b64(spaced(validPayload()))];
  if (which === 0) header = respelled(header);
  if (which === 1) payload = respelled(payload);
  let signature = createHmac('sha512', SECRET).update(`${header}.${payload}`).digest('base64url');
  if (which === 2) signature = respelled(signature);
  return `${header}.${payload}.${signature}`;
}

async function expectRejected(handler: (r: Request) => Promise<Response>, token: string, route = '/session') {
  const body = route === '/session' ? {} : { currency: 'USD', items: [{ productId: 1 }] };
  const response = await handler(post(route, body, { authorization: `Bearer ${token}` }));
  assert.equal(response.status, 401, `expected 401 for ${token.slice(0, 60)}`);
  assert.deepEqual(await response.json(), UNAUTHORIZED_BODY);
  assert.equal(response.headers.get('cache-control'), 'no-store');
}

describe('current-customer token verification (class A)', () => {
  it('accepts HS512 (real BigCommerce) and HS256 tokens and answers the verified identity', async () => {
    const { handler } = testHandler();
    for (const alg of ['HS512', 'HS256']) {
      const claims = currentCustomerClaims();
      const response = await handler(
        post('/session', {}, { authorization: `Bearer ${await signToken(claims, { alg })}` }),
      );
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), {
        customer: { id: 42, email: 'jo@example.com', groupId: 6 },
        expiresAt: claims.exp,
      });
    }
  });

  it('reads a missing, empty or "0" group as no group', async () => {
    const { handler } = testHandler();
    for (const customer of [
      { id: 7, email: 'a@example.com' },
      { id: 7, email: 'a@example.com', group_id: '' },
      { id: 7, email: 'a@example.com', group_id: '0' },
    ]) {
      const response = await handler(
        post('/session', {}, { authorization: `Bearer ${await customerToken({ customer })}` }),
      );
      assert.equal(response.status, 200);
      assert.deepEqual(((await response.json()) as { customer: unknown }).customer, {
        id: 7,
        email: 'a@example.com',
        groupId: null,
      });
    }
  });

  it('refuses a missing token on /session with the same body', async () => {
    const { handler } = testHandler();
    const response = await handler(post('/session', {}));
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), UNAUTHORIZED_BODY);
  });

  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cases: [string, () => Promise<string> | string][] = [
    ['alg none', () => `${b64('{"alg":"none","typ":"JWT"}')}.${b64(validPayload())}.`],
    ['alg None', () => `${b64('{"alg":"None"}')}.${b64(validPayload())}.`],
    ['alg NONE with a signature', () => handmade('{"alg":"NONE"}', validPayload())],
    ['empty signature', () => handmade('{"alg":"HS512"}', validPayload(), null)],
    ['null signature', async () => `${(await customerToken()).split('.').slice(0, 2).join('.')}.null`],
    ['truncated signature', async () => (await customerToken()).slice(0, -10)],
    ['another secret', () => signToken(currentCustomerClaims(), { secret: newSecret() })],
    ['an empty secret', () => handmade('{"alg":"HS512","typ":"JWT"}', validPayload(), '')],
    ['the client id as secret', () => handmade('{"alg":"HS256","typ":"JWT"}', validPayload(), CLIENT_ID, 'sha256')],
    ['HS384 (not pinned)', () => signToken(currentCustomerClaims(), { alg: 'HS384' })],
    [
      'RS256 signed with a real RSA key',
      () => {
        const input = `${b64('{"alg":"RS256","typ":"JWT"}')}.${b64(validPayload())}`;
        return `${input}.${nodeSign('sha256', Buffer.from(input), rsa.privateKey).toString('base64url')}`;
      },
    ],
    ['ES256 all-zero signature', () => `${b64('{"alg":"ES256"}')}.${b64(validPayload())}.${b64(new Uint8Array(64))}`],
    [
      'RS256 header, HMAC signature with the secret',
      () => handmade('{"alg":"RS256"}', validPayload(), SECRET, 'sha256'),
    ],
    [
      'tampered group_id with the old signature',
      async () => {
        const [h, , s] = (await customerToken()).split('.');
        return `${h}.${b64(JSON.stringify(currentCustomerClaims({ customer: { id: 42, email: 'jo@example.com', group_id: '1' } })))}.${s}`;
      },
    ],
    [
      'tampered customer.id with the old signature',
      async () => {
        const [h, , s] = (await customerToken()).split('.');
        return `${h}.${b64(JSON.stringify(currentCustomerClaims({ customer: { id: 1, email: 'jo@example.com', group_id: '6' } })))}.${s}`;
      },
    ],
    [
      'jwk header, attacker key',
      () =>
        signToken(currentCustomerClaims(), {
          secret: 'x'.repeat(40),
          header: { jwk: { kty: 'oct', k: b64('x'.repeat(40)) } },
        }),
    ],
    [
      'jku header, right key',
      () => signToken(currentCustomerClaims(), { header: { jku: 'https://evil.example/jwks' } }),
    ],
    [
      'x5u header, right key',
      () => signToken(currentCustomerClaims(), { header: { x5u: 'https://evil.example/cert' } }),
    ],
    [
      'kid header, attacker key',
      () => signToken(currentCustomerClaims(), { secret: newSecret(), header: { kid: '../../dev/null' } }),
    ],
    ['crit header', () => handmade('{"alg":"HS512","crit":["exp"],"exp":1}', validPayload())],
    ['expired beyond tolerance', () => customerToken({ iat: nowSeconds() - 1000, exp: nowSeconds() - 100 })],
    ['no exp', () => customerToken({ exp: undefined })],
    ['no iat', () => customerToken({ iat: undefined })],
    ['exp as a string', () => customerToken({ exp: String(nowSeconds() + 600) })],
    ['iat as a string', () => customerToken({ iat: String(nowSeconds()) })],
    ['exp null', () => customerToken({ exp: null })],
    ['iat null', () => customerToken({ iat: null })],
    ['exp 1e309 (Infinity)', () => handmade('{"alg":"HS512"}', validPayload().replace(/"exp":\d+/, '"exp":1e309'))],
    ['exp far future with old iat', () => customerToken({ iat: nowSeconds() - 3600, exp: nowSeconds() + 10 ** 9 })],
    ['exp far future, fresh iat', () => customerToken({ exp: nowSeconds() + 10 ** 9 })],
    ['fractional exp', () => customerToken({ exp: nowSeconds() + 600.5 })],
    ['iat in the future', () => customerToken({ iat: nowSeconds() + 600, exp: nowSeconds() + 1200 })],
    ['nbf in the future', () => customerToken({ nbf: nowSeconds() + 600 })],
    ['wrong iss', () => customerToken({ iss: 'bc/other' })],
    ['iss = client id (a customer-login token shape)', () => customerToken({ iss: CLIENT_ID })],
    ['wrong aud', () => customerToken({ aud: 'other-client' })],
    ['aud missing', () => customerToken({ aud: undefined })],
    ['wrong sub', () => customerToken({ sub: 'otherstore' })],
    ['wrong store_hash', () => customerToken({ store_hash: 'otherstore' })],
    ['missing store_hash', () => customerToken({ store_hash: undefined })],
    ['wrong operation', () => customerToken({ operation: 'customer_login' })],
    [
      'a customer-login token',
      () =>
        signToken(
          {
            iss: CLIENT_ID,
            iat: nowSeconds(),
            jti: 'x',
            operation: 'customer_login',
            store_hash: STORE_HASH,
            customer_id: 42,
          },
          { alg: 'HS256' },
        ),
    ],
    ['customer missing', () => customerToken({ customer: undefined })],
    ['customer.id a string', () => customerToken({ customer: { id: '42', email: 'a@b.c', group_id: '6' } })],
    ['customer.id 0', () => customerToken({ customer: { id: 0, email: 'a@b.c', group_id: '6' } })],
    ['customer.id 2**53', () => customerToken({ customer: { id: 2 ** 53, email: 'a@b.c', group_id: '6' } })],
    ['customer.email missing', () => customerToken({ customer: { id: 42, group_id: '6' } })],
    [
      'customer.group_id not a number',
      () => customerToken({ customer: { id: 42, email: 'a@b.c', group_id: 'admins' } }),
    ],
    ['two segments', async () => (await customerToken()).split('.').slice(0, 2).join('.')],
    ['four segments', async () => `${await customerToken()}.abc`],
    ['empty string', () => ''],
    ['JSON array payload', () => handmade('{"alg":"HS512"}', '[1,2,3]')],
    ['invalid UTF-8 payload', () => handmade('{"alg":"HS512"}', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))],
    ['payload not JSON', () => handmade('{"alg":"HS512"}', 'not json')],
    ['header not JSON', () => handmade('not json', validPayload())],
    ['padding appended', async () => `${await customerToken()}=`],
    ['a signature spelled non-canonically', () => respelledToken(2)],
    ['a header spelled non-canonically', () => respelledToken(0)],
    ['a payload spelled non-canonically', () => respelledToken(1)],
    ['several megabytes', () => `${'a'.repeat(3 * 1024 * 1024)}.b.c`],
  ];

  for (const [name, make] of cases) {
    it(`refuses ${name} with the generic 401, nothing upstream, nothing leaked`, async () => {
      const { handler, bc, logger } = testHandler();
      const token = await make();
      await expectRejected(handler, token);
      await expectRejected(handler, token, '/prices');
      assert.equal(bc.calls.pricing, 0, 'nothing upstream');
      const logged = logger.text();
      assert.ok(
        logger.lines.some((l) => l.event === 'token_rejected'),
        'the reason is logged',
      );
      if (token.length > 20)
        assert.ok(!logged.includes(token.slice(-20)) || token.endsWith('.'), 'no token in the log');
      assert.ok(!logged.includes(SECRET), 'no secret in the log');
    });
  }

  it('refuses an Authorization header that is not Bearer, or empty', async () => {
    const { handler } = testHandler();
    for (const value of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', `Token ${await customerToken()}`, 'Bearer a b']) {
      const response = await handler(
        post('/prices', { currency: 'USD', items: [{ productId: 1 }] }, { authorization: value }),
      );
      assert.equal(response.status, 401, value);
      assert.deepEqual(await response.json(), UNAUTHORIZED_BODY);
    }
  });

  it('property: any claim changed away from its required value is refused', async () => {
    const { handler, bc } = testHandler();
    const required: Record<string, unknown> = {
      iss: 'bc/apps',
      aud: CLIENT_ID,
      sub: STORE_HASH,
      store_hash: STORE_HASH,
      operation: 'current_customer',
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(required)), fc.jsonValue(), async (claim, value) => {
        fc.pre(JSON.stringify(value) !== JSON.stringify(required[claim]));
        // An audience array that still contains the client id is a legitimate audience.
        fc.pre(!(claim === 'aud' && Array.isArray(value) && value.includes(CLIENT_ID)));
        const token = await signToken(currentCustomerClaims({ [claim]: value }));
        const response = await handler(post('/session', {}, { authorization: `Bearer ${token}` }));
        assert.equal(response.status, 401);
        assert.deepEqual(await response.json(), UNAUTHORIZED_BODY);
      }),
      { numRuns: 150 },
    );
    assert.equal(bc.calls.pricing + bc.calls.time + bc.calls.redirect_urls, 0);
  });

  it('property: exp/iat of any other type or out of bounds are refused', async () => {
    const { handler } = testHandler();
    const now = nowSeconds();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('exp', 'iat'),
        fc.oneof(
          fc.string(),
          fc.constant(null),
          fc.boolean(),
          fc.array(fc.integer()),
          fc.double({ noInteger: true }),
          // 1e309 in the token's JSON reads back as Infinity: an exp that would never expire.
          fc.constantFrom(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN),
          // Ahead of the clock when the token is signed, not of the run's start (a stale `now` + 60 is valid 45 s on).
          fc.integer({ min: 60, max: 10 ** 6 }).map((ahead) => ({ iatAhead: ahead })),
          fc.integer({ min: 0, max: now - 1000 }).map((n) => ({ exp: n })),
        ),
        async (claim, value) => {
          const override =
            typeof value === 'object' && value !== null && !Array.isArray(value)
              ? 'iatAhead' in value
                ? { iat: nowSeconds() + value.iatAhead }
                : value
              : { [claim]: value };
          const token = await signToken(currentCustomerClaims(override));
          const response = await handler(post('/session', {}, { authorization: `Bearer ${token}` }));
          assert.equal(response.status, 401, JSON.stringify(override));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('property: a token with any character changed is refused, even one that decodes to the same bytes', async () => {
    const { handler } = testHandler();
    const token = await customerToken();
    const alphabet = `${BASE64URL}.=+/ `;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), async (at, char) => {
        const mutated = token.slice(0, at) + char + token.slice(at + 1);
        fc.pre(mutated !== token);
        const response = await handler(post('/session', {}, { authorization: `Bearer ${mutated}` }));
        assert.ok(response.status === 401, `status ${response.status} for position ${at}`);
        assert.deepEqual(await response.json(), UNAUTHORIZED_BODY);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every spelling of the signature but the canonical one', async () => {
    const { handler } = testHandler();
    const token = await customerToken();
    const [input, signature] = [token.slice(0, token.lastIndexOf('.')), token.split('.')[2]!];
    const last = BASE64URL.indexOf(signature.at(-1)!);
    // An 86-character HS512 signature: its last character carries 2 data bits and 4 spare ones, 16 spellings.
    for (let spare = 0; spare < 16; spare++) {
      const spelled = `${input}.${signature.slice(0, -1)}${BASE64URL[(last & ~0x0f) | spare]}`;
      const response = await handler(post('/session', {}, { authorization: `Bearer ${spelled}` }));
      assert.equal(response.status, spelled === token ? 200 : 401, `spare bits ${spare}`);
    }
  });

  it('property: arbitrary strings as tokens are refused, never 5xx', async () => {
    const { handler } = testHandler();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.base64String({ maxLength: 300 }),
          fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map((p) => p.join('.')),
          fc.tuple(fc.json(), fc.json()).map(([h, p]) => `${b64(h)}.${b64(p)}.${b64('sig')}`),
        ),
        async (token) => {
          fc.pre(/^[\x21-\x7e]+$/.test(token));
          const response = await handler(post('/session', {}, { authorization: `Bearer ${token}` }));
          assert.equal(response.status, 401);
          assert.deepEqual(await response.json(), UNAUTHORIZED_BODY);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: valid claims signed with any other secret are refused', async () => {
    const { handler } = testHandler();
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 96 }),
        fc.constantFrom('HS256', 'HS512'),
        async (secret, alg) => {
          fc.pre(Buffer.from(secret).toString() !== SECRET);
          const token = await signToken(currentCustomerClaims(), { alg, secret });
          const response = await handler(post('/session', {}, { authorization: `Bearer ${token}` }));
          assert.equal(response.status, 401);
        },
      ),
      { numRuns: 100 },
    );
  });
});
