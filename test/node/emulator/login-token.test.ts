// The Customer Login API (/login/token/{jwt}): every check of BigCommerce's, single use, the 30 s window, the clock.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { Browser, T0, type Served, servedForEachTest } from './support.js';

const INVALID = '/login.php?error=invalid_login';
let served: Served;
let jtis = 0;

/** A customer-login token as a backend signs it; `claims` override or (undefined) remove defaults. */
function mint(claims: Record<string, unknown> = {}, { alg = 'HS256', secret }: { alg?: string; secret?: string } = {}) {
  const { app } = served.emulator;
  const payload: Record<string, unknown> = {
    iss: app.clientId,
    iat: Math.floor(served.emulator.clock.now() / 1000),
    jti: `jti-${++jtis}`,
    operation: 'customer_login',
    store_hash: app.storeHash,
    customer_id: 2,
    ...claims,
  };
  for (const key of Object.keys(payload)) if (payload[key] === undefined) delete payload[key];
  return new SignJWT(payload)
    .setProtectedHeader({ alg, typ: 'JWT' })
    .sign(new TextEncoder().encode(secret ?? app.clientSecret));
}

async function visit(token: string, headers: Record<string, string> = {}) {
  const browser = new Browser(served.url);
  const response = await browser.fetch(`/login/token/${token}`, { headers });
  return { browser, response, location: response.headers.get('location') };
}

describe('emulator /login/token/{jwt}', () => {
  served = servedForEachTest();

  it('signs the customer in and redirects to /account.php by default', async () => {
    const { browser, response, location } = await visit(await mint());
    assert.equal(response.status, 302);
    assert.equal(location, '/account.php');
    assert.match(
      response.headers.getSetCookie()[0]!,
      /^SHOP_SESSION_TOKEN=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    const body = await (await browser.fetch('/account.php')).text();
    assert.match(body, /Signed in as <span id="customer-email">vip@example\.com<\/span>/);
  });

  it('redirects to a relative redirect_to, query kept, and checks channel_id and request_ip when present', async () => {
    const { location } = await visit(
      await mint({ redirect_to: '/checkout?step=1', channel_id: 1, request_ip: '203.0.113.9' }),
      { 'x-forwarded-for': '203.0.113.9, 10.0.0.1' },
    );
    assert.equal(location, '/checkout?step=1');
  });

  it('can be used once only', async () => {
    const token = await mint();
    assert.equal((await visit(token)).location, '/account.php');
    const again = await visit(token);
    assert.equal(again.location, INVALID);
    assert.deepEqual(again.response.headers.getSetCookie(), []);
  });

  it('accepts iat up to 30 s old on the store clock, and refuses 31 s old or 1 s in the future', async () => {
    const iat = T0 / 1000;
    served.emulator.clock.set(T0 + 30_000);
    assert.equal((await visit(await mint({ iat }))).location, '/account.php');
    served.emulator.clock.set(T0 + 31_000);
    assert.equal((await visit(await mint({ iat }))).location, INVALID);
    served.emulator.clock.set(T0 - 1_000);
    assert.equal((await visit(await mint({ iat }))).location, INVALID);
  });

  const refusals: [string, () => Promise<string>][] = [
    ['an HS512 header', () => mint({}, { alg: 'HS512' })],
    ['another secret', () => mint({}, { secret: 'another-secret-another-secret-another-secret' })],
    ['the wrong iss', () => mint({ iss: 'bc/apps' })],
    ['the current_customer operation', () => mint({ operation: 'current_customer' })],
    ['another store_hash', () => mint({ store_hash: 'other' })],
    ['no iat', () => mint({ iat: undefined })],
    ['iat as a string', () => mint({ iat: String(T0 / 1000) })],
    ['no jti', () => mint({ jti: undefined })],
    ['an unknown customer', () => mint({ customer_id: 999 })],
    ['customer_id as a string', () => mint({ customer_id: '2' })],
    ['another channel', () => mint({ channel_id: 2 })],
    ['another request_ip', () => mint({ request_ip: '198.51.100.1' })],
    ['an absolute redirect_to', () => mint({ redirect_to: 'https://evil.example/' })],
    ['a protocol-relative redirect_to', () => mint({ redirect_to: '//evil.example/' })],
    ['a backslash redirect_to', () => mint({ redirect_to: '/\\evil.example/' })],
    ['an expired exp', () => mint({ exp: T0 / 1000 - 1 })],
    ['an unsigned token', async () => `${(await mint()).split('.').slice(0, 2).join('.')}.`],
  ];
  for (const [name, make] of refusals) {
    it(`refuses ${name} with a redirect to "Invalid login"`, async () => {
      const { response, location } = await visit(await make());
      assert.equal(response.status, 302);
      assert.equal(location, INVALID);
      assert.deepEqual(response.headers.getSetCookie(), []);
    });
  }

  it('shows "Invalid login" on the sign-in page it redirects to', async () => {
    const { browser } = await visit('not-a-token');
    const body = await (await browser.fetch(INVALID)).text();
    assert.match(body, /<p class="alert" role="alert">Invalid login<\/p>/);
  });
});
