// The backend's customer access tokens (graphqlAuth: 'customer-access-token', the default of the GraphQL routes)
// against the emulator over HTTP, every call to BigCommerce recorded through the injected fetch: one login per
// customer while the token lives, a new one shortly before its expiresAt, never one customer's token for another,
// a token the storefront refuses (logged out elsewhere) replaced once, the private token given or created with
// exactly the scopes it needs, and no token ever in a response or a log line.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createBackendFor } from '../../../src/local-site/local-store.js';
import { CUSTOMER_ACCESS_TOKEN_LIFETIME_S } from '../../../src/emulator/customer-access-tokens.js';
import { createEmulator, type Emulator } from '../../../src/emulator/index.js';
import { CUSTOMER_ACCESS_TOKEN_RENEW_S } from '../../../src/server/customer-access-token.js';
import { PRIVATE_TOKEN_SCOPES } from '../../../src/server/bearer-token.js';
import type { FetchHandler, HandlerOptions } from '../../../src/server/index.js';
import { listen, type Listening } from '../../../src/server/node.js';
import { currentCustomerToken } from '../../support/emulator-token.js';
import { emulatorCart } from '../../support/emulator-cart.js';
import { recordingLogger, send } from './helpers.js';

interface Sent {
  path: string;
  body: string;
  headers: Headers;
}

describe('customer access tokens (graphqlAuth: customer-access-token)', () => {
  let emulator: Emulator;
  let shop: Listening;
  let sent: Sent[];
  let logger: ReturnType<typeof recordingLogger>;
  const recordingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    sent.push({ path: new URL(request.url).pathname, body: await request.clone().text(), headers: request.headers });
    return fetch(request);
  };
  const backend = (options: Partial<HandlerOptions> = {}): FetchHandler =>
    createBackendFor(emulator, shop.url, {
      rateLimit: false,
      priceCacheTtlMs: 0,
      now: () => emulator.clock.now(),
      logger,
      fetch: recordingFetch,
      pricing: 'graphql',
      checkout: 'graphql',
      ...options,
    });
  const tokenOf = (email: string) => currentCustomerToken(shop.url, emulator.app.clientId, email);
  const logins = () => sent.filter((s) => s.body.includes('loginWithCustomerLoginJwt'));
  /** The customer access token each GraphQL price call carried. */
  const catsSent = () =>
    sent
      .filter((s) => s.path === '/graphql' && s.body.includes('BcCustomerElementsPrices'))
      .map((s) => s.headers.get('x-bc-customer-access-token'));

  const post = (handler: FetchHandler, route: string, body: unknown, token?: string) =>
    send(handler, route, body, { token, origin: shop.url });
  const knife = { currency: 'USD', items: [{ productId: 83 }] };

  before(async () => {
    emulator = createEmulator();
    shop = await listen(emulator.handle);
  });
  after(() => shop.close());
  beforeEach(() => {
    emulator.reset();
    emulator.clock.set(Date.now());
    sent = [];
    logger = recordingLogger();
  });

  it('logs a customer in once and reuses the token for their later calls; a guest needs none', async () => {
    const handler = backend();
    const vip = await tokenOf('vip@example.com');
    const answers = await Promise.all(Array.from({ length: 4 }, () => post(handler, '/prices', knife, vip)));
    assert.deepEqual(
      answers.map((a) => [a.status, JSON.parse(a.text).items[0].calculatedPrice.taxExclusive]),
      Array(4).fill([200, 75]),
    );
    await post(handler, '/prices', knife, vip);
    assert.equal(logins().length, 1, 'one login, single flight');
    assert.equal(new Set(catsSent()).size, 1);
    await post(handler, '/prices', knife);
    assert.equal(logins().length, 1);
    assert.equal(catsSent().at(-1), null, 'a guest is asked for without a customer access token');
    // The login: loginWithCustomerLoginJwt with the private token, server-to-server (no Origin), strict CAT errors.
    const login = logins()[0]!;
    assert.equal(login.headers.get('origin'), null);
    assert.equal(
      sent
        .filter((s) => s.body.includes('BcCustomerElementsPrices'))
        .every((s) => s.headers.get('x-bc-customer-id') === null),
      true,
    );
    assert.ok(
      sent
        .filter((s) => s.headers.has('x-bc-customer-access-token'))
        .every((s) => s.headers.get('x-bc-error-on-invalid-customer-access-token') === 'true'),
    );
  });

  it('never shares a token between customers: each gets their own login, token and prices', async () => {
    const handler = backend();
    const vip = await post(handler, '/prices', knife, await tokenOf('vip@example.com'));
    const wholesale = await post(handler, '/prices', knife, await tokenOf('wholesale@example.com'));
    await post(handler, '/prices', knife, await tokenOf('buyer@example.com'));
    assert.equal(logins().length, 3);
    const [a, b, c] = catsSent();
    assert.ok(a && b && c && a !== b && b !== c && a !== c, 'three different tokens');
    assert.equal(JSON.parse(vip.text).items[0].calculatedPrice.taxExclusive, 75);
    assert.notEqual(JSON.parse(wholesale.text).items[0].calculatedPrice.taxExclusive, 75);
    // The JWT each login spent names that customer and no other.
    const customerIds = logins().map(
      (l) => JSON.parse(atob((JSON.parse(l.body).variables.jwt as string).split('.')[1]!)).customer_id,
    );
    assert.deepEqual(customerIds, [2, 1, 4]);
  });

  it('logs in again shortly before the token expires, not before', async () => {
    const handler = backend();
    await post(handler, '/prices', knife, await tokenOf('vip@example.com'));
    emulator.clock.advance((CUSTOMER_ACCESS_TOKEN_LIFETIME_S - CUSTOMER_ACCESS_TOKEN_RENEW_S - 60) * 1000);
    await post(handler, '/prices', knife, await tokenOf('vip@example.com'));
    assert.equal(logins().length, 1);
    emulator.clock.advance(61_000);
    const late = await post(handler, '/prices', knife, await tokenOf('vip@example.com'));
    assert.equal(late.status, 200);
    assert.equal(logins().length, 2);
    assert.notEqual(catsSent()[0], catsSent()[2]);
  });

  it('replaces a token the storefront refuses (logged out elsewhere) once, and answers as if nothing happened', async () => {
    const handler = backend();
    await post(handler, '/prices', knife, await tokenOf('vip@example.com'));
    const [cat] = catsSent();
    // The customer logs out on another device: the token dies everywhere.
    const privateToken = logins()[0]!.headers.get('authorization')!;
    const logout = await fetch(`${shop.url}/graphql`, {
      method: 'POST',
      headers: { authorization: privateToken, 'content-type': 'application/json', 'x-bc-customer-access-token': cat! },
      body: JSON.stringify({ query: 'mutation { logout { result } }' }),
    });
    assert.deepEqual(await logout.json(), { data: { logout: { result: 'success' } } });
    const again = await post(handler, '/prices', knife, await tokenOf('vip@example.com'));
    assert.equal(again.status, 200);
    assert.equal(
      JSON.parse(again.text).items[0].calculatedPrice.taxExclusive,
      75,
      'still the customer\u2019s view, never a guest\u2019s',
    );
    assert.equal(logins().length, 2);
    assert.equal(catsSent().length, 3, 'refused once, then answered with the new token');
    assert.ok(logger.lines.some((l) => l.event === 'upstream_retry' && l.fields.status === 401));
  });

  it('creates one private token with exactly the scopes it needs, or uses the one configured', async () => {
    await post(backend(), '/prices', knife, await tokenOf('vip@example.com'));
    const created = sent.filter((s) => s.path.endsWith('/v3/storefront/api-token-private'));
    assert.equal(created.length, 1);
    assert.deepEqual(JSON.parse(created[0]!.body).scopes, [...PRIVATE_TOKEN_SCOPES]);
    assert.deepEqual([...PRIVATE_TOKEN_SCOPES], ['Unauthenticated', 'Customer']);
    assert.equal(emulator.calls.count('impersonation'), 0);

    const response = await fetch(`${shop.url}/stores/${emulator.app.storeHash}/v3/storefront/api-token-private`, {
      method: 'POST',
      headers: { 'x-auth-token': emulator.app.accessToken, 'content-type': 'application/json' },
      body: JSON.stringify({
        channel_id: 1,
        expires_at: Math.floor(emulator.clock.now() / 1000) + 3600,
        scopes: ['Unauthenticated', 'Customer'],
      }),
    });
    const { token } = ((await response.json()) as { data: { token: string } }).data;
    sent = [];
    const answer = await post(backend({ privateToken: token }), '/prices', knife, await tokenOf('vip@example.com'));
    assert.equal(answer.status, 200);
    assert.equal(sent.filter((s) => s.path.includes('/storefront/api-token')).length, 0, 'no token created');
    assert.ok(
      sent.filter((s) => s.path === '/graphql').every((s) => s.headers.get('authorization') === `Bearer ${token}`),
    );
    assert.ok(!logger.text().includes(token), 'the private token is never logged');
  });

  it('a private token without the Customer scope cannot log customers in: 502 and a loud log, never a guest price', async () => {
    const response = await fetch(`${shop.url}/stores/${emulator.app.storeHash}/v3/storefront/api-token-private`, {
      method: 'POST',
      headers: { 'x-auth-token': emulator.app.accessToken, 'content-type': 'application/json' },
      body: JSON.stringify({
        channel_id: 1,
        expires_at: Math.floor(emulator.clock.now() / 1000) + 3600,
        scopes: ['Unauthenticated'],
      }),
    });
    const { token } = ((await response.json()) as { data: { token: string } }).data;
    const handler = backend({ privateToken: token });
    const answer = await post(handler, '/prices', knife, await tokenOf('vip@example.com'));
    assert.equal(answer.status, 502);
    assert.deepEqual(JSON.parse(answer.text), {
      error: { code: 'ERR_BC_UPSTREAM', message: JSON.parse(answer.text).error.message },
    });
    assert.equal((await post(handler, '/prices', knife)).status, 200, 'guests need no login');
  });

  it('never puts a customer access token in a response, a header or a log line', async () => {
    const handler = backend();
    const vip = await tokenOf('vip@example.com');
    const answers = [
      await post(handler, '/prices', knife, vip),
      await post(handler, '/checkout', { cartId: await emulatorCart(shop.url, emulator.app) }, vip),
      await post(handler, '/session', {}, vip),
    ];
    const cats = sent.map((s) => s.headers.get('x-bc-customer-access-token')).filter((v): v is string => v !== null);
    assert.ok(cats.length >= 1);
    for (const cat of new Set(cats)) {
      for (const answer of answers) {
        assert.ok(!answer.text.includes(cat) && !answer.headers.includes(cat), 'not in the response');
        assert.ok(!answer.text.includes(cat.split('_')[0]!), 'not even its random part');
      }
      assert.ok(!logger.text().includes(cat.split('_')[0]!), 'not in the logs');
    }
    assert.equal(JSON.parse(answers[1]!.text).signedIn, true);
  });

  it('asks createCartRedirectUrls with the private token alone: no login, no customer access token, the plain checkout URL', async () => {
    const handler = backend();
    const vip = await tokenOf('vip@example.com');
    await post(handler, '/prices', knife, vip);
    const privateToken = logins()[0]!.headers.get('authorization');
    sent = [];
    const answer = await post(handler, '/checkout', { cartId: await emulatorCart(shop.url, emulator.app) }, vip);
    assert.equal(answer.status, 200);
    const { url, signedIn } = JSON.parse(answer.text);
    assert.equal(signedIn, true);
    assert.match(
      url,
      new RegExp(`^${shop.url}/cart\\.php\\?action=loadInCheckout&id=[0-9a-f-]{36}&token=[0-9a-f]{64}$`),
    );
    const asked = sent.filter((s) => s.path === '/graphql');
    assert.equal(asked.length, 1);
    assert.match(asked[0]!.body, /createCartRedirectUrls/);
    assert.equal(
      asked[0]!.headers.get('x-bc-customer-access-token'),
      null,
      'the shopper\u2019s customer access token is not sent',
    );
    assert.equal(asked[0]!.headers.get('x-bc-customer-id'), null);
    assert.equal(asked[0]!.headers.get('authorization'), privateToken, 'the private token');
    assert.equal(logins().length, 0, 'nobody logged in for a checkout');
  });

  it('a forged current-customer token logs nobody in', async () => {
    const vip = await tokenOf('vip@example.com');
    const forged = vip.slice(0, -3) + (vip.endsWith('AAA') ? 'BBB' : 'AAA');
    const answer = await post(backend(), '/prices', knife, forged);
    assert.equal(answer.status, 401);
    assert.equal(logins().length, 0);
    assert.equal(sent.length, 0);
  });
});
