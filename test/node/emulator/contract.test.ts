// Contract tests: the emulator's real requests and answers, validated against BigCommerce's own spec files
// (the spec folder: $BC_SPECS_DIR or ../shared/bigcommerce-specs, see test/support/specs.ts) with ajv. Each operation
// the emulator implements is exercised in its main shapes; the backend's GraphQL documents are checked against
// schema.graphql. Skipped, with one line saying how to get the files, when the folder is absent (failed under CI=true).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { decodeJwt, SignJWT } from 'jose';
import { REDIRECT_URLS_DOCUMENT, pricesDocument } from '../../../src/server/graphql-pricing.js';
import { requireSpecs, specsSkip } from '../../support/specs.js';
import { schemaErrors } from './graphql-schema.js';
import { loadSpec, requestBody, responseBody, type Spec } from './openapi.js';
import { apiFetch, Browser, serve, T0, type Served } from './support.js';

let served: Served;

/** Sends `body` to `path` after checking it against the request schema; answers the parsed response. */
async function call(spec: Spec, specPath: string, method: string, path: string, body?: unknown) {
  if (body !== undefined)
    assert.deepEqual(spec.validator(requestBody(specPath, method))(body), [], `request to ${path}`);
  const response = await apiFetch(served, path, { method: method.toUpperCase(), body });
  return { status: response.status, json: (await response.json()) as unknown };
}

function valid(spec: Spec, path: readonly string[], value: unknown, what: string) {
  assert.deepEqual(spec.validator(path)(value), [], what);
}

describe('contract: emulator answers match BigCommerce spec files', { skip: specsSkip }, () => {
  before(async () => {
    requireSpecs();
    served = await serve();
  });
  after(() => served?.close());
  beforeEach(() => {
    served.emulator.reset();
    served.emulator.clock.set(T0);
  });

  it('pricing.sf.yml getPrices (POST /pricing/products): requests and 200 answers, 422 as ErrorResponse', async () => {
    const spec = await loadSpec('pricing.sf.yml');
    const carts = await loadSpec('carts.v3.yml');
    const bodies = [
      {
        channel_id: 1,
        currency_code: 'USD',
        items: [{ product_id: 78 }, { product_id: 86 }, { product_id: 79, variant_id: 65 }],
      },
      {
        channel_id: 1,
        currency_code: 'USD',
        customer_group_id: 1,
        items: served.emulator.seed.products.map((p) => ({ product_id: p.id })),
      },
      {
        channel_id: 1,
        currency_code: 'EUR',
        customer_group_id: 2,
        items: [{ product_id: 83, options: [{ option_id: 301, value_id: 211 }] }],
      },
      {
        channel_id: 1,
        currency_code: 'USD',
        customer_id: 2,
        items: [
          {
            product_id: 84,
            options: [
              { option_id: 104, value_id: 213 },
              { option_id: 105, value_id: 216 },
            ],
          },
        ],
      },
    ];
    for (const body of bodies) {
      const { status, json } = await call(spec, '/pricing/products', 'post', '/v3/pricing/products', body);
      assert.equal(status, 200);
      valid(spec, responseBody('/pricing/products', 'post', '200'), json, 'operation response');
      valid(spec, ['components', 'schemas', 'PricingResponse'], json, 'PricingResponse');
      for (const item of (json as { data: unknown[] }).data)
        valid(spec, ['components', 'schemas', 'ItemPricing'], item, 'ItemPricing');
      assert.equal((json as { data: unknown[] }).data.length, body.items.length);
    }
    const bad = await call(spec, '/pricing/products', 'post', '/v3/pricing/products', {
      channel_id: 1,
      currency_code: 'USD',
      items: [],
    });
    assert.equal(bad.status, 422);
    valid(carts, ['components', 'schemas', 'ErrorResponse'], bad.json, 'v3 error body');
  });

  it('carts.v3.yml createCart (POST /carts) with include=redirect_urls, getCart (GET /carts/{cartId}) and 404', async () => {
    const spec = await loadSpec('carts.v3.yml');
    const bodies = [
      { channel_id: 1, line_items: [{ quantity: 1, product_id: 78 }] },
      {
        customer_id: 1,
        channel_id: 1,
        currency: { code: 'USD' },
        locale: 'en-US',
        line_items: [
          { quantity: 12, product_id: 96, variant_id: 111 },
          { quantity: 2, product_id: 84, variant_id: 76 },
        ],
      },
    ];
    for (const body of bodies) {
      const created = await call(spec, '/carts', 'post', '/v3/carts?include=redirect_urls', body);
      assert.equal(created.status, 201);
      valid(spec, responseBody('/carts', 'post', '201'), created.json, 'createCart 201');
      const { id, redirect_urls: urls } = (created.json as { data: { id: string; redirect_urls: unknown } }).data;
      valid(
        spec,
        [
          'components',
          'responses',
          'CartRedirectResponse',
          'content',
          'application/json',
          'schema',
          'properties',
          'data',
        ],
        urls,
        'redirect_urls',
      );
      const read = await call(spec, '/carts/{cartId}', 'get', `/v3/carts/${id}`);
      assert.equal(read.status, 200);
      valid(spec, responseBody('/carts/{cartId}', 'get', '200'), read.json, 'getCart 200');
    }
    const missing = await call(spec, '/carts/{cartId}', 'get', '/v3/carts/00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404);
    valid(spec, ['components', 'schemas', 'NotFound'], missing.json, 'NotFound');
    valid(spec, ['components', 'schemas', 'ErrorResponse'], missing.json, 'ErrorResponse');
  });

  it('carts.v3.yml createCartRedirectURL (POST /carts/{cartId}/redirect_urls), with and without query_params', async () => {
    const spec = await loadSpec('carts.v3.yml');
    const { json } = await call(spec, '/carts', 'post', '/v3/carts', { line_items: [{ quantity: 1, product_id: 99 }] });
    const id = (json as { data: { id: string } }).data.id;
    for (const body of [undefined, { query_params: { utm_source: 'emulator' } }]) {
      const { status, json: urls } = await call(
        spec,
        '/carts/{cartId}/redirect_urls',
        'post',
        `/v3/carts/${id}/redirect_urls`,
        body,
      );
      assert.equal(status, 201);
      valid(spec, responseBody('/carts/{cartId}/redirect_urls', 'post', '201'), urls, 'createCartRedirectURL 201');
    }
  });

  it('storefront_tokens.v3.yml createTokenWithCustomerImpersonation: channel_id and channel_ids, 422 otherwise', async () => {
    const spec = await loadSpec('storefront_tokens.v3.yml');
    const path = '/storefront/api-token-customer-impersonation';
    const expires = T0 / 1000 + 3600;
    for (const body of [
      { channel_id: 1, expires_at: expires },
      { channel_ids: [1], expires_at: expires },
    ]) {
      const { status, json } = await call(spec, path, 'post', `/v3${path}`, body);
      assert.equal(status, 200);
      valid(spec, responseBody(path, 'post', '200'), json, 'token 200');
    }
    for (const body of [
      { expires_at: expires },
      { channel_id: 1, channel_ids: [1], expires_at: expires },
      { channel_id: 1, expires_at: T0 / 1000 - 1 },
    ]) {
      const response = await apiFetch(served, `/v3${path}`, { body });
      assert.equal(response.status, 422, JSON.stringify(body));
    }
  });

  it('storefront_tokens.v3.yml createToken and createPrivateToken: documented bodies answered as Token_Full, 422 otherwise', async () => {
    const spec = await loadSpec('storefront_tokens.v3.yml');
    const expires = T0 / 1000 + 3600;
    const cases: [string, unknown[], unknown[]][] = [
      [
        '/storefront/api-token',
        [
          { channel_id: 1, expires_at: expires, allowed_cors_origins: ['https://www.yourstorefront.com'] },
          {
            channel_ids: [1],
            expires_at: expires,
            allowed_cors_origins: ['https://a.example.com', 'https://b.example.com'],
          },
        ],
        [
          { expires_at: expires },
          {
            channel_id: 1,
            expires_at: expires,
            allowed_cors_origins: ['https://a.test', 'https://b.test', 'https://c.test'],
          },
        ],
      ],
      [
        '/storefront/api-token-private',
        [
          { channel_id: 1, expires_at: expires, scopes: ['Unauthenticated', 'Customer'] },
          { channel_ids: [1], expires_at: expires, scopes: ['Unauthenticated', 'Customer', 'B2B'] },
        ],
        [
          { channel_id: 1, expires_at: expires },
          { channel_id: 1, expires_at: expires, scopes: [] },
          { channel_id: 1, expires_at: expires, scopes: ['Admin'] },
        ],
      ],
    ];
    for (const [path, good, bad] of cases) {
      for (const body of good) {
        const { status, json } = await call(spec, path, 'post', `/v3${path}`, body);
        assert.equal(status, 200, `${path} ${JSON.stringify(body)}`);
        valid(spec, responseBody(path, 'post', '200'), json, `${path} 200`);
      }
      for (const body of bad) {
        // Each is outside the request schema too (the spec's own check says so), and the emulator refuses it.
        if (path.endsWith('private') || (body as { allowed_cors_origins?: unknown[] }).allowed_cors_origins) {
          assert.notDeepEqual(
            spec.validator(requestBody(path, 'post'))(body),
            [],
            `${path} ${JSON.stringify(body)} breaks the spec`,
          );
        }
        const response = await apiFetch(served, `/v3${path}`, { body });
        assert.equal(response.status, 422, `${path} ${JSON.stringify(body)}`);
      }
    }
  });

  it('current_customer.yml getCurrentCustomer: a JWT string answer, claims as documented in its description', async () => {
    const spec = await loadSpec('current_customer.yml');
    const browser = new Browser(served.url);
    await browser.signIn('wholesale@example.com', 'wholesale-demo-1');
    const response = await browser.fetch(`/customer/current.jwt?app_client_id=${served.emulator.app.clientId}`);
    assert.equal(response.status, 200);
    const token = await response.text();
    valid(spec, responseBody('/customer/current.jwt', 'get', '200'), token, 'getCurrentCustomer 200');
    // The spec documents the payload only as an example in prose: its keys, exactly.
    assert.deepEqual(Object.keys(decodeJwt(token)).sort(), [
      'application_id',
      'aud',
      'customer',
      'exp',
      'iat',
      'iss',
      'operation',
      'store_hash',
      'sub',
      'version',
    ]);
  });

  it('customer_login.yml getCustomerLogin: tokens shaped as customerLoginSSO sign in', async () => {
    const spec = await loadSpec('customer_login.yml');
    const { app } = served.emulator;
    const claims = {
      iss: app.clientId,
      iat: T0 / 1000,
      jti: 'contract-1',
      operation: 'customer_login',
      store_hash: app.storeHash,
      customer_id: 3,
      redirect_to: '/account.php',
      request_ip: '127.0.0.1',
    };
    valid(spec, ['components', 'schemas', 'customerLoginSSO'], claims, 'customerLoginSSO');
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(app.clientSecret));
    const response = await new Browser(served.url).fetch(`/login/token/${token}`);
    // The spec lists 200; the storefront answers with the redirect its docs describe.
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), '/account.php');
  });

  it('pages.v3.yml createPages, getPages, getPage, updatePage, updatePages, deletePage(s): bodies and answers', async () => {
    const spec = await loadSpec('pages.v3.yml');
    const raw = {
      channel_id: 1,
      name: 'Storefront bridge',
      type: 'raw',
      body: '<p>bridge</p>',
      url: '/bc-bridge/',
      is_visible: false,
    };
    const created = await call(spec, '/content/pages', 'post', '/v3/content/pages?include=body', raw);
    assert.equal(created.status, 201);
    valid(
      spec,
      ['components', 'responses', 'HTTP201CreatePages', 'content', 'application/json', 'schema'],
      created.json,
      'createPages 201',
    );
    valid(spec, ['components', 'schemas', 'typeRaw'], (created.json as { data: unknown }).data, 'typeRaw');
    const id = (created.json as { data: { id: number } }).data.id;

    const many = [
      { name: 'About us', type: 'page', body: '<p>About</p>', meta_title: 'About' },
      { name: 'Contact', type: 'contact_form', email: 'shop@example.com', contact_fields: 'fullname,phone' },
      { name: 'Elsewhere', type: 'link', link: 'https://www.example.com/elsewhere' },
    ];
    const bulk = await call(spec, '/content/pages', 'post', '/v3/content/pages', many);
    assert.equal(bulk.status, 201);
    // The 201 schema names a single page; arrays are answered as arrays, as its description says: each item checked.
    const [page, form, link] = (bulk.json as { data: unknown[] }).data;
    valid(spec, ['components', 'schemas', 'typePage'], page, 'typePage');
    valid(spec, ['components', 'schemas', 'typeContactForm'], form, 'typeContactForm');
    valid(spec, ['components', 'schemas', 'typeLink'], link, 'typeLink');

    for (const query of ['', '?include=body', '?channel_id=1&limit=2&page=2', `?id:in=${id}`, '?name:like=bridge']) {
      const list = await call(spec, '/content/pages', 'get', `/v3/content/pages${query}`);
      assert.equal(list.status, 200);
      valid(spec, responseBody('/content/pages', 'get', '200'), list.json, `getPages ${query}`);
    }
    const one = await call(spec, '/content/pages/{pageId}', 'get', `/v3/content/pages/${id}?include=body`);
    valid(spec, responseBody('/content/pages/{pageId}', 'get', '200'), one.json, 'getPage 200');
    const updated = await call(spec, '/content/pages/{pageId}', 'put', `/v3/content/pages/${id}`, {
      body: '<p>v2</p>',
      is_visible: false,
    });
    assert.equal(updated.status, 200);
    valid(spec, responseBody('/content/pages/{pageId}', 'put', '200'), updated.json, 'updatePage 200');
    const updatedMany = await call(spec, '/content/pages', 'put', '/v3/content/pages', [
      { id, meta_title: null, search_keywords: 'bridge' },
    ]);
    assert.equal(updatedMany.status, 200);
    valid(spec, responseBody('/content/pages', 'put', '200'), updatedMany.json, 'updatePages 200');

    const missing = await call(spec, '/content/pages/{pageId}', 'get', '/v3/content/pages/99');
    assert.equal(missing.status, 404);
    valid(
      spec,
      responseBody('/content/pages/{pageId}', 'get', '404', 'application/problem+json'),
      missing.json,
      'getPage 404',
    );
    const badId = await call(spec, '/content/pages/{pageId}', 'get', '/v3/content/pages/bar');
    assert.equal(badId.status, 422);
    valid(
      spec,
      responseBody('/content/pages/{pageId}', 'get', '422', 'application/problem+json'),
      badId.json,
      'getPage 422',
    );
    const invalid = await apiFetch(served, '/v3/content/pages', { body: { name: 'No body', type: 'raw' } });
    assert.equal(invalid.status, 422);
    valid(
      spec,
      responseBody('/content/pages', 'post', '422', 'application/problem+json'),
      await invalid.json(),
      'createPages 422',
    );
    const unsupported = await apiFetch(served, '/v3/content/pages?url=/bc-bridge/');
    assert.equal(unsupported.status, 400);
    valid(
      spec,
      responseBody('/content/pages', 'get', '400', 'application/problem+json'),
      await unsupported.json(),
      'getPages 400',
    );

    assert.equal((await apiFetch(served, `/v3/content/pages/${id}`, { method: 'DELETE' })).status, 204);
    const gone = await apiFetch(served, `/v3/content/pages?id:in=${id}`, { method: 'DELETE' });
    assert.equal(gone.status, 404);
    valid(
      spec,
      responseBody('/content/pages', 'delete', '404', 'application/problem+json'),
      await gone.json(),
      'deletePages 404',
    );
  });

  it('settings.v3.yml getSettingsStorefrontSecurity and updateSettingsStorefrontSecurity', async () => {
    const spec = await loadSpec('settings.v3.yml');
    const path = '/settings/storefront/security';
    const read = await call(spec, path, 'get', `/v3${path}`);
    assert.equal(read.status, 200);
    valid(spec, responseBody(path, 'get', '200'), read.json, 'get 200');
    const body = {
      csp_header: { enabled: true, header_value: "default-src 'self'" },
      hsts: { enabled: true, include_preload: false, include_subdomains: true, max_age: 'one_year' },
      sitewide_https_enabled: true,
      x_frame_options_header: { enabled: true, setting: 'allow_from_url', allowed_url: 'https://www.example.com' },
    };
    const put = await call(spec, path, 'put', `/v3${path}`, body);
    assert.equal(put.status, 200);
    valid(spec, responseBody(path, 'put', '200'), put.json, 'put 200');
    assert.deepEqual((put.json as { data: unknown }).data, body);
  });

  it('the validators do reject what the specs forbid (they are not vacuous)', async () => {
    const pricing = (await loadSpec('pricing.sf.yml')).validator(['components', 'schemas', 'ItemPricing']);
    assert.deepEqual(
      pricing({ product_id: 1, price: { as_entered: '1.00' }, bulk_pricing: [{ discount_type: 'weird' }] }),
      [
        '/price/as_entered must be number {"type":"number"}',
        '/bulk_pricing/0/discount_type must be equal to one of the allowed values {"allowedValues":["price","percent","fixed"]}',
      ],
    );
    const cart = (await loadSpec('carts.v3.yml')).validator(responseBody('/carts/{cartId}', 'get', '200'));
    assert.deepEqual(cart({ data: { id: 'not-a-uuid', line_items: { physical_items: [{ product_id: 1 }] } } }), [
      '/data/id must match format "UUID" {"format":"UUID"}',
      '/data/line_items/physical_items/0 must have required property \'variant_id\' {"missingProperty":"variant_id"}',
      '/data/line_items/physical_items/0 must have required property \'quantity\' {"missingProperty":"quantity"}',
    ]);
  });

  it('the backend sends GraphQL documents that are valid against schema.graphql', () => {
    const items = [
      { productId: 80, variantId: null, options: [] },
      { productId: 81, variantId: 71, options: [] },
      {
        productId: 84,
        variantId: null,
        options: [
          { optionId: 104, valueId: 212 },
          { optionId: 105, valueId: 215 },
        ],
      },
    ];
    assert.deepEqual(schemaErrors(pricesDocument(items)), []);
    assert.deepEqual(schemaErrors(REDIRECT_URLS_DOCUMENT), []);
  });
});
