// The emulator's /graphql subset over real HTTP: sign-in, the current customer, impersonated prices (checked against
// the REST Pricing API for the same customer), cart redirect URLs, token rules and GraphQL-style errors. Every
// document sent is validated against BigCommerce's schema.graphql, and every answer read back through it, by the
// contract suite at the end (skipped, with how to get the file, when the spec folder is absent; test/support/specs.ts).
import assert from 'node:assert/strict';
import { before, beforeEach, describe, it } from 'node:test';
import { ACCOUNT_LOCKED, INVALID_CREDENTIALS, LOCKOUT_MS, LOGIN_ATTEMPTS } from '../../../src/emulator/graphql.js';
import { requireSpecs, specsSkip } from '../../support/specs.js';
import { answerErrors, schemaErrors } from './graphql-schema.js';
import { createEmulator } from '../../../src/emulator/index.js';
import { apiFetch, Browser, serve, T0, type Served, servedForEachTest } from './support.js';

interface Answer {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { message: string; path?: unknown[] }[] };
  response: Response;
}

const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { result customer { entityId email customerGroupId } }
}`;
const CUSTOMER = '{ customer { entityId email firstName lastName customerGroupId } }';
const PRICE_FIELDS = `entityId
  prices(currencyCode: USD) {
    price { value currencyCode } salePrice { value currencyCode } basePrice { value currencyCode }
    retailPrice { value currencyCode } saved { value currencyCode }
    priceRange { min { value currencyCode } max { value currencyCode } }
    retailPriceRange { min { value } max { value } }
    bulkPricing {
      __typename minimumQuantity maximumQuantity
      ... on BulkPricingFixedPriceDiscount { price }
      ... on BulkPricingPercentageDiscount { percentOff }
      ... on BulkPricingRelativePriceDiscount { priceAdjustment }
    }
  }`;

describe('emulator /graphql', () => {
  let served: Served;
  let impersonation: string;
  const storefront = () => ({ authorization: `Bearer ${served.emulator.app.storefrontToken}` });
  const impersonating = (customerId?: number) => ({
    authorization: `Bearer ${impersonation}`,
    ...(customerId === undefined ? {} : { 'x-bc-customer-id': String(customerId) }),
  });

  /** What each test sent and got back, for the contract suite at the end to check against schema.graphql. */
  const exchanges: { test: string; query: string; variables: Record<string, unknown>; data: unknown }[] = [];
  let currentTest = '';
  beforeEach((t) => {
    currentTest = t.name;
  });

  /** Posts a document; the document and the answer are checked against the real schema by the contract suite. */
  async function gql(
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string>,
    client?: Browser,
  ): Promise<Answer> {
    const init = {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    };
    const response = client ? await client.fetch('/graphql', init) : await fetch(`${served.url}/graphql`, init);
    const body = (await response.json()) as Answer['body'];
    exchanges.push({ test: currentTest, query, variables, data: body.data });
    return { status: response.status, body, response };
  }

  async function newImpersonationToken(expiresInSeconds = 3600): Promise<string> {
    const response = await apiFetch(served, '/v3/storefront/api-token-customer-impersonation', {
      body: { channel_id: 1, expires_at: Math.floor(served.emulator.clock.now() / 1000) + expiresInSeconds },
    });
    assert.equal(response.status, 200);
    return ((await response.json()) as { data: { token: string } }).data.token;
  }

  served = servedForEachTest();
  beforeEach(async () => {
    impersonation = await newImpersonationToken();
  });

  describe('login', () => {
    it('signs the browser in with a session cookie, and the customer query then answers for it', async () => {
      const browser = new Browser(served.url);
      const signedIn = await gql(LOGIN, { email: 'vip@example.com', password: 'vip-demo-1' }, storefront(), browser);
      assert.equal(signedIn.status, 200);
      assert.deepEqual(signedIn.body, {
        data: { login: { result: 'success', customer: { entityId: 2, email: 'vip@example.com', customerGroupId: 2 } } },
      });
      assert.match(
        signedIn.response.headers.get('set-cookie') ?? '',
        /^SHOP_SESSION_TOKEN=[0-9a-f]{64}; Path=\/; HttpOnly; SameSite=Lax$/,
      );
      const who = await gql(CUSTOMER, {}, storefront(), browser);
      assert.deepEqual(who.body, {
        data: {
          customer: {
            entityId: 2,
            email: 'vip@example.com',
            firstName: 'Vic',
            lastName: 'Important',
            customerGroupId: 2,
          },
        },
      });
      // The same session is signed in on the storefront's pages too.
      assert.equal(
        (await browser.fetch(`/customer/current.jwt?app_client_id=${served.emulator.app.clientId}`)).status,
        200,
      );
    });

    it('refuses a wrong password with a GraphQL error, no data and no cookie', async () => {
      const browser = new Browser(served.url);
      const refused = await gql(LOGIN, { email: 'vip@example.com', password: 'wrong' }, storefront(), browser);
      assert.equal(refused.status, 200);
      assert.deepEqual(refused.body, {
        data: null,
        errors: [{ message: INVALID_CREDENTIALS, locations: [{ line: 2, column: 3 }], path: ['login'] }],
      });
      assert.equal(refused.response.headers.get('set-cookie'), null);
      assert.deepEqual((await gql(CUSTOMER, {}, storefront(), browser)).body, { data: { customer: null } });
    });

    it('gives an unknown email the same answer as a wrong password', async () => {
      const refused = await gql(LOGIN, { email: 'nobody@example.com', password: 'x' }, storefront());
      assert.equal(refused.body.errors?.[0]?.message, INVALID_CREDENTIALS);
    });

    it(`locks an account after ${LOGIN_ATTEMPTS} failures in a row, even for the right password, until the lockout ends`, async () => {
      for (let i = 0; i < LOGIN_ATTEMPTS; i++) {
        const refused = await gql(LOGIN, { email: 'plain@example.com', password: `wrong-${i}` }, storefront());
        assert.equal(refused.body.errors?.[0]?.message, INVALID_CREDENTIALS);
      }
      const locked = await gql(LOGIN, { email: 'plain@example.com', password: 'plain-demo-1' }, storefront());
      assert.deepEqual(
        locked.body.errors?.map((e) => e.message),
        [ACCOUNT_LOCKED],
      );
      assert.equal(locked.response.headers.get('set-cookie'), null);
      served.emulator.clock.advance(LOCKOUT_MS);
      const open = await gql(LOGIN, { email: 'plain@example.com', password: 'plain-demo-1' }, storefront());
      assert.equal(open.body.data?.login.customer.email, 'plain@example.com');
    });

    it('counts failures per email across GraphQL login and the /login.php form, unknown emails alike', async () => {
      const form = (email: string, password: string) =>
        new Browser(served.url).fetch('/login.php?action=check_login', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ login_email: email, login_pass: password }).toString(),
        });
      for (const email of ['vip@example.com', 'nobody@example.com']) {
        for (let i = 0; i < LOGIN_ATTEMPTS; i++) {
          const refused =
            i % 2 === 0
              ? (await form(email, `wrong-${i}`)).headers.get('location')
              : (await gql(LOGIN, { email, password: `wrong-${i}` }, storefront())).body.errors?.[0]?.message;
          assert.ok(refused === INVALID_CREDENTIALS || refused === '/login.php?error=bad_credentials', `${email} ${i}`);
        }
        // Locked, whether a customer has the email or not: the lockout tells no email apart.
        const locked = await gql(LOGIN, { email, password: 'vip-demo-1' }, storefront());
        assert.deepEqual(
          locked.body.errors?.map((e) => e.message),
          [ACCOUNT_LOCKED],
        );
        assert.equal((await form(email, 'vip-demo-1')).headers.get('location'), '/login.php?error=account_locked');
      }
      const page = await (await new Browser(served.url).fetch('/login.php?error=account_locked')).text();
      assert.ok(page.includes('locked'));
      // A success resets the count.
      await gql(LOGIN, { email: 'plain@example.com', password: 'wrong' }, storefront());
      assert.ok((await gql(LOGIN, { email: 'plain@example.com', password: 'plain-demo-1' }, storefront())).body.data);
      for (let i = 0; i < LOGIN_ATTEMPTS - 1; i++)
        await gql(LOGIN, { email: 'plain@example.com', password: 'no' }, storefront());
      assert.ok((await gql(LOGIN, { email: 'plain@example.com', password: 'plain-demo-1' }, storefront())).body.data);
    });

    it('takes its lockout rule from loginLockout, or none with false', async () => {
      const custom = await serve({ loginLockout: { attempts: 2, lockoutMs: 1000 } });
      const none = await serve({ loginLockout: false });
      try {
        const ask = (url: string, password: string) =>
          fetch(`${url}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...storefront() },
            body: JSON.stringify({ query: LOGIN, variables: { email: 'vip@example.com', password } }),
          }).then(async (r) => ((await r.json()) as { errors?: { message: string }[] }).errors?.[0]?.message);
        assert.equal(await ask(custom.url, 'a'), INVALID_CREDENTIALS);
        assert.equal(await ask(custom.url, 'b'), INVALID_CREDENTIALS);
        assert.equal(await ask(custom.url, 'vip-demo-1'), ACCOUNT_LOCKED);
        custom.emulator.clock.advance(1000);
        assert.equal(await ask(custom.url, 'vip-demo-1'), undefined);
        for (let i = 0; i < 3 * LOGIN_ATTEMPTS; i++)
          assert.equal(await ask(none.url, `wrong-${i}`), INVALID_CREDENTIALS);
        assert.equal(await ask(none.url, 'vip-demo-1'), undefined);
      } finally {
        await Promise.all([custom.close(), none.close()]);
      }
      assert.throws(() => createEmulator({ loginLockout: { attempts: 0, lockoutMs: 1 } }), TypeError);
    });

    it('is not available to an impersonation token', async () => {
      const refused = await gql(LOGIN, { email: 'vip@example.com', password: 'vip-demo-1' }, impersonating());
      assert.equal(refused.body.data, null);
      assert.match(refused.body.errors?.[0]?.message ?? '', /impersonation/);
    });
  });

  describe('customer', () => {
    it('is null for a guest (storefront token, no session) and for an impersonation token without X-Bc-Customer-Id', async () => {
      assert.deepEqual((await gql(CUSTOMER, {}, storefront())).body, { data: { customer: null } });
      assert.deepEqual((await gql(CUSTOMER, {}, impersonating())).body, { data: { customer: null } });
    });

    it('is the X-Bc-Customer-Id customer under an impersonation token, whatever the session cookie says', async () => {
      const browser = new Browser(served.url);
      await browser.signIn('vip@example.com', 'vip-demo-1');
      // A server holding the browser's cookie (an impersonation token is refused from a browser itself).
      const cookie = `SHOP_SESSION_TOKEN=${browser.cookie('SHOP_SESSION_TOKEN')}`;
      const who = await gql('{ customer { entityId email customerGroupId } }', {}, { ...impersonating(1), cookie });
      assert.deepEqual(who.body, {
        data: { customer: { entityId: 1, email: 'wholesale@example.com', customerGroupId: 1 } },
      });
    });

    it('ignores X-Bc-Customer-Id under a storefront token', async () => {
      assert.deepEqual((await gql(CUSTOMER, {}, { ...storefront(), 'x-bc-customer-id': '1' })).body, {
        data: { customer: null },
      });
    });
  });

  describe('prices', () => {
    /** The REST Pricing API's answer for the same item and group, for comparison. */
    async function restPrice(item: Record<string, unknown>, groupId?: number) {
      const response = await apiFetch(served, '/v3/pricing/products', {
        body: {
          channel_id: 1,
          currency_code: 'USD',
          ...(groupId === undefined ? {} : { customer_group_id: groupId }),
          items: [item],
        },
      });
      return ((await response.json()) as { data: Record<string, any>[] }).data[0]!;
    }

    const money = (p: { tax_exclusive: number } | undefined) =>
      p ? { value: p.tax_exclusive, currencyCode: 'USD' } : null;

    const customers = [
      { label: 'a guest', id: undefined, group: undefined },
      { label: 'Wholesale (group 1)', id: 1, group: 1 },
      { label: 'VIP (group 2)', id: 2, group: 2 },
      { label: 'a customer in no group', id: 3, group: 0 },
    ];
    for (const who of customers) {
      it(`equal the Pricing API's for ${who.label}, product by product (sale, retail, ranges, bulk tiers)`, async () => {
        const ids = [77, 78, 79, 81, 82, 83, 85, 87, 90, 94, 96];
        const query = `{ site { ${ids.map((id) => `p${id}: product(entityId: ${id}) { ${PRICE_FIELDS} }`).join('\n')} } }`;
        const answer = await gql(query, {}, impersonating(who.id));
        assert.equal(answer.body.errors, undefined);
        for (const id of ids) {
          const rest = await restPrice({ product_id: id }, who.group);
          const prices = answer.body.data!.site[`p${id}`].prices;
          assert.deepEqual(prices.price, money(rest.calculated_price), `product ${id} price`);
          assert.deepEqual(prices.basePrice, money(rest.price), `product ${id} basePrice`);
          assert.deepEqual(prices.salePrice, money(rest.sale_price), `product ${id} salePrice`);
          assert.deepEqual(prices.retailPrice, money(rest.retail_price), `product ${id} retailPrice`);
          assert.deepEqual(prices.saved, money(rest.saved), `product ${id} saved`);
          const range = rest.price_range ?? { minimum: rest.calculated_price, maximum: rest.calculated_price };
          assert.deepEqual(
            prices.priceRange,
            { min: money(range.minimum), max: money(range.maximum) },
            `product ${id} priceRange`,
          );
          const tiers = rest.bulk_pricing.map((t: Record<string, any>) => ({
            __typename: {
              fixed: 'BulkPricingFixedPriceDiscount',
              percent: 'BulkPricingPercentageDiscount',
              price: 'BulkPricingRelativePriceDiscount',
            }[t.discount_type as string],
            minimumQuantity: t.minimum,
            maximumQuantity: t.maximum === 0 ? null : t.maximum,
            [{ fixed: 'price', percent: 'percentOff', price: 'priceAdjustment' }[t.discount_type as string]!]:
              t.discount_amount,
          }));
          assert.deepEqual(prices.bulkPricing, tiers, `product ${id} bulkPricing`);
        }
      });
    }

    it('prices a variant (variantEntityId), an option selection (optionValueIds) and a modifier, tax-inclusive on request', async () => {
      const query = `query($options: [OptionValueId!]) { site {
        variant: product(entityId: 81, variantEntityId: 71) { prices { price { value } basePrice { value } } }
        options: product(entityId: 80, optionValueIds: $options) { prices { price { value } salePrice { value } } }
        engraved: product(entityId: 83, optionValueIds: [{ optionEntityId: 301, valueEntityId: 211 }]) { prices { price { value } } }
        taxed: product(entityId: 99) { prices(includeTax: true) { price { value } } }
      } }`;
      const answer = await gql(query, { options: [{ optionEntityId: 102, valueEntityId: 206 }] }, impersonating(1));
      const rest = async (item: Record<string, unknown>) => (await restPrice(item, 1)).calculated_price;
      assert.deepEqual(answer.body.data!.site, {
        variant: {
          prices: {
            price: { value: (await rest({ product_id: 81, variant_id: 71 })).tax_exclusive },
            basePrice: { value: 149 },
          },
        },
        options: {
          prices: {
            price: {
              value: (await rest({ product_id: 80, options: [{ option_id: 102, value_id: 206 }] })).tax_exclusive,
            },
            salePrice: { value: 17.6 },
          },
        },
        engraved: {
          prices: {
            price: {
              value: (await rest({ product_id: 83, options: [{ option_id: 301, value_id: 211 }] })).tax_exclusive,
            },
          },
        },
        taxed: { prices: { price: { value: (await rest({ product_id: 99 })).tax_inclusive } } },
      });
    });

    it('answers null for an unknown product or variant, and a field error for a currency the store does not sell', async () => {
      const answer = await gql(
        '{ site { a: product(entityId: 5) { entityId } b: product(entityId: 81, variantEntityId: 61) { entityId } c: product(entityId: 77) { prices(currencyCode: JPY) { price { value } } } } }',
        {},
        impersonating(),
      );
      assert.deepEqual(answer.body.data, { site: { a: null, b: null, c: { prices: null } } });
      assert.deepEqual(
        answer.body.errors?.map((e) => [e.message, e.path]),
        [['Currency JPY is not enabled for this channel', ['site', 'c', 'prices']]],
      );
    });

    it('converts to another transactional currency', async () => {
      const answer = await gql(
        '{ site { product(entityId: 99) { prices(currencyCode: EUR) { price { value currencyCode } } } } }',
        {},
        impersonating(),
      );
      const rest = await apiFetch(served, '/v3/pricing/products', {
        body: { channel_id: 1, currency_code: 'EUR', items: [{ product_id: 99 }] },
      });
      const expected = ((await rest.json()) as { data: Record<string, any>[] }).data[0]!.calculated_price.tax_exclusive;
      assert.deepEqual(answer.body.data, {
        site: { product: { prices: { price: { value: expected, currencyCode: 'EUR' } } } },
      });
    });
  });

  describe('cart { createCartRedirectUrls }', () => {
    it('mints single-use checkout URLs that load the cart in checkout', async () => {
      const created = await apiFetch(served, '/v3/carts', { body: { line_items: [{ quantity: 2, product_id: 99 }] } });
      const cartId = ((await created.json()) as { data: { id: string } }).data.id;
      const mutation = `mutation($cart: String) { cart { createCartRedirectUrls(input: { cartEntityId: $cart }) {
        redirectUrls { redirectedCheckoutUrl embeddedCheckoutUrl } } } }`;
      const answer = await gql(mutation, { cart: cartId }, impersonating(2));
      const urls = answer.body.data!.cart.createCartRedirectUrls.redirectUrls;
      assert.match(
        urls.redirectedCheckoutUrl,
        new RegExp(`^${served.url}/cart\\.php\\?action=loadInCheckout&id=${cartId}&token=[0-9a-f]{64}$`),
      );
      assert.match(
        urls.embeddedCheckoutUrl,
        new RegExp(`^${served.url}/cart\\.php\\?embedded=1&action=loadInCheckout&id=${cartId}&token=[0-9a-f]{64}$`),
      );
      const browser = new Browser(served.url);
      const { response } = await browser.follow(urls.redirectedCheckoutUrl);
      assert.match(await response.text(), /Teapot/);
      const again = await new Browser(served.url).follow(urls.redirectedCheckoutUrl);
      assert.doesNotMatch(await again.response.text(), /Teapot/, 'the URL is single use');
    });

    it('answers a field error for an unknown cart', async () => {
      const answer = await gql(
        'mutation { cart { createCartRedirectUrls(input: { cartEntityId: "no-such-cart" }) { redirectUrls { redirectedCheckoutUrl } } } }',
        {},
        impersonating(),
      );
      assert.deepEqual(answer.body.data, null);
      assert.deepEqual(
        answer.body.errors?.map((e) => [e.message, e.path]),
        [['Cart not found', ['cart', 'createCartRedirectUrls']]],
      );
    });
  });

  describe('tokens', () => {
    const post = (headers: Record<string, string>) =>
      fetch(`${served.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: CUSTOMER }),
      });

    it('refuses a missing, unknown or expired token with 401', async () => {
      for (const headers of [
        {} as Record<string, string>,
        { authorization: 'Bearer nope' },
        { authorization: 'Basic abc' },
      ]) {
        const response = await post(headers);
        assert.equal(response.status, 401);
        assert.ok(Array.isArray(((await response.json()) as { errors: unknown[] }).errors));
      }
      const shortLived = await newImpersonationToken(60);
      assert.equal((await post({ authorization: `Bearer ${shortLived}`, 'x-bc-customer-id': '1' })).status, 200);
      served.emulator.clock.advance(60_000);
      assert.equal((await post({ authorization: `Bearer ${shortLived}`, 'x-bc-customer-id': '1' })).status, 401);
    });

    it('refuses an impersonation token from a browser, and creating one from a browser', async () => {
      const used = await post({ ...impersonating(1), origin: served.url });
      assert.equal(used.status, 403);
      assert.deepEqual(await used.json(), {
        errors: [{ message: 'Customer impersonation tokens cannot be used from a browser' }],
      });
      assert.equal((await post({ ...impersonating(1), 'sec-fetch-site': 'same-origin' })).status, 403);
      const created = await fetch(`${served.api}/v3/storefront/api-token-customer-impersonation`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-auth-token': served.emulator.app.accessToken,
          origin: 'https://shop.example.com',
        },
        body: JSON.stringify({ channel_id: 1, expires_at: Math.floor(T0 / 1000) + 60 }),
      });
      assert.equal(created.status, 403);
    });

    it('refuses an X-Bc-Customer-Id naming no customer', async () => {
      for (const id of ['999', 'abc', '-1', '1.5'])
        assert.equal((await post({ ...impersonating(), 'x-bc-customer-id': id })).status, 400, id);
    });

    it('lets a storefront page (with Origin) use the storefront token', async () => {
      assert.equal((await post({ ...storefront(), origin: served.url })).status, 200);
    });
  });

  describe('documents it refuses, as GraphQL servers do', () => {
    const raw = async (query: string, variables: unknown = {}) => {
      const response = await fetch(`${served.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...storefront() },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as Answer['body'] };
    };

    it('answers {errors} without data for unknown fields, wrong argument types, missing arguments and variables', async () => {
      const cases: [string, unknown, RegExp][] = [
        [
          '{ site { products { edges { node { entityId } } } } }',
          {},
          /FieldUndefined@\[site\/products\].*Field 'products' in type 'Site' is undefined/,
        ],
        ['{ site { product(entityId: "80") { entityId } } }', {}, /WrongType.*argument 'entityId'/],
        ['{ site { product(entityId: 80, colour: 1) { entityId } } }', {}, /UnknownArgument.*'colour'/],
        ['mutation { login(email: "a@b.c") { result } }', {}, /MissingFieldArgument.*'password'/],
        [LOGIN, { email: 'a@b.c' }, /Variable 'password'/],
        ['{ site { product(entityId: $id) { entityId } } }', {}, /UndeclaredVariable/],
        ['{ site { product(entityId: 80) } }', {}, /SubselectionRequired/],
        ['{ customer { email { value } } }', {}, /SubselectionNotAllowed/],
        ['{ site { ...Missing } }', {}, /UndefinedFragment/],
        ['{ site { product(entityId: 80) { ... on Customer { email } } } }', {}, /InvalidFragmentType/],
        ['{ site { product(entityId: 77) { entityId entityId: name } } }', {}, /FieldsConflict@\[site\/product\]/],
      ];
      for (const [query, variables, message] of cases) {
        const { status, body } = await raw(query, variables);
        assert.equal(status, 200, query);
        assert.equal(body.data, undefined, query);
        assert.match(body.errors?.map((e) => e.message).join('\n') ?? '', message, query);
      }
    });

    it('answers syntax errors with their location', async () => {
      const { body } = await raw('{ site { product(entityId: 80 { entityId } } }');
      assert.deepEqual(body, {
        errors: [{ message: 'Syntax Error: Expected Name, found "{".', locations: [{ line: 1, column: 31 }] }],
      });
    });

    it('reads aliases, named fragments, @include/@skip and picks an operation by name', async () => {
      const query = `
        query Other { customer { email } }
        query Prices($wide: Boolean!) {
          site { mug: product(entityId: 79) { ...Bits name @include(if: $wide) sku @skip(if: $wide) } }
        }
        fragment Bits on Product { entityId kind: __typename }`;
      const response = await fetch(`${served.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...storefront() },
        body: JSON.stringify({ query, variables: { wide: true }, operationName: 'Prices' }),
      });
      assert.deepEqual(await response.json(), {
        data: { site: { mug: { entityId: 79, kind: 'Product', name: 'Ceramic Mug' } } },
      });
    });

    it('refuses variables whose values do not fit their declared types, naming the variable, before running anything', async () => {
      const query =
        'query($id: Int!, $options: [OptionValueId!]) { site { product(entityId: $id, optionValueIds: $options) { entityId } } }';
      const cases: [Record<string, unknown>, RegExp][] = [
        [{ id: 'eighty' }, /^Variable 'id' has an invalid value: .*Int cannot represent non-integer value/],
        [{ id: null }, /^Variable 'id' has an invalid value: .*must not be null/],
        [
          { id: 80, options: [{ optionEntityId: 102 }] },
          /^Variable 'options' has an invalid value: .*valueEntityId.*not provided/,
        ],
        [
          { id: 80, options: [{ optionEntityId: 102, valueEntityId: 206, colour: 1 }] },
          /^Variable 'options' has an invalid value: .*'colour' is not defined/,
        ],
      ];
      for (const [variables, message] of cases) {
        const { status, body } = await raw(query, variables);
        assert.equal(status, 200, JSON.stringify(variables));
        assert.equal(body.data, undefined, JSON.stringify(variables));
        assert.equal(body.errors?.length, 1, JSON.stringify(body));
        assert.match(body.errors[0]!.message, message);
      }
      // A declared variable used where its type does not fit is a validation error of the document.
      const misplaced = await raw('query($id: String) { site { product(entityId: $id) { entityId } } }', { id: '80' });
      assert.match(
        misplaced.body.errors?.[0]?.message ?? '',
        /^Validation error \(VariableTypeMismatch\) : Variable '\$id' of type 'String' used in position expecting type 'Int'/,
      );
    });

    it('refuses other methods, content types and bodies', async () => {
      assert.equal((await fetch(`${served.url}/graphql`, { headers: storefront() })).status, 405);
      const post = (body: string, type = 'application/json') =>
        fetch(`${served.url}/graphql`, { method: 'POST', headers: { 'content-type': type, ...storefront() }, body });
      assert.equal((await post('{"query":"{ customer { email } }"}', 'text/plain')).status, 415);
      assert.equal((await post('{nope')).status, 400);
      assert.equal((await post('{"variables":{}}')).status, 400);
      assert.equal((await post('{"query":"{ customer { email } }","variables":[1]}')).status, 400);
    });
  });

  describe('what graphql-js brings', () => {
    it('answers introspection of the subset it serves, with BigCommerce descriptions', async () => {
      // Not through gql(): an introspection answer describes the emulator's schema, so it cannot read back through
      // BigCommerce's (test/node/emulator/graphql-sdl.test.ts checks the schema itself against it).
      const introspect = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
        const init = {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query, variables }),
        };
        return { body: (await (await fetch(`${served.url}/graphql`, init)).json()) as Answer['body'] };
      };
      const answer = await introspect(
        `{ __schema { queryType { name } mutationType { name } }
           prices: __type(name: "Prices") { kind description fields { name type { kind name ofType { name } } } }
           tier: __type(name: "BulkPricingTier") { kind possibleTypes { name } }
           missing: __type(name: "Cart") { name } }`,
        {},
        storefront(),
      );
      assert.equal(answer.body.errors, undefined);
      const data = answer.body.data!;
      assert.deepEqual(data.__schema, { queryType: { name: 'Query' }, mutationType: { name: 'Mutation' } });
      assert.equal(data.prices.kind, 'OBJECT');
      assert.equal(data.prices.description, 'The various prices that can be set on a product.');
      assert.deepEqual(data.prices.fields.find((f: { name: string }) => f.name === 'price').type, {
        kind: 'NON_NULL',
        name: null,
        ofType: { name: 'Money' },
      });
      assert.deepEqual(data.prices.fields.map((f: { name: string }) => f.name).sort(), [
        'basePrice',
        'bulkPricing',
        'mapPrice',
        'price',
        'priceRange',
        'retailPrice',
        'retailPriceRange',
        'salePrice',
        'saved',
      ]);
      assert.deepEqual(data.tier.possibleTypes.map((t: { name: string }) => t.name).sort(), [
        'BulkPricingFixedPriceDiscount',
        'BulkPricingPercentageDiscount',
        'BulkPricingRelativePriceDiscount',
      ]);
      assert.equal(data.missing, null, 'a type the emulator does not serve is absent');
    });

    it('merges a field asked twice through fragments and aliases, and spreads fragments on an interface', async () => {
      const query = `query($product: Int!, $withSku: Boolean = true) {
        site {
          first: product(entityId: $product) { ...Named prices { ...Tiers } }
          again: product(entityId: $product) { entityId ... on Product { entityId sku @include(if: $withSku) } }
        }
      }
      fragment Named on Product { entityId name }
      fragment Tiers on Prices { bulkPricing { ...Tier min: minimumQuantity } }
      fragment Tier on BulkPricingTier { __typename minimumQuantity ... on BulkPricingPercentageDiscount { off: percentOff } }`;
      const answer = await gql(query, { product: 79 }, impersonating(2));
      assert.equal(answer.body.errors, undefined);
      const { first, again } = answer.body.data!.site;
      assert.deepEqual(Object.keys(first), ['entityId', 'name', 'prices']);
      assert.deepEqual(Object.keys(again), ['entityId', 'sku']);
      assert.equal(again.entityId, first.entityId);
      assert.ok(first.prices.bulkPricing.length > 1, 'the product has bulk tiers');
      for (const tier of first.prices.bulkPricing) {
        assert.equal(tier.min, tier.minimumQuantity);
        assert.equal('off' in tier, tier.__typename === 'BulkPricingPercentageDiscount');
      }
    });
  });

  it('is counted and faulted under the route name graphql', async () => {
    served.emulator.faults.set('graphql', { status: 503, times: 1 });
    const post = () =>
      fetch(`${served.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...storefront() },
        body: JSON.stringify({ query: CUSTOMER }),
      });
    assert.equal((await post()).status, 503);
    assert.equal((await post()).status, 200);
    assert.equal(served.emulator.calls.count('graphql'), 2);
  });

  describe('contract: documents and answers match BigCommerce schema.graphql', { skip: specsSkip }, () => {
    before(requireSpecs);

    it('every document the tests above sent is valid, and every answer reads back through the schema', async () => {
      assert.ok(exchanges.length > 20, `${exchanges.length} exchanges recorded`);
      for (const { test, query, variables, data } of exchanges) {
        assert.deepEqual(schemaErrors(query), [], `${test}: the document is valid against schema.graphql`);
        if (data)
          assert.deepEqual(
            await answerErrors(query, data, variables),
            [],
            `${test}: the answer conforms to schema.graphql`,
          );
      }
    });
  });
});
