// Contract: the overlay SDL (src/emulator/storefront-overlay.ts), the fields BigCommerce documented after the official
// schema.graphql, against the documentation pages it cites (graphql-storefront.mdx, headless-customers.mdx in the spec
// folder): it only adds to schema.graphql (never redefines a field but `login`, which it declares with every official
// argument kept and the documented guestCartEntityId added); every example document of those pages that uses the
// overlay or createCartRedirectUrls validates against the schema the emulator serves; every example answer conforms
// to it; and the emulator, sent each example document server-to-server, answers in the example's shape (the session
// sync JWT's claims too).
// Skipped, with how to get the files, when the spec folder is absent (test/support/specs.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { buildSchema, execute, extendSchema, isObjectType, parse, validate, type GraphQLField } from 'graphql';
import { SignJWT, decodeJwt } from 'jose';
import { STOREFRONT_SCHEMA } from '../../../src/emulator/graphql.js';
import { STOREFRONT_OVERLAY_SDL } from '../../../src/emulator/storefront-overlay.js';
import { STOREFRONT_SDL } from '../../../src/emulator/storefront-schema.js';
import { emulatorCart } from '../../support/emulator-cart.js';
import { requireSpecs, specFile, specsSkip } from '../../support/specs.js';
import { storefrontSchema } from './graphql-schema.js';
import { apiFetch, T0, servedForEachTest } from './support.js';

const PAGES = ['graphql-storefront.mdx', 'headless-customers.mdx'];
/** What marks an example as one about the overlay's fields (or the session-sync use of createCartRedirectUrls). */
const ABOUT = /customerAccessToken|loginWithCustomerLoginJwt|createCartRedirectUrls|generateSessionSyncJwt/;
/** What marks an example document or answer as one the emulator is checked against, answer for answer. */
const ANSWERED = /customerAccessToken|generateSessionSyncJwt/;

/** The fenced blocks of a page in a language, the HTTP request lines before a document dropped. */
function blocks(page: string, lang: string): string[] {
  const text = readFileSync(specFile(page), 'utf8');
  return [...text.matchAll(new RegExp('```' + lang + '[^\\n]*\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

function documents(): string[] {
  // A document is in a graphql block, or after the request lines of an http one (generateSessionSyncJwt's).
  return PAGES.flatMap((page) => [...blocks(page, 'graphql'), ...blocks(page, 'http')])
    .map((block) => block.slice(block.search(/^\s*(mutation|query)\b/m)))
    .filter((doc) => ABOUT.test(doc) && /^\s*(mutation|query)\b/.test(doc));
}

/** The example answers holding a customer access token or a session sync JWT, as `data`. */
function answers(): Record<string, unknown>[] {
  return PAGES.flatMap((page) => blocks(page, 'json'))
    .filter((b) => ANSWERED.test(b))
    .map((b) => (JSON.parse(b) as { data: Record<string, unknown> }).data);
}

/** The shape of a value: its keys, recursively (leaves become their type). */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, shape(v)])
        .sort(),
    );
  return typeof value;
}

describe('contract: the overlay SDL against the docs it comes from', { skip: specsSkip }, () => {
  before(requireSpecs);
  const served = servedForEachTest();

  it('only adds to schema.graphql: new types, and new fields on its types, never a redefinition but login', () => {
    const official = storefrontSchema();
    const base = buildSchema(STOREFRONT_SDL);
    const extended = extendSchema(base, parse(STOREFRONT_OVERLAY_SDL));
    const added: string[] = [];
    for (const type of Object.values(extended.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      const before = base.getType(type.name);
      if (!before) {
        added.push(type.name);
        assert.equal(official.getType(type.name), undefined, `${type.name} is in schema.graphql: copy it instead`);
      }
      if (!isObjectType(type)) continue;
      for (const field of Object.keys(type.getFields())) {
        if (before && isObjectType(before) && before.getFields()[field]) continue;
        added.push(`${type.name}.${field}`);
        if (`${type.name}.${field}` === 'Mutation.login') continue;
        const theirs = official.getType(type.name);
        assert.ok(
          !(theirs && isObjectType(theirs) && theirs.getFields()[field]),
          `${type.name}.${field} is in schema.graphql: copy it into storefront-schema.ts instead`,
        );
      }
    }
    assert.deepEqual(added.sort(), [
      'CustomerAccessToken',
      'CustomerAccessToken.expiresAt',
      'CustomerAccessToken.value',
      'GenerateSessionSyncJwtError',
      'GenerateSessionSyncJwtError.message',
      'GenerateSessionSyncJwtResult',
      'GenerateSessionSyncJwtResult.errors',
      'GenerateSessionSyncJwtResult.result',
      'IpAddress',
      'LoginResult.customerAccessToken',
      'LoginWithCustomerLoginJwtResult',
      'LoginWithCustomerLoginJwtResult.customer',
      'LoginWithCustomerLoginJwtResult.customerAccessToken',
      'Mutation.generateSessionSyncJwt',
      'Mutation.login',
      'Mutation.loginWithCustomerLoginJwt',
      'PaymentWalletDataInput',
      'SessionSyncJwt',
      'SessionSyncJwt.token',
      'SessionSyncJwt.url',
      'UUID',
    ]);
    // Every name the overlay adds is one the docs use (type names marked [inferred] in the overlay excepted).
    const docs = PAGES.map((p) => readFileSync(specFile(p), 'utf8'))
      .join('\n')
      .toLowerCase();
    for (const name of [
      'customerAccessToken',
      'value',
      'expiresAt',
      'loginWithCustomerLoginJwt',
      'jwt',
      'guestCartEntityId',
      'generateSessionSyncJwt',
      'redirectTo',
      'cartId',
      'visitorId',
      'visitId',
      'ipAddress',
      'paymentWalletData',
      'UUID',
      'IpAddress',
      'PaymentWalletDataInput',
      'result',
      'token',
      'url',
      'errors',
    ]) {
      assert.ok(docs.includes(name.toLowerCase()), name);
    }
  });

  it('declares login with every argument of schema.graphql, unchanged, and only guestCartEntityId added', () => {
    const official = storefrontSchema().getMutationType()!.getFields().login!;
    const ours = STOREFRONT_SCHEMA.getMutationType()!.getFields().login!;
    const described = (field: GraphQLField<unknown, unknown>) => ({
      type: String(field.type),
      description: field.description,
      deprecationReason: field.deprecationReason,
      args: field.args.map((a) => ({
        name: a.name,
        type: String(a.type),
        description: a.description,
        defaultValue: a.defaultValue,
        deprecationReason: a.deprecationReason,
      })),
    });
    const theirs = described(official);
    const mine = described(ours);
    assert.deepEqual(
      mine.args.filter((a) => a.name !== 'guestCartEntityId'),
      theirs.args,
    );
    assert.deepEqual({ ...mine, args: [] }, { ...theirs, args: [] });
    const added = mine.args.find((a) => a.name === 'guestCartEntityId');
    // graphql-storefront.mdx, "Signing customers in": optional, as loginWithCustomerLoginJwt's (a cart id is a String).
    assert.equal(added?.type, 'String');
    assert.equal(
      theirs.args.some((a) => a.name === 'guestCartEntityId'),
      false,
      'schema.graphql now has it: copy login back',
    );
  });

  it('validates every example document of the docs that uses the overlay or createCartRedirectUrls', () => {
    const docs = documents();
    assert.ok(docs.length >= 3, `${docs.length} documents`);
    assert.ok(
      docs.some((d) => /loginWithCustomerLoginJwt/.test(d)) &&
        docs.some((d) => /login\(/.test(d)) &&
        docs.some((d) => /createCartRedirectUrls/.test(d)),
    );
    for (const doc of docs)
      assert.deepEqual(
        validate(STOREFRONT_SCHEMA, parse(doc)).map((e) => e.message),
        [],
        doc,
      );
  });

  it('reads every example answer of the docs back through the served schema', async () => {
    const docs = documents().filter((d) => ANSWERED.test(d));
    const examples = answers();
    assert.equal(examples.length, docs.length, 'one example answer per example document');
    assert.ok(docs.some((d) => /generateSessionSyncJwt/.test(d)));
    // The served SDL without the emulator's resolvers, so each field reads the example's value.
    const schema = extendSchema(buildSchema(STOREFRONT_SDL), parse(STOREFRONT_OVERLAY_SDL));
    for (const [i, data] of examples.entries()) {
      const result = await execute({
        schema,
        document: parse(docs[i]!),
        rootValue: data,
        variableValues: { email: 'x', pass: 'y', jwt: 'z', redirectTo: 'xyz789' },
        fieldResolver: (source, _a, _c, info) => (source as Record<string, unknown>)[info.path.key as string],
      });
      assert.deepEqual(result.errors ?? [], [], docs[i]);
      assert.deepEqual(JSON.parse(JSON.stringify(result.data)), data);
    }
  });

  it('answers each example document server-to-server in the shape of the docs\u2019 example answer', async () => {
    const expires = T0 / 1000 + 3600;
    const created = await apiFetch(served, '/v3/storefront/api-token-private', {
      body: { channel_id: 1, expires_at: expires, scopes: ['Unauthenticated', 'Customer'] },
    });
    const { token } = ((await created.json()) as { data: { token: string } }).data;
    const { app } = served.emulator;
    const jwt = await new SignJWT({ operation: 'customer_login', store_hash: app.storeHash, customer_id: 2 })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(app.clientId)
      .setIssuedAt(T0 / 1000)
      .setJti('overlay-contract')
      .sign(new TextEncoder().encode(app.clientSecret));
    const examples = answers();
    const docs = documents().filter((d) => /customerAccessToken/.test(d));
    assert.ok(docs.length >= 2, `${docs.length} documents`);
    let cat = '';
    for (const [i, doc] of docs.entries()) {
      const response = await fetch(`${served.url}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: doc, variables: { email: 'vip@example.com', pass: 'vip-demo-1', jwt } }),
      });
      const body = (await response.json()) as { data: Record<string, any>; errors?: unknown };
      assert.equal(body.errors, undefined, doc);
      assert.deepEqual(shape(body.data), shape(examples[i]), doc);
      cat = (Object.values(body.data)[0] as { customerAccessToken: { value: string } }).customerAccessToken.value;
    }
    const redirect = documents().find((d) => /createCartRedirectUrls/.test(d))!;
    const cart = await emulatorCart(served.url, app);
    const response = await fetch(`${served.url}/graphql`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-bc-customer-access-token': cat,
      },
      body: JSON.stringify({ query: redirect, variables: { input: { cartEntityId: cart } } }),
    });
    const body = (await response.json()) as {
      data: { cart: { createCartRedirectUrls: { redirectUrls: { redirectedCheckoutUrl: string } } } };
    };
    // headless-customers.mdx: "It will be a session sync link".
    assert.match(body.data.cart.createCartRedirectUrls.redirectUrls.redirectedCheckoutUrl, /\/session-sync\?jwt=/);
  });

  it('answers the docs’ generateSessionSyncJwt example in its shape, with a token of the example token’s claims', async () => {
    const created = await apiFetch(served, '/v3/storefront/api-token-private', {
      body: { channel_id: 1, expires_at: T0 / 1000 + 3600, scopes: ['Customer'] },
    });
    const { token } = ((await created.json()) as { data: { token: string } }).data;
    const doc = documents().find((d) => /generateSessionSyncJwt/.test(d))!;
    const example = answers().find((a) => 'generateSessionSyncJwt' in a)!;
    const cart = await emulatorCart(served.url, served.emulator.app);
    // The docs' example variables, with values where they show type names (ipAddress, paymentWalletData: omitted).
    const variables = {
      redirectTo: 'xyz789',
      cartId: cart,
      visitorId: '3d077ee5-373a-42aa-91d2-dd43dc87dde9',
      visitId: '3d077ee5-373a-42aa-91d2-dd43dc87dde9',
      ipAddress: '192.168.1.14',
    };
    const response = await fetch(`${served.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: doc, variables }),
    });
    const body = (await response.json()) as {
      data: { generateSessionSyncJwt: { result: { token: string; url: string } } };
      errors?: unknown;
    };
    assert.equal(body.errors, undefined);
    assert.deepEqual(shape(body.data), shape(example));
    const ours = body.data.generateSessionSyncJwt.result;
    assert.equal(ours.url, `${served.url}/session-sync?jwt=${ours.token}`);
    const theirs = (example.generateSessionSyncJwt as { result: { token: string } }).result.token;
    // An anonymous shopper, as in the example token (customer_id null): the same claims, of the same types.
    assert.deepEqual(shape(decodeJwt(ours.token)), shape(decodeJwt(theirs)));
    assert.deepEqual(decodeJwt(ours.token), {
      ...decodeJwt(ours.token),
      iss: 'BC',
      operation: 'session_sync',
      request_ip: '192.168.1.14',
      redirect_to: `${served.url}/xyz789`,
      session_payload: {
        cart_id: cart,
        customer_id: null,
        visitor_id: variables.visitorId,
        visit_id: variables.visitId,
        cart_locale: null,
        payment_wallet_data: null,
      },
    });
  });
});
