// BigCommerce's current token model on the emulator, over real HTTP (graphql-storefront.mdx, headless-customers.mdx,
// storefront_tokens.v3.yml): private tokens and their scopes, browser-looking requests, the storefront tokens'
// server-to-server cut-off, CORS, login from a browser versus a server, customer access tokens (the customer's
// view, logout everywhere, expiry), login's guestCartEntityId, and session sync: the single-use session-sync URL of
// createCartRedirectUrls and generateSessionSyncJwt (headless-customers.mdx, "Create a session sync JWT token").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignJWT, decodeJwt } from 'jose';
import {
  CUSTOMER_ACCESS_TOKEN_LIFETIME_S,
  SESSION_SYNC_WINDOW_S,
} from '../../../src/emulator/customer-access-tokens.js';
import {
  CART_NOT_FOUND,
  CUSTOMER_ACCESS_TOKEN_BROWSER,
  INVALID_CREDENTIALS,
  INVALID_LOGIN_JWT,
  REDIRECT_NOT_ON_STOREFRONT,
  REFUSED,
} from '../../../src/emulator/graphql-errors.js';
import { emulatorCart } from '../../support/emulator-cart.js';
import { apiFetch, Browser, T0, servedForEachTest } from './support.js';

type Body = {
  data?: Record<string, any> | null;
  errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
};

const LOGIN_CAT = `mutation Login($email: String!, $pass: String!) {
  login(email: $email, password: $pass) { customer { entityId email } customerAccessToken { value expiresAt } }
}`;
const JWT_LOGIN = `mutation Login($jwt: String!, $cart: String) {
  loginWithCustomerLoginJwt(jwt: $jwt, guestCartEntityId: $cart) { customer { entityId email } customerAccessToken { value expiresAt } }
}`;
const LOGIN_CART = `mutation Login($email: String!, $pass: String!, $cart: String) {
  login(email: $email, password: $pass, guestCartEntityId: $cart) { customer { entityId } }
}`;
const SYNC = `mutation Sync($redirectTo: String!, $cartId: String, $visitorId: UUID, $visitId: UUID, $ip: IpAddress) {
  generateSessionSyncJwt(redirectTo: $redirectTo, cartId: $cartId, visitorId: $visitorId, visitId: $visitId, ipAddress: $ip) {
    result { token url }
    errors { ... on Error { message } }
  }
}`;
const KNIFE_PRICE = '{ site { product(entityId: 83) { prices(currencyCode: USD) { price { value } } } } }';
const WHO = '{ customer { entityId email customerGroupId } }';
const REDIRECT = `mutation ($cart: String) {
  cart { createCartRedirectUrls(input: { cartEntityId: $cart }) { redirectUrls { redirectedCheckoutUrl embeddedCheckoutUrl } } }
}`;

describe('emulator: BigCommerce token model', () => {
  const served = servedForEachTest();
  let jtis = 0;

  async function token(kind: 'private' | 'storefront' | 'impersonation', body: Record<string, unknown> = {}) {
    const path = {
      private: '/v3/storefront/api-token-private',
      storefront: '/v3/storefront/api-token',
      impersonation: '/v3/storefront/api-token-customer-impersonation',
    }[kind];
    const expires = Math.floor(served.emulator.clock.now() / 1000) + 3600;
    const response = await apiFetch(served, path, {
      body: {
        channel_id: 1,
        expires_at: expires,
        ...(kind === 'private' ? { scopes: ['Unauthenticated', 'Customer'] } : {}),
        ...body,
      },
    });
    assert.equal(response.status, 200, JSON.stringify(await response.clone().json()));
    return ((await response.json()) as { data: { token: string } }).data.token;
  }

  async function gql(
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string>,
    browser?: Browser,
  ) {
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    };
    const response = browser ? await browser.fetch('/graphql', init) : await fetch(`${served.url}/graphql`, init);
    return { status: response.status, body: (await response.json()) as Body, response };
  }

  /** A customer-login JWT as a backend mints it. */
  function loginJwt(customerId: number, claims: Record<string, unknown> = {}) {
    const { app } = served.emulator;
    return new SignJWT({
      operation: 'customer_login',
      store_hash: app.storeHash,
      customer_id: customerId,
      channel_id: 1,
      ...claims,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(app.clientId)
      .setIssuedAt(Math.floor(served.emulator.clock.now() / 1000))
      .setJti(`jti-${++jtis}`)
      .sign(new TextEncoder().encode(app.clientSecret));
  }

  /** The status of `/customer/current.jwt` for a browser: 200 when it is signed into the storefront, else 404. */
  async function currentJwtStatus(browser: Browser): Promise<number> {
    return (await browser.fetch(`/customer/current.jwt?app_client_id=${served.emulator.app.clientId}`)).status;
  }

  /** A customer access token for `customerId`, got server-to-server with a private token. */
  async function customerAccessToken(privateToken: string, customerId: number): Promise<string> {
    const answer = await gql(
      JWT_LOGIN,
      { jwt: await loginJwt(customerId) },
      { authorization: `Bearer ${privateToken}` },
    );
    return answer.body.data!.loginWithCustomerLoginJwt.customerAccessToken.value;
  }

  describe('private tokens', () => {
    it('are created with scopes only: none, an unknown one or a browser\u2019s request is refused', async () => {
      const expires = T0 / 1000 + 3600;
      for (const scopes of [undefined, [], ['Everything']]) {
        const response = await apiFetch(served, '/v3/storefront/api-token-private', {
          body: { channel_id: 1, expires_at: expires, scopes },
        });
        assert.equal(response.status, 422, JSON.stringify(scopes));
        assert.ok(((await response.json()) as { errors: Record<string, string> }).errors.scopes);
      }
      const fromBrowser = await fetch(`${served.api}/v3/storefront/api-token-private`, {
        method: 'POST',
        headers: {
          'x-auth-token': served.emulator.app.accessToken,
          'content-type': 'application/json',
          origin: 'https://evil.example',
        },
        body: JSON.stringify({ channel_id: 1, expires_at: expires, scopes: ['Customer'] }),
      });
      assert.equal(fromBrowser.status, 403);
      const readOnly = served.emulator.seed.api_tokens![0]!.access_token;
      const noScope = await apiFetch(served, '/v3/storefront/api-token-private', {
        token: readOnly,
        body: { channel_id: 1, expires_at: expires, scopes: ['Customer'] },
      });
      assert.equal(noScope.status, 403, 'the API account needs the Storefront API Tokens scope');
    });

    it('answer each field only within their scopes: INSUFFICIENT_ACCESS_SCOPE with requiredScopes, null data', async () => {
      const catalogOnly = await token('private', { scopes: ['Unauthenticated'] });
      const customerOnly = await token('private', { scopes: ['Customer'] });
      const site = await gql(KNIFE_PRICE, {}, { authorization: `Bearer ${catalogOnly}` });
      assert.deepEqual(site.body, { data: { site: { product: { prices: { price: { value: 89 } } } } } });
      const denied = await gql(KNIFE_PRICE, {}, { authorization: `Bearer ${customerOnly}` });
      assert.equal(denied.status, 200);
      assert.deepEqual(denied.body.data, null);
      assert.deepEqual(
        denied.body.errors!.map(({ message, path, extensions }) => ({ message, path, extensions })),
        [
          {
            message: 'The provided token does not include the scopes required to resolve this field.',
            path: ['site'],
            extensions: { code: 'INSUFFICIENT_ACCESS_SCOPE', requiredScopes: ['Unauthenticated'] },
          },
        ],
      );
      const who = await gql(WHO, {}, { authorization: `Bearer ${catalogOnly}` });
      assert.equal(who.body.data!.customer, null);
      assert.deepEqual(who.body.errors![0]!.extensions, {
        code: 'INSUFFICIENT_ACCESS_SCOPE',
        requiredScopes: ['Customer'],
      });
      const login = await gql(JWT_LOGIN, { jwt: await loginJwt(2) }, { authorization: `Bearer ${catalogOnly}` });
      assert.equal(login.body.data, null);
      assert.deepEqual(login.body.errors![0]!.path, ['loginWithCustomerLoginJwt']);
    });

    it('are refused from a browser (Origin or Sec-Fetch-Site), and are stateless (no session cookie)', async () => {
      const privateToken = await token('private');
      for (const header of [{ origin: served.url }, { 'sec-fetch-site': 'same-origin' }] as Record<string, string>[]) {
        const answer = await gql(WHO, {}, { authorization: `Bearer ${privateToken}`, ...header });
        assert.deepEqual(
          { status: answer.status, body: answer.body },
          { status: REFUSED.privateFromBrowser[0], body: { errors: [{ message: REFUSED.privateFromBrowser[1] }] } },
        );
      }
      const browser = new Browser(served.url);
      await browser.signIn('vip@example.com', 'vip-demo-1');
      const cookie = `SHOP_SESSION_TOKEN=${browser.cookie('SHOP_SESSION_TOKEN')}`;
      assert.deepEqual((await gql(WHO, {}, { authorization: `Bearer ${privateToken}`, cookie })).body, {
        data: { customer: null },
      });
    });

    it('are refused once expired or unknown (401)', async () => {
      const privateToken = await token('private');
      served.emulator.clock.advance(3601_000);
      assert.equal((await gql(WHO, {}, { authorization: `Bearer ${privateToken}` })).status, 401);
      assert.equal((await gql(WHO, {}, { authorization: 'Bearer nope' })).status, 401);
    });
  });

  describe('storefront tokens', () => {
    it('work server-to-server when created on or before 2026-06-30, until 2027-03-31', async () => {
      served.emulator.clock.set(Date.UTC(2026, 5, 30, 23, 59));
      const old = await token('storefront', { expires_at: Date.UTC(2028, 0, 1) / 1000 });
      assert.deepEqual((await gql(KNIFE_PRICE, {}, { authorization: `Bearer ${old}` })).body.data, {
        site: { product: { prices: { price: { value: 89 } } } },
      });
      served.emulator.clock.set(Date.UTC(2027, 2, 31, 23, 59));
      assert.equal((await gql(KNIFE_PRICE, {}, { authorization: `Bearer ${old}` })).status, 200);
      served.emulator.clock.set(Date.UTC(2027, 3, 1));
      const late = await gql(KNIFE_PRICE, {}, { authorization: `Bearer ${old}` });
      assert.deepEqual(
        { status: late.status, body: late.body },
        { status: 403, body: { errors: [{ message: REFUSED.storefrontServerToServer[1] }] } },
      );
    });

    it('created after 2026-06-30 are refused server-to-server but serve browsers of their allowed origins (CORS)', async () => {
      served.emulator.clock.set(Date.UTC(2026, 6, 1));
      const page = 'https://www.example.test';
      const fresh = await token('storefront', { allowed_cors_origins: [page] });
      const s2s = await gql(KNIFE_PRICE, {}, { authorization: `Bearer ${fresh}` });
      assert.equal(s2s.status, 403);
      assert.equal(s2s.body.errors![0]!.message, REFUSED.storefrontServerToServer[1]);
      const browser = await gql(
        KNIFE_PRICE,
        {},
        { authorization: `Bearer ${fresh}`, origin: page, 'sec-fetch-site': 'cross-site' },
      );
      assert.equal(browser.status, 200);
      assert.equal(browser.response.headers.get('access-control-allow-origin'), page);
      assert.equal(browser.response.headers.get('access-control-allow-credentials'), 'true');
      const other = await gql(
        KNIFE_PRICE,
        {},
        { authorization: `Bearer ${fresh}`, origin: 'https://www.other.test', 'sec-fetch-site': 'cross-site' },
      );
      assert.equal(other.status, 403);
      assert.equal(other.response.headers.get('access-control-allow-origin'), null);
      const preflight = await fetch(`${served.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: page, 'access-control-request-method': 'POST' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), page);
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /authorization/);
      const foreign = await fetch(`${served.url}/graphql`, {
        method: 'OPTIONS',
        headers: { origin: 'https://www.other.test', 'access-control-request-method': 'POST' },
      });
      assert.equal(foreign.headers.get('access-control-allow-origin'), null);
    });

    it('refuse more than two CORS origins, or one with a path or trailing slash (422)', async () => {
      for (const origins of [
        ['https://a.test', 'https://b.test', 'https://c.test'],
        ['https://a.test/'],
        ['https://a.test/x'],
        [],
      ]) {
        const response = await apiFetch(served, '/v3/storefront/api-token', {
          body: { channel_id: 1, expires_at: T0 / 1000 + 60, allowed_cors_origins: origins },
        });
        assert.equal(response.status, 422, JSON.stringify(origins));
      }
    });
  });

  describe('login and customer access tokens', () => {
    it('server-to-server: login answers a customer access token in the body and sets no cookie', async () => {
      const answer = await gql(
        LOGIN_CAT,
        { email: 'vip@example.com', pass: 'vip-demo-1' },
        { authorization: `Bearer ${await token('private')}` },
      );
      const cat = answer.body.data!.login.customerAccessToken;
      assert.deepEqual(answer.body.data!.login.customer, { entityId: 2, email: 'vip@example.com' });
      assert.match(cat.value, /^[0-9a-f]{64}_\d{10}$/);
      const expiresAt = T0 / 1000 + CUSTOMER_ACCESS_TOKEN_LIFETIME_S;
      assert.equal(cat.value.split('_')[1], String(expiresAt));
      assert.equal(cat.expiresAt, new Date(expiresAt * 1000).toISOString().replace('.000Z', 'Z'));
      assert.equal(answer.response.headers.get('set-cookie'), null);
    });

    it('from a browser: login sets the session cookie, and asking for the token gives the documented error', async () => {
      const browser = new Browser(served.url);
      const answer = await gql(
        LOGIN_CAT,
        { email: 'vip@example.com', pass: 'vip-demo-1' },
        { authorization: `Bearer ${served.emulator.app.storefrontToken}` },
        browser,
      );
      assert.deepEqual(answer.body.data, {
        login: { customer: { entityId: 2, email: 'vip@example.com' }, customerAccessToken: null },
      });
      assert.deepEqual(
        answer.body.errors!.map((e) => ({ message: e.message, path: e.path })),
        [{ message: CUSTOMER_ACCESS_TOKEN_BROWSER, path: ['login', 'customerAccessToken'] }],
      );
      assert.ok(browser.cookie('SHOP_SESSION_TOKEN'), 'the session cookie is set');
      assert.equal(await currentJwtStatus(browser), 200, 'signed in');
      const jwtLogin = await gql(
        JWT_LOGIN,
        { jwt: await loginJwt(1) },
        { authorization: `Bearer ${served.emulator.app.storefrontToken}` },
        new Browser(served.url),
      );
      assert.equal(jwtLogin.body.errors![0]!.message, CUSTOMER_ACCESS_TOKEN_BROWSER);
      assert.deepEqual(jwtLogin.body.data!.loginWithCustomerLoginJwt.customer, {
        entityId: 1,
        email: 'wholesale@example.com',
      });
    });

    it('loginWithCustomerLoginJwt takes a customer-login JWT once, and assigns the guest cart', async () => {
      const privateToken = await token('private');
      const cart = await emulatorCart(served.url, served.emulator.app);
      const jwt = await loginJwt(2);
      const first = await gql(JWT_LOGIN, { jwt, cart }, { authorization: `Bearer ${privateToken}` });
      assert.deepEqual(first.body.data!.loginWithCustomerLoginJwt.customer, { entityId: 2, email: 'vip@example.com' });
      const fetched = await apiFetch(served, `/v3/carts/${cart}`);
      assert.equal(((await fetched.json()) as { data: { customer_id: number } }).data.customer_id, 2);
      const again = await gql(JWT_LOGIN, { jwt }, { authorization: `Bearer ${privateToken}` });
      assert.deepEqual(again.body, {
        data: null,
        errors: [
          { message: INVALID_LOGIN_JWT, locations: [{ line: 2, column: 3 }], path: ['loginWithCustomerLoginJwt'] },
        ],
      });
      const forged = await gql(
        JWT_LOGIN,
        { jwt: (await loginJwt(2)).slice(0, -2) + 'xx' },
        { authorization: `Bearer ${privateToken}` },
      );
      assert.equal(forged.body.errors![0]!.message, INVALID_LOGIN_JWT);
    });

    it('login with guestCartEntityId assigns the guest cart; another customer\u2019s cart, or a wrong password, leaves it alone', async () => {
      const privateToken = await token('private');
      const auth = { authorization: `Bearer ${privateToken}` };
      const owner = async (cart: string) =>
        ((await (await apiFetch(served, `/v3/carts/${cart}`)).json()) as { data: { customer_id: number } }).data
          .customer_id;
      const cart = await emulatorCart(served.url, served.emulator.app);
      const wrong = await gql(LOGIN_CART, { email: 'vip@example.com', pass: 'nope', cart }, auth);
      assert.equal(wrong.body.errors![0]!.message, INVALID_CREDENTIALS);
      assert.equal(await owner(cart), 0, 'a failed login takes no cart');
      const vip = await gql(LOGIN_CART, { email: 'vip@example.com', pass: 'vip-demo-1', cart }, auth);
      assert.deepEqual(vip.body, { data: { login: { customer: { entityId: 2 } } } });
      assert.equal(await owner(cart), 2, 'the guest cart is VIP\u2019s');
      const again = await gql(LOGIN_CART, { email: 'vip@example.com', pass: 'vip-demo-1', cart }, auth);
      assert.deepEqual(again.body, { data: { login: { customer: { entityId: 2 } } } }, 'their own cart again: fine');
      const wholesale = served.emulator.seed.customers.find((c) => c.id === 1)!;
      const theirs = await gql(LOGIN_CART, { email: wholesale.email, pass: wholesale.password, cart }, auth);
      assert.equal(theirs.body.data, null);
      assert.equal(theirs.body.errors![0]!.message, CART_NOT_FOUND);
      assert.equal(await owner(cart), 2, 'VIP\u2019s cart stays VIP\u2019s');
      const unknown = await gql(
        LOGIN_CART,
        { email: 'vip@example.com', pass: 'vip-demo-1', cart: crypto.randomUUID() },
        auth,
      );
      assert.equal(unknown.body.errors![0]!.message, CART_NOT_FOUND);
    });

    it('X-Bc-Customer-Access-Token makes every query answer as that customer (group prices), with a private or storefront token', async () => {
      const privateToken = await token('private');
      const vip = await customerAccessToken(privateToken, 2);
      for (const bearer of [privateToken, served.emulator.app.storefrontToken]) {
        const headers = { authorization: `Bearer ${bearer}`, 'x-bc-customer-access-token': vip };
        assert.deepEqual((await gql(WHO, {}, headers)).body, {
          data: { customer: { entityId: 2, email: 'vip@example.com', customerGroupId: 2 } },
        });
        assert.deepEqual(
          (await gql(KNIFE_PRICE, {}, headers)).body.data,
          { site: { product: { prices: { price: { value: 75 } } } } },
          'the VIP price',
        );
      }
      assert.deepEqual((await gql(KNIFE_PRICE, {}, { authorization: `Bearer ${privateToken}` })).body.data, {
        site: { product: { prices: { price: { value: 89 } } } },
      });
    });

    it('logout with the token invalidates it everywhere; an unknown or expired one is refused when asked, a guest otherwise', async () => {
      const privateToken = await token('private', { expires_at: T0 / 1000 + 10 * CUSTOMER_ACCESS_TOKEN_LIFETIME_S });
      const strict = { 'x-bc-error-on-invalid-customer-access-token': 'true' };
      const vip = await customerAccessToken(privateToken, 2);
      const out = await gql(
        'mutation { logout { result } }',
        {},
        { authorization: `Bearer ${privateToken}`, 'x-bc-customer-access-token': vip },
      );
      assert.deepEqual(out.body, { data: { logout: { result: 'success' } } });
      for (const bearer of [privateToken, served.emulator.app.storefrontToken]) {
        const refused = await gql(
          WHO,
          {},
          { authorization: `Bearer ${bearer}`, 'x-bc-customer-access-token': vip, ...strict },
        );
        assert.deepEqual(
          { status: refused.status, body: refused.body },
          { status: 401, body: { errors: [{ message: REFUSED.invalidCustomerAccessToken[1] }] } },
        );
        assert.deepEqual(
          (await gql(WHO, {}, { authorization: `Bearer ${bearer}`, 'x-bc-customer-access-token': vip })).body,
          { data: { customer: null } },
        );
      }
      assert.equal(
        (
          await gql(
            WHO,
            {},
            { authorization: `Bearer ${privateToken}`, 'x-bc-customer-access-token': 'f'.repeat(64) + '_1', ...strict },
          )
        ).status,
        401,
      );
      const wholesale = await customerAccessToken(privateToken, 1);
      const headers = { authorization: `Bearer ${privateToken}`, 'x-bc-customer-access-token': wholesale, ...strict };
      served.emulator.clock.advance(CUSTOMER_ACCESS_TOKEN_LIFETIME_S * 1000 - 1000);
      assert.equal((await gql(WHO, {}, headers)).body.data!.customer.entityId, 1, 'valid until its expiresAt');
      served.emulator.clock.advance(1000);
      assert.equal((await gql(WHO, {}, headers)).status, 401, 'expired');
    });
  });

  describe('session sync', () => {
    it('createCartRedirectUrls with a customer access token answers a session-sync URL: one visit signs in and lands on checkout with the cart', async () => {
      const privateToken = await token('private');
      const cart = await emulatorCart(served.url, served.emulator.app);
      const vip = await customerAccessToken(privateToken, 2);
      const answer = await gql(
        REDIRECT,
        { cart },
        { authorization: `Bearer ${privateToken}`, 'x-bc-customer-access-token': vip },
      );
      const { redirectedCheckoutUrl, embeddedCheckoutUrl } = answer.body.data!.cart.createCartRedirectUrls.redirectUrls;
      for (const url of [redirectedCheckoutUrl, embeddedCheckoutUrl])
        assert.match(url, new RegExp(`^${served.url}/session-sync\\?jwt=[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
      const shopper = new Browser(served.url);
      const { response, visited } = await shopper.follow(redirectedCheckoutUrl);
      assert.equal(response.status, 200);
      assert.match(visited[0]!, /^\/cart\.php\?action=loadInCheckout&id=/);
      assert.equal(visited.at(-1), '/checkout');
      const page = await response.text();
      assert.match(page, /vip@example\.com/);
      assert.match(page, new RegExp(`data-cart-id="${cart}"`));
      assert.equal(await currentJwtStatus(shopper), 200, 'signed into the storefront');
      const second = await new Browser(served.url).fetch(redirectedCheckoutUrl);
      assert.equal(second.status, 302);
      assert.equal(second.headers.get('location'), '/login.php?error=invalid_login');
      assert.equal(second.headers.get('set-cookie'), null);
    });

    it('logout with a customer access token ends the storefront sessions its session-sync URLs started, and spends the unvisited ones', async () => {
      const privateToken = await token('private');
      const vip = await customerAccessToken(privateToken, 2);
      const other = await customerAccessToken(privateToken, 2);
      const urls = async (cat: string) => {
        const cart = await emulatorCart(served.url, served.emulator.app);
        const answer = await gql(
          REDIRECT,
          { cart },
          { authorization: `Bearer ${privateToken}`, 'x-bc-customer-access-token': cat },
        );
        return answer.body.data!.cart.createCartRedirectUrls.redirectUrls.redirectedCheckoutUrl as string;
      };
      const visitedShopper = new Browser(served.url);
      await visitedShopper.follow(await urls(vip));
      assert.equal(await currentJwtStatus(visitedShopper), 200);
      // The same customer's session from another token (another device) and one signed in on the storefront itself.
      const otherDevice = new Browser(served.url);
      await otherDevice.follow(await urls(other));
      const storefrontShopper = new Browser(served.url);
      await storefrontShopper.fetch('/login.php?action=check_login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'login_email=vip%40example.com&login_pass=vip-demo-1',
      });
      assert.equal(await currentJwtStatus(storefrontShopper), 200);
      const unvisited = await urls(vip);

      const out = await gql(
        'mutation { logout { result } }',
        {},
        { authorization: `Bearer ${privateToken}`, 'x-bc-customer-access-token': vip },
      );
      assert.equal(out.body.data!.logout.result, 'success');
      assert.equal(await currentJwtStatus(visitedShopper), 404, 'the session-sync session ended with its token');
      const checkout = await (await visitedShopper.fetch('/checkout')).text();
      assert.match(checkout, /<p id="customer">Guest<\/p>/);
      assert.equal(await currentJwtStatus(otherDevice), 200, "another token's session lives");
      assert.equal(await currentJwtStatus(storefrontShopper), 200, 'a storefront sign-in is not the token\u2019s');
      const late = await new Browser(served.url).fetch(unvisited);
      assert.equal(late.headers.get('location'), '/login.php?error=invalid_login');
    });

    it('answers plain checkout URLs without a customer access token, for a customer\u2019s cart too: they sign nobody in', async () => {
      // No spec file limits createCartRedirectUrls by the cart's owner, and session sync is documented for a request
      // with a customer access token only (headless-customers.mdx); without one, the single-use URLs load the cart into
      // the visitor's own session, as REST's redirect_urls do (carts.v3.yml).
      const privateToken = await token('private');
      const cart = await emulatorCart(served.url, served.emulator.app);
      await gql(JWT_LOGIN, { jwt: await loginJwt(2), cart }, { authorization: `Bearer ${privateToken}` });
      const fetched = await apiFetch(served, `/v3/carts/${cart}`);
      assert.equal(
        ((await fetched.json()) as { data: { customer_id: number } }).data.customer_id,
        2,
        'the cart is VIP\u2019s',
      );
      const ask = async () =>
        (await gql(REDIRECT, { cart }, { authorization: `Bearer ${privateToken}` })).body.data!.cart
          .createCartRedirectUrls.redirectUrls;
      const urls = await ask();
      assert.match(
        urls.redirectedCheckoutUrl,
        new RegExp(`^${served.url}/cart\\.php\\?action=loadInCheckout&id=${cart}&token=[0-9a-f]{64}$`),
      );
      assert.match(
        urls.embeddedCheckoutUrl,
        new RegExp(`^${served.url}/cart\\.php\\?embedded=1&action=loadInCheckout&id=${cart}&token=[0-9a-f]{64}$`),
      );
      const stranger = new Browser(served.url);
      const seen = await (await stranger.follow(urls.redirectedCheckoutUrl)).response.text();
      assert.match(seen, /<p id="customer">Guest<\/p>/);
      assert.doesNotMatch(seen, /vip@example\.com/);
      assert.equal(await currentJwtStatus(stranger), 404, 'not signed in');
      // The owner, signed in on the storefront, is carried into checkout by their own session.
      const owner = new Browser(served.url);
      await owner.signIn('vip@example.com', served.emulator.seed.customers.find((c) => c.id === 2)!.password);
      const theirs = await (await owner.follow((await ask()).redirectedCheckoutUrl)).response.text();
      assert.match(theirs, /vip@example\.com/);
      assert.match(theirs, new RegExp(`data-cart-id="${cart}"`));
    });

    it('refuses a session-sync URL after its 30 seconds, and answers plain checkout URLs without a customer access token', async () => {
      const privateToken = await token('private');
      const cart = await emulatorCart(served.url, served.emulator.app);
      const vip = await customerAccessToken(privateToken, 2);
      const synced = await gql(
        REDIRECT,
        { cart },
        { authorization: `Bearer ${privateToken}`, 'x-bc-customer-access-token': vip },
      );
      served.emulator.clock.advance((SESSION_SYNC_WINDOW_S + 1) * 1000);
      const late = await new Browser(served.url).fetch(
        synced.body.data!.cart.createCartRedirectUrls.redirectUrls.redirectedCheckoutUrl,
      );
      assert.equal(late.headers.get('location'), '/login.php?error=invalid_login');
      const plain = await gql(REDIRECT, { cart }, { authorization: `Bearer ${privateToken}` });
      assert.match(
        plain.body.data!.cart.createCartRedirectUrls.redirectUrls.redirectedCheckoutUrl,
        /\/cart\.php\?action=loadInCheckout&id=/,
      );
    });

    /** generateSessionSyncJwt's answer. */
    async function sync(variables: Record<string, unknown>, headers: Record<string, string>) {
      const answer = await gql(SYNC, variables, headers);
      return answer.body.data?.generateSessionSyncJwt as
        { result: { token: string; url: string } | null; errors: { message: string }[] } | undefined;
    }

    it('generateSessionSyncJwt without a customer access token: an anonymous token whose one visit brings the cart and lands on redirectTo', async () => {
      const privateToken = await token('private');
      const cart = await emulatorCart(served.url, served.emulator.app);
      const visitorId = crypto.randomUUID();
      const answer = await sync(
        { redirectTo: '/checkout', cartId: cart, visitorId, ip: '203.0.113.7' },
        { authorization: `Bearer ${privateToken}` },
      );
      assert.deepEqual(answer!.errors, []);
      const { token: jwt, url } = answer!.result!;
      assert.equal(url, `${served.url}/session-sync?jwt=${jwt}`);
      const claims = decodeJwt(jwt);
      assert.equal(claims.iat, T0 / 1000);
      assert.equal(claims.eat, T0 / 1000 + SESSION_SYNC_WINDOW_S);
      assert.match(claims.jti!, /^[0-9a-f-]{36}$/);
      assert.deepEqual(
        { ...claims, iat: 0, eat: 0, jti: '', sid: 0 },
        {
          iss: 'BC',
          iat: 0,
          eat: 0,
          jti: '',
          operation: 'session_sync',
          sid: 0,
          session_payload: {
            cart_id: cart,
            customer_id: null,
            visitor_id: visitorId,
            visit_id: null,
            cart_locale: null,
            payment_wallet_data: null,
          },
          request_ip: '203.0.113.7',
          redirect_to: `${served.url}/checkout`,
        },
      );
      const shopper = new Browser(served.url);
      const { response, visited } = await shopper.follow(url);
      assert.deepEqual(visited, ['/checkout']);
      const page = await response.text();
      assert.match(page, /<p id="customer">Guest<\/p>/);
      assert.match(page, new RegExp(`data-cart-id="${cart}"`));
      assert.equal(await currentJwtStatus(shopper), 404, 'nobody signed in');
      const second = await new Browser(served.url).fetch(url);
      assert.equal(second.headers.get('location'), '/login.php?error=invalid_login', 'a single visit');
      assert.equal(second.headers.get('set-cookie'), null);
    });

    it('generateSessionSyncJwt with a customer access token: its one visit signs the customer in, with their cart, on redirectTo', async () => {
      const privateToken = await token('private');
      const cart = await emulatorCart(served.url, served.emulator.app);
      const vip = await customerAccessToken(privateToken, 2);
      const answer = await sync(
        { redirectTo: 'checkout?step=shipping', cartId: cart },
        { authorization: `Bearer ${privateToken}`, 'x-bc-customer-access-token': vip },
      );
      const claims = decodeJwt<{ session_payload: Record<string, unknown> }>(answer!.result!.token);
      assert.equal(claims.session_payload.customer_id, 2);
      assert.equal(claims.session_payload.cart_id, cart);
      assert.equal(claims.redirect_to, `${served.url}/checkout?step=shipping`);
      assert.equal(claims.request_ip, '127.0.0.1', 'without ipAddress, the caller\u2019s address');
      const shopper = new Browser(served.url);
      const { response, visited } = await shopper.follow(answer!.result!.url);
      assert.deepEqual(visited, ['/checkout?step=shipping']);
      const page = await response.text();
      assert.match(page, /vip@example\.com/);
      assert.match(page, new RegExp(`data-cart-id="${cart}"`));
      assert.equal(await currentJwtStatus(shopper), 200, 'signed into the storefront');
      assert.equal(
        (await new Browser(served.url).fetch(answer!.result!.url)).headers.get('location'),
        '/login.php?error=invalid_login',
      );
      // An absolute URL on the storefront is a page of it too; without a cart, none is synced.
      const bare = await sync(
        { redirectTo: `${served.url}/account.php` },
        { authorization: `Bearer ${privateToken}`, 'x-bc-customer-access-token': vip },
      );
      assert.deepEqual((decodeJwt(bare!.result!.token) as { session_payload: unknown }).session_payload, {
        cart_id: null,
        customer_id: 2,
        visitor_id: null,
        visit_id: null,
        cart_locale: null,
        payment_wallet_data: null,
      });
      assert.deepEqual((await new Browser(served.url).follow(bare!.result!.url)).visited, ['/account.php']);
    });

    it('generateSessionSyncJwt refuses, in errors, a redirectTo off the storefront and a cart that is not the shopper\u2019s', async () => {
      const privateToken = await token('private');
      const auth = { authorization: `Bearer ${privateToken}` };
      for (const redirectTo of [
        'https://evil.example/checkout',
        '//evil.example/checkout',
        '/\\evil.example/checkout',
        'javascript:alert(1)',
        `${served.url.replace(/:\d+$/, ':1')}/checkout`,
        '/checkout\n',
      ]) {
        assert.deepEqual(
          await sync({ redirectTo }, auth),
          { result: null, errors: [{ message: REDIRECT_NOT_ON_STOREFRONT }] },
          redirectTo,
        );
      }
      // A cart already VIP's: not an anonymous shopper's, nor Wholesale's; a cart id that names none.
      const cart = await emulatorCart(served.url, served.emulator.app);
      await gql(JWT_LOGIN, { jwt: await loginJwt(2), cart }, auth);
      const wholesale = await customerAccessToken(privateToken, 1);
      for (const headers of [auth, { ...auth, 'x-bc-customer-access-token': wholesale }]) {
        assert.deepEqual(await sync({ redirectTo: '/checkout', cartId: cart }, headers), {
          result: null,
          errors: [{ message: CART_NOT_FOUND }],
        });
      }
      assert.deepEqual(await sync({ redirectTo: '/checkout', cartId: crypto.randomUUID() }, auth), {
        result: null,
        errors: [{ message: CART_NOT_FOUND }],
      });
      const vip = await customerAccessToken(privateToken, 2);
      const own = await sync({ redirectTo: '/checkout', cartId: cart }, { ...auth, 'x-bc-customer-access-token': vip });
      assert.deepEqual(own!.errors, [], 'VIP\u2019s own cart');
    });

    it('generateSessionSyncJwt needs the Customer scope of a private token, and UUID and IpAddress values', async () => {
      const catalogOnly = await token('private', { scopes: ['Unauthenticated'] });
      const denied = await gql(SYNC, { redirectTo: '/checkout' }, { authorization: `Bearer ${catalogOnly}` });
      assert.equal(denied.body.data, null);
      assert.deepEqual(denied.body.errors![0]!.extensions, {
        code: 'INSUFFICIENT_ACCESS_SCOPE',
        requiredScopes: ['Customer'],
      });
      const customerOnly = await token('private', { scopes: ['Customer'] });
      const auth = { authorization: `Bearer ${customerOnly}` };
      assert.deepEqual((await sync({ redirectTo: '/checkout' }, auth))!.errors, []);
      for (const variables of [
        { redirectTo: '/checkout', visitorId: 'not-a-uuid' },
        { redirectTo: '/checkout', visitId: 42 },
        { redirectTo: '/checkout', ip: '300.1.2.3' },
        { redirectTo: '/checkout', ip: 'example.com' },
      ]) {
        const refused = await gql(SYNC, variables, auth);
        assert.equal(refused.body.data, undefined, JSON.stringify(variables));
        assert.match(refused.body.errors![0]!.message, /^Variable '\w+' has an invalid value: /);
      }
      for (const ip of ['192.168.1.14', '2001:db8::1', '::ffff:192.0.2.1'])
        assert.deepEqual((await sync({ redirectTo: '/checkout', ip }, auth))!.errors, [], ip);
      const literal = await gql(
        'mutation { generateSessionSyncJwt(redirectTo: "/checkout", visitId: "nope") { result { url } } }',
        {},
        auth,
      );
      assert.match(
        literal.body.errors![0]!.message,
        /^Validation error \(WrongType@\[generateSessionSyncJwt\]\) : argument 'visitId' with value '"nope"' is not a valid 'UUID'/,
      );
    });
  });
});
