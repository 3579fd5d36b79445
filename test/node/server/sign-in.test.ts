// Headless sign-in through the backend (issue #17), over real HTTP against the emulator: POST /sign-in spends email
// and password on the GraphQL `login` mutation server-to-server and sets the backend's sealed session cookie
// (attributes checked), POST /sign-out logs the customer access token out and clears it; cross-origin and
// origin-less calls are refused (CSRF), one generic failure for a wrong email or password, attempts limited per
// address and per email (429 with Retry-After), credentials never logged.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createEmulator, type Emulator } from '../../../src/emulator/index.js';
import type { FetchHandler, HandlerOptions } from '../../../src/server/index.js';
import { listen, type Listening } from '../../../src/server/node.js';
import { jsonLineLogger } from '../../../src/server/log.js';
import { createSessionCookieCodec } from '../../../src/server/session-cookie.js';
import { createBackendFor } from '../../../src/local-site/local-store.js';
import { storefrontGraphql } from '../../support/emulator-graphql.js';
import { newSecret, postAsPage, recordingLogger, SESSION_PAGE, sessionCookieOf, WHOLESALE } from './helpers.js';

const PAGE = SESSION_PAGE;

describe('sign-in through the backend', () => {
  let emulator: Emulator;
  let shop: Listening;
  let backend: Listening | undefined;
  let logger: ReturnType<typeof recordingLogger>;
  const secret = newSecret();

  before(async () => {
    emulator = createEmulator();
    shop = await listen(emulator.handle);
  });
  after(() => shop.close());
  beforeEach(async () => {
    emulator.reset();
    await backend?.close();
    backend = undefined;
  });
  after(() => backend?.close());

  async function serve(options: Partial<HandlerOptions> = {}): Promise<string> {
    logger = recordingLogger();
    const handler: FetchHandler = createBackendFor(emulator, shop.url, {
      rateLimit: false,
      sessionSecrets: [secret],
      allowedOrigins: [PAGE],
      now: () => emulator.clock.now(),
      logger,
      ...options,
    });
    backend = await listen(handler);
    return backend.url;
  }

  const call = postAsPage;

  const open = (value: string) =>
    createSessionCookieCodec({ secrets: [secret], maxAgeSeconds: 604_800, now: () => emulator.clock.now() }).open(
      value,
    );

  /** Whether the storefront still takes `customerAccessToken` (asked as BigCommerce is, with a private token). */
  async function tokenWorks(customerAccessToken: string): Promise<boolean> {
    const answer = await storefrontGraphql(shop.url, emulator, '{ customer { email } }', {
      'x-bc-customer-access-token': customerAccessToken,
      'x-bc-error-on-invalid-customer-access-token': 'true',
    });
    if (answer.status !== 200) return false;
    const json = (await answer.json()) as { data?: { customer?: { email: string } | null } };
    return json.data?.customer?.email === WHOLESALE.email;
  }

  it('signs in with email and password and sets a sealed, HttpOnly, SameSite=Lax cookie on the endpoint path', async () => {
    const url = await serve({ basePath: '/bc' });
    const { response, text, body } = await call(url, '/bc/sign-in', WHOLESALE);
    assert.equal(response.status, 200, text);
    assert.equal(body['customer'].email, WHOLESALE.email);
    assert.equal(body['customer'].groupId, 1);
    assert.equal(typeof body['expiresAt'], 'number');
    assert.equal(response.headers.get('access-control-allow-origin'), PAGE);
    assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
    const cookie = sessionCookieOf(response);
    assert.ok(cookie.attributes.includes('HttpOnly'));
    assert.ok(cookie.attributes.includes('SameSite=Lax'));
    assert.ok(cookie.attributes.includes('Path=/bc'));
    // The backend is plain HTTP on 127.0.0.1, but the page is not on a loopback name: Secure (only the demo, both
    // on loopback, goes without; see the proxy test below).
    assert.ok(cookie.attributes.includes('Secure'));
    const maxAge = Number(cookie.attributes.find((a) => a.startsWith('Max-Age='))?.slice(8));
    assert.ok(maxAge > 0 && maxAge <= 604_800);
    const session = await open(cookie.value);
    assert.ok(session);
    assert.deepEqual(session.customer, body['customer']);
    assert.equal(session.expiresAt, body['expiresAt']);
    // The customer access token is in the cookie, sealed: never readable in the answer.
    assert.ok(await tokenWorks(session.customerAccessToken.value));
    assert.ok(!text.includes(session.customerAccessToken.value));
    assert.ok(!cookie.value.includes(session.customerAccessToken.value));
    // Nothing logged holds the password or the token.
    assert.ok(!logger.text().includes(WHOLESALE.password));
    assert.ok(!logger.text().includes(session.customerAccessToken.value));
  });

  it('marks the cookie Secure everywhere but plain HTTP on localhost', async () => {
    logger = recordingLogger();
    const handler = createBackendFor(emulator, shop.url, {
      rateLimit: false,
      sessionSecrets: [secret],
      allowedOrigins: [PAGE],
      logger,
    });
    const response = await handler(
      new Request('https://shop-api.example.test/sign-in', {
        method: 'POST',
        headers: { origin: PAGE, 'content-type': 'application/json' },
        body: JSON.stringify(WHOLESALE),
      }),
    );
    assert.equal(response.status, 200);
    const cookie = sessionCookieOf(response);
    assert.ok(cookie.attributes.includes('Secure'));
    assert.ok(cookie.attributes.includes('Path=/'));
  });

  it('keeps the cookie Secure behind a proxy that ends TLS: the backend on http://127.0.0.1, the page on https', async () => {
    const page = 'https://www.page.example.test';
    const handler = createBackendFor(emulator, shop.url, {
      rateLimit: false,
      sessionSecrets: [secret],
      allowedOrigins: [page],
      logger: recordingLogger(),
    });
    const signIn = (origin: string) =>
      handler(
        new Request('http://127.0.0.1:3001/sign-in', {
          method: 'POST',
          headers: { origin, 'content-type': 'application/json' },
          body: JSON.stringify(WHOLESALE),
        }),
      );
    const proxied = await signIn(page);
    assert.equal(proxied.status, 200);
    assert.ok(sessionCookieOf(proxied).attributes.includes('Secure'));
    // The demo: page and backend both plain HTTP on loopback names.
    const demo = await signIn('http://127.0.0.1:3001');
    assert.equal(demo.status, 200);
    assert.ok(!sessionCookieOf(demo).attributes.includes('Secure'));
  });

  it('answers a wrong password and an unknown email with the same generic 401, logging neither', async () => {
    const url = await serve();
    const wrongPassword = await call(url, '/sign-in', { ...WHOLESALE, password: 'not-the-password' });
    const unknownEmail = await call(url, '/sign-in', { email: 'nobody@example.com', password: 'whatever-1' });
    for (const answer of [wrongPassword, unknownEmail]) {
      assert.equal(answer.response.status, 401);
      assert.equal(answer.response.headers.get('set-cookie'), null);
      assert.deepEqual(answer.body, {
        error: {
          code: 'ERR_BC_SIGN_IN_FAILED',
          message: 'The email or password is incorrect, or the account cannot sign in now.',
        },
      });
    }
    assert.equal(wrongPassword.text, unknownEmail.text);
    assert.ok(!logger.text().includes('not-the-password'));
    assert.ok(!logger.text().includes('whatever-1'));
  });

  it('refuses bodies that are not exactly {email, password} as JSON', async () => {
    const url = await serve();
    for (const body of [{}, { email: WHOLESALE.email }, { ...WHOLESALE, extra: 1 }, { email: 1, password: 'x' }, []]) {
      assert.equal((await call(url, '/sign-in', body)).body['error'].code, 'ERR_BC_INVALID_REQUEST');
    }
    const form = await call(url, '/sign-in', 'email=a&password=b', {
      origin: PAGE,
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert.equal(form.response.status, 415);
  });

  it('refuses cookie routes from another origin or with no Origin at all (CSRF)', async () => {
    const url = await serve();
    for (const route of ['/sign-in', '/sign-out']) {
      const body = route === '/sign-in' ? WHOLESALE : {};
      for (const headers of <Record<string, string>[]>[
        { origin: 'http://evil.example.test', 'content-type': 'application/json' },
        { origin: `${PAGE}.evil.example.test`, 'content-type': 'application/json' },
        { origin: 'null', 'content-type': 'application/json' },
        { 'content-type': 'application/json' },
      ]) {
        const answer = await call(url, route, body, headers);
        assert.equal(answer.response.status, 403, `${route} ${JSON.stringify(headers)}`);
        assert.equal(answer.body['error'].code, 'ERR_BC_ORIGIN_FORBIDDEN');
        assert.equal(answer.response.headers.get('set-cookie'), null);
      }
    }
    // The backend's own origin passes (a page served by the backend itself).
    const own = await call(url, '/sign-in', WHOLESALE, { origin: url, 'content-type': 'application/json' });
    assert.equal(own.response.status, 200);
  });

  it('limits attempts per email and per client address with a coded 429 and Retry-After', async () => {
    const url = await serve();
    const wrong = { email: 'vip@example.com', password: 'wrong-password' };
    // The emulator locks an account after its own count of failures; whatever it answers, the backend's per-email
    // budget (5 per 15 minutes) runs out first or together, and then BigCommerce is not asked.
    for (let i = 0; i < 5; i++) assert.equal((await call(url, '/sign-in', wrong)).response.status, 401);
    const limited = await call(url, '/sign-in', wrong);
    assert.equal(limited.response.status, 429);
    assert.equal(limited.body['error'].code, 'ERR_BC_RATE_LIMITED');
    assert.ok(Number(limited.response.headers.get('retry-after')) > 0);
    // The right password for that email is limited too: the budget is the email's, not the guess's.
    assert.equal((await call(url, '/sign-in', { ...wrong, password: 'vip-demo-1' })).response.status, 429);

    // Per address: other emails from the same address, 10 per 15 minutes.
    await backend?.close();
    const fresh = await serve();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await call(fresh, '/sign-in', { email: `n${i}@example.com`, password: 'x-1' })).response.status);
    }
    assert.deepEqual(statuses, [...Array(10).fill(401), 429]);
  });

  it('takes its limits from signInLimits', async () => {
    const url = await serve({ signInLimits: { perEmail: 2, perAddress: 3 } });
    const wrong = { email: 'plain@example.com', password: 'wrong-password' };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(url, '/sign-in', wrong)).response.status);
    assert.deepEqual(statuses, [401, 401, 429], 'per email: 2');
    // The address has spent 3 attempts: its next one, for any email, is refused.
    assert.equal((await call(url, '/sign-in', { email: 'nobody@example.com', password: 'x-1' })).response.status, 429);
    // Raised limits (the timing bench's): many attempts for one email pass to BigCommerce.
    await backend?.close();
    const raised = await serve({ signInLimits: { perEmail: 1000, perAddress: 1000 } });
    for (let i = 0; i < 12; i++) {
      assert.equal((await call(raised, '/sign-in', { ...wrong, email: 'nobody@example.com' })).response.status, 401);
    }
  });

  it('signs out: logs the customer access token out at BigCommerce and clears the cookie', async () => {
    const url = await serve();
    const signedIn = await call(url, '/sign-in', WHOLESALE);
    const { value } = sessionCookieOf(signedIn.response);
    const session = await open(value);
    assert.ok(session && (await tokenWorks(session.customerAccessToken.value)));
    const out = await call(
      url,
      '/sign-out',
      {},
      {
        origin: PAGE,
        'content-type': 'application/json',
        cookie: `other=1; bc_customer_session=${value}`,
      },
    );
    assert.equal(out.response.status, 200);
    assert.deepEqual(out.body, { signedOut: true });
    const cleared = sessionCookieOf(out.response);
    assert.equal(cleared.value, '');
    assert.ok(cleared.attributes.includes('Max-Age=0'));
    assert.equal(await tokenWorks(session.customerAccessToken.value), false);
    // Without a session (or with a tampered one) sign-out still answers and clears.
    const again = await call(
      url,
      '/sign-out',
      {},
      {
        origin: PAGE,
        'content-type': 'application/json',
        cookie: `bc_customer_session=${value.slice(0, -2)}xx`,
      },
    );
    assert.equal(again.response.status, 200);
    assert.equal(sessionCookieOf(again.response).value, '');
  });

  it('never logs an email or a password, whatever becomes of the sign-in', async () => {
    const lines: string[] = [];
    // The default logger (JSON lines), writing where the test can read them.
    const url = await serve({
      logger: jsonLineLogger((line) => lines.push(line)),
      signInLimits: { perEmail: 3, perAddress: 100 },
    });
    const wrongPassword = 'Wrong-Horse-Battery-7';
    const unknown = { email: 'never-a-customer@example.com', password: 'Unknown-Pass-8' };
    const plain = { email: 'plain@example.com', password: 'plain-demo-1' };
    const statuses = [
      await call(url, '/sign-in', WHOLESALE), // success
      await call(url, '/sign-in', { ...WHOLESALE, password: wrongPassword }), // wrong password
      await call(url, '/sign-in', unknown), // unknown email
      await call(url, '/sign-in', { ...plain, password: wrongPassword }),
      await call(url, '/sign-in', { ...plain, password: wrongPassword }),
      await call(url, '/sign-in', { ...plain, password: wrongPassword }),
      await call(url, '/sign-in', plain), // over the per-email limit: 429
      await call(url, '/sign-in', { ...unknown, extra: 1 }), // malformed: 400
      await call(url, '/sign-in', JSON.stringify(unknown), {
        origin: 'http://evil.example.test',
        'content-type': 'application/json',
      }), // foreign origin: 403
    ].map((answer) => answer.response.status);
    emulator.faults.set('graphql', { status: 500, times: 2 });
    statuses.push((await call(url, '/sign-in', WHOLESALE)).response.status); // BigCommerce failing: 502
    assert.deepEqual(statuses, [200, 401, 401, 401, 401, 401, 429, 400, 403, 502]);
    assert.ok(lines.length >= 8, 'the refusals were logged');
    const log = lines.join('\n');
    for (const secret of [
      WHOLESALE.email,
      WHOLESALE.password,
      wrongPassword,
      unknown.email,
      unknown.password,
      plain.email,
      plain.password,
    ]) {
      assert.ok(!log.toLowerCase().includes(secret.toLowerCase()), `${secret} in the log`);
    }
    // Nor any part of them that would identify the account.
    assert.ok(!/wholesale|never-a-customer|plain@/i.test(log));
  });

  it('serves no sign-in routes without a session secret', async () => {
    const url = await serve({ sessionSecrets: undefined });
    assert.equal((await call(url, '/sign-in', WHOLESALE)).response.status, 404);
    assert.equal((await call(url, '/sign-out', {})).response.status, 404);
  });
});
