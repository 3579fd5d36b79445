// Storefront sign-in and the current-customer token, over real HTTP with a browser-like cookie jar.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { createEmulator } from '../../../src/emulator/index.js';
import { Browser, serve, T0, type Served } from './support.js';

const VIP = { email: 'vip@example.com', password: 'vip-demo-1' };

describe('emulator storefront sign-in', () => {
  let served: Served;
  before(async () => (served = await serve()));
  after(() => served.close());
  beforeEach(() => served.emulator.reset());

  it('serves the sign-in form BigCommerce themes post', async () => {
    const response = await new Browser(served.url).fetch('/login.php');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    const body = await response.text();
    assert.match(body, /<form method="post" action="\/login\.php\?action=check_login">/);
    assert.match(body, /name="login_email"/);
    assert.match(body, /name="login_pass"/);
  });

  it('signs in with the seeded password: HttpOnly SameSite=Lax session cookie, then /account.php', async () => {
    const browser = new Browser(served.url);
    const response = await browser.signIn(VIP.email, VIP.password);
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), '/account.php');
    const [cookie] = response.headers.getSetCookie();
    assert.match(cookie!, /^SHOP_SESSION_TOKEN=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Lax$/);
    const account = await browser.fetch('/account.php');
    assert.equal(account.status, 200);
    const body = await account.text();
    assert.match(body, /Signed in as <span id="customer-email">vip@example\.com<\/span>/);
    assert.match(body, /Customer group: VIP/);
  });

  it('on https, sets the session cookie Secure; SameSite=None, as a BigCommerce storefront does (frames on other sites get it)', async () => {
    const emulator = createEmulator({ storefrontUrl: 'https://shop.example.test' });
    const form = new URLSearchParams({ login_email: VIP.email, login_pass: VIP.password });
    const signedIn = await emulator.handle(
      new Request('https://shop.example.test/login.php?action=check_login', {
        method: 'POST',
        body: form,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    assert.equal(signedIn.status, 302);
    assert.match(
      signedIn.headers.getSetCookie()[0]!,
      /^SHOP_SESSION_TOKEN=[0-9a-f]{64}; Path=\/; HttpOnly; Secure; SameSite=None$/,
    );
    const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const out = await emulator.handle(
      new Request('https://shop.example.test/login.php?action=logout', { headers: { cookie } }),
    );
    assert.match(
      out.headers.getSetCookie()[0]!,
      /^SHOP_SESSION_TOKEN=; Path=\/; HttpOnly; Secure; SameSite=None; Max-Age=0$/,
    );
  });

  it('refuses a wrong password and says so on the sign-in page', async () => {
    const browser = new Browser(served.url);
    const response = await browser.signIn(VIP.email, 'wrong');
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), '/login.php?error=bad_credentials');
    assert.deepEqual(response.headers.getSetCookie(), []);
    const page = await (await browser.fetch('/login.php?error=bad_credentials')).text();
    assert.match(page, /Your email address or password is incorrect/);
    assert.equal((await browser.fetch('/account.php')).headers.get('location'), '/login.php');
  });

  it('starts a new session id at sign-in and forgets it at sign-out', async () => {
    const browser = new Browser(served.url);
    await browser.signIn(VIP.email, VIP.password);
    const first = browser.cookie('SHOP_SESSION_TOKEN');
    await browser.signIn(VIP.email, VIP.password);
    assert.notEqual(browser.cookie('SHOP_SESSION_TOKEN'), first);
    const out = await browser.fetch('/login.php?action=logout');
    assert.equal(out.status, 302);
    assert.equal(out.headers.get('location'), '/login.php');
    assert.match(out.headers.getSetCookie()[0]!, /^SHOP_SESSION_TOKEN=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0$/);
    assert.equal(browser.cookie('SHOP_SESSION_TOKEN'), undefined);
    assert.equal((await browser.fetch('/account.php')).status, 302);
  });

  it('escapes a customer email that looks like markup', async () => {
    const browser = new Browser(served.url);
    await browser.signIn('"<img src=x onerror=alert(1)>"@example.com', 'tricky-demo-1');
    const body = await (await browser.fetch('/account.php')).text();
    assert.ok(!body.includes('<img'));
    assert.match(body, /&quot;&lt;img src=x onerror=alert\(1\)&gt;&quot;@example\.com/);
  });
});

describe('emulator /customer/current.jwt', () => {
  let served: Served;
  before(async () => (served = await serve()));
  after(() => served.close());
  beforeEach(() => served.emulator.reset());

  const path = () => `/customer/current.jwt?app_client_id=${served.emulator.app.clientId}`;

  it('answers a signed-in customer with an HS512 token carrying exactly the documented claims', async () => {
    const browser = new Browser(served.url);
    await browser.signIn(VIP.email, VIP.password);
    const response = await browser.fetch(path());
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(response.headers.get('content-type'), 'text/plain; charset=utf-8');
    const token = await response.text();
    assert.deepEqual(decodeProtectedHeader(token), { typ: 'JWT', alg: 'HS512' });
    const { app } = served.emulator;
    const { payload } = await jwtVerify(token, new TextEncoder().encode(app.clientSecret), {
      algorithms: ['HS512'],
      currentDate: new Date(T0),
    });
    const iat = T0 / 1000;
    assert.deepEqual(payload, {
      customer: { id: 2, email: 'vip@example.com', group_id: '2' },
      iss: 'bc/apps',
      sub: app.storeHash,
      iat,
      exp: iat + 900,
      version: 1,
      aud: app.clientId,
      application_id: app.clientId,
      store_hash: app.storeHash,
      operation: 'current_customer',
    });
  });

  it('answers {"token"} to Accept: application/json, and signs HS256 when asked', async () => {
    const hs256 = await serve({ tokenAlgorithm: 'HS256' });
    try {
      const browser = new Browser(hs256.url);
      await browser.signIn('plain@example.com', 'plain-demo-1');
      const response = await browser.fetch(`/customer/current.jwt?app_client_id=${hs256.emulator.app.clientId}`, {
        headers: { accept: 'application/json' },
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'application/json');
      const { token } = (await response.json()) as { token: string };
      assert.deepEqual(decodeProtectedHeader(token), { typ: 'JWT', alg: 'HS256' });
      const { payload } = await jwtVerify(token, new TextEncoder().encode(hs256.emulator.app.clientSecret), {
        currentDate: new Date(T0),
      });
      assert.deepEqual(payload.customer, { id: 3, email: 'plain@example.com', group_id: '0' });
    } finally {
      await hs256.close();
    }
  });

  it('answers a guest 404 with a JSON errors body', async () => {
    const response = await new Browser(served.url).fetch(path());
    assert.equal(response.status, 404);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    assert.deepEqual(await response.json(), {
      status: 404,
      title: 'No customer is signed in',
      type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
      errors: { customer: 'No customer is signed in' },
    });
  });

  it('refuses an unknown or missing app_client_id with 400', async () => {
    const browser = new Browser(served.url);
    await browser.signIn(VIP.email, VIP.password);
    const unknown = await browser.fetch('/customer/current.jwt?app_client_id=someoneelse');
    assert.equal(unknown.status, 400);
    assert.equal(
      ((await unknown.json()) as { title: string }).title,
      'No app with this app_client_id is installed on the store',
    );
    const missing = await browser.fetch('/customer/current.jwt');
    assert.equal(missing.status, 400);
    assert.equal(((await missing.json()) as { title: string }).title, 'The app_client_id query parameter is required');
  });

  it('counts calls as current_jwt', async () => {
    await new Browser(served.url).fetch(path());
    await new Browser(served.url).fetch(path());
    assert.equal(served.emulator.calls.count('current_jwt'), 2);
    assert.equal(served.emulator.calls.count(), 2);
  });
});
