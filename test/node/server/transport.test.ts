// SECURITY class B: transport. CORS for the configured origins only, JSON only, method checks, size limits before
// parsing, no prototype pollution, per-client rate limit, safe headers on every answer. Real HTTP through serve().
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_BODY_BYTES } from '../../../src/protocol.js';
import { serve, type Listening } from '../../../src/server/node.js';
import {
  PAGE_ORIGIN,
  baseOptions,
  customerToken,
  fakeBigCommerce,
  post,
  recordingLogger,
  testHandler,
  SECRET,
  ACCESS_TOKEN,
} from './helpers.js';

const pricesBody = JSON.stringify({ currency: 'USD', items: [{ productId: 1 }] });

/** Sends raw bytes and returns the raw answer (for requests fetch refuses to make). */
function raw(url: string, text: string | Buffer): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(text));
    let out = '';
    socket.on('data', (d) => (out += d.toString()));
    socket.on('end', () => resolve(out));
    socket.on('error', (error) => (out ? resolve(out) : reject(error)));
  });
}

function assertSafeHeaders(response: Response) {
  assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.match(response.headers.get('vary') ?? '', /\bOrigin\b/);
}

describe('transport (class B)', () => {
  let server: Listening;
  const bc = fakeBigCommerce();
  const logger = recordingLogger();
  before(async () => {
    server = await serve(
      baseOptions({ fetch: bc.fetch, logger, basePath: '/bc', rateLimit: { requests: 1000, windowMs: 60_000 } }),
    );
  });
  after(() => server.close());

  describe('CORS', () => {
    it('answers a preflight from an allowed origin with that exact origin and Vary: Origin', async () => {
      const response = await fetch(`${server.url}/bc/prices`, {
        method: 'OPTIONS',
        headers: {
          origin: PAGE_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      assert.equal(response.status, 204);
      assert.equal(response.headers.get('access-control-allow-origin'), PAGE_ORIGIN);
      assert.match(response.headers.get('vary')!, /\bOrigin\b/);
      assert.equal(response.headers.get('access-control-allow-methods'), 'POST');
      assert.match(response.headers.get('access-control-allow-headers')!, /Authorization/);
      // Credentialed CORS (the backend's session cookie, issue #17) for the exact allowed origin only.
      assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
    });

    const foreign = [
      'null',
      'https://www.example.com.evil.com',
      'http://www.example.com',
      'https://www.example.com:8443',
      'https://evil.com',
      'https://WWW.EXAMPLE.COM',
      'https://www.example.com/',
      'https://sub.www.example.com',
    ];
    for (const origin of foreign) {
      it(`gives ${JSON.stringify(origin)} no CORS headers (preflight and request)`, async () => {
        for (const method of ['OPTIONS', 'POST']) {
          const response = await fetch(`${server.url}/bc/prices`, {
            method,
            headers: { origin, 'content-type': 'application/json', 'access-control-request-method': 'POST' },
            ...(method === 'POST' ? { body: pricesBody } : {}),
          });
          assert.equal(response.status, 403);
          assert.equal(response.headers.get('access-control-allow-origin'), null);
          assert.match(response.headers.get('vary')!, /Origin/);
          if (method === 'POST')
            assert.equal(
              ((await response.json()) as { error: { code: string } }).error.code,
              'ERR_BC_ORIGIN_FORBIDDEN',
            );
        }
      });
    }

    it('lets a request with no Origin through without CORS headers', async () => {
      const response = await fetch(`${server.url}/bc/prices`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: pricesBody,
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('access-control-allow-origin'), null);
      assertSafeHeaders(response);
    });

    it('property: no generated origin other than the configured one is ever allowed', async () => {
      const { handler } = testHandler();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.webUrl().map((u) => new URL(u).origin),
            fc.string({ maxLength: 60 }),
          ),
          async (origin) => {
            fc.pre(origin !== PAGE_ORIGIN && /^[\x21-\x7e]+$/.test(origin));
            const response = await handler(
              new Request('https://backend.example.com/prices', { method: 'OPTIONS', headers: { origin } }),
            );
            assert.equal(response.headers.get('access-control-allow-origin'), null);
            assert.match(response.headers.get('vary')!, /Origin/);
          },
        ),
        { numRuns: 200 },
      );
    });

    describe('same origin (no allowedOrigins entry needed)', () => {
      const sameOrigin = (url: string, headers: Record<string, string>) =>
        new Request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: pricesBody,
        });

      it('passes the origin the browser addressed (Host) when the framework built request.url from another name', async () => {
        // `next start`: request.url says localhost, the browser asked 127.0.0.1 (no Sec-Fetch-Site on plain http).
        const { handler } = testHandler({ allowedOrigins: [] });
        const response = await handler(
          sameOrigin('http://localhost:3000/prices', { origin: 'http://127.0.0.1:3000', host: '127.0.0.1:3000' }),
        );
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('access-control-allow-origin'), null);
      });

      it("passes the browser's own verdict, Sec-Fetch-Site: same-origin, whatever request.url says", async () => {
        const { handler } = testHandler({ allowedOrigins: [] });
        const response = await handler(
          sameOrigin('http://10.0.0.7:3000/prices', {
            origin: 'https://shop.example.com',
            host: '10.0.0.7:3000',
            'sec-fetch-site': 'same-origin',
          }),
        );
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('access-control-allow-origin'), null);
      });

      it('refuses an origin the browser calls cross-site even when it names the backend itself', async () => {
        const { handler } = testHandler({ allowedOrigins: [] });
        for (const fetchSite of ['cross-site', 'same-site', 'none']) {
          const response = await handler(
            sameOrigin('https://backend.example.com/prices', {
              origin: 'https://backend.example.com',
              'sec-fetch-site': fetchSite,
            }),
          );
          assert.equal(response.status, 403, fetchSite);
        }
      });

      it('refuses a foreign origin, and "null" even with Sec-Fetch-Site: same-origin', async () => {
        const { handler } = testHandler({ allowedOrigins: [] });
        const cases: Record<string, string>[] = [
          { origin: 'https://evil.com', host: 'backend.example.com' },
          // A Host the URL parser would read another host out of names no origin.
          { origin: 'https://evil.com', host: 'backend.example.com@evil.com' },
          { origin: 'https://evil.com', host: 'evil.com/x' },
          { origin: 'null', 'sec-fetch-site': 'same-origin' },
          { origin: 'null', host: 'backend.example.com' },
        ];
        for (const headers of cases) {
          const response = await handler(sameOrigin('https://backend.example.com/prices', headers));
          assert.equal(response.status, 403, JSON.stringify(headers));
          assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'ERR_BC_ORIGIN_FORBIDDEN');
        }
      });

      it('logs a refused origin with what it was compared to', async () => {
        const { handler, logger } = testHandler();
        const response = await handler(
          sameOrigin('http://localhost:3000/prices', { origin: 'http://evil.test:3000', host: '127.0.0.1:3000' }),
        );
        assert.equal(response.status, 403);
        const line = logger.lines.find((entry) => entry.event === 'origin_refused');
        assert.ok(line, logger.text());
        assert.equal(line.level, 'warn');
        assert.deepEqual(line.fields, {
          path: '/prices',
          origin: 'http://evil.test:3000',
          secFetchSite: null,
          ownOrigins: 'http://localhost:3000 http://127.0.0.1:3000',
          allowedOrigins: PAGE_ORIGIN,
        });
      });
    });
  });

  describe('content type, method, route', () => {
    for (const type of [
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/jsonx',
      'application/json; charset=latin1',
      'application/xml',
    ]) {
      it(`refuses ${type} with 415`, async () => {
        const response = await fetch(`${server.url}/bc/prices`, {
          method: 'POST',
          headers: { 'content-type': type, origin: PAGE_ORIGIN },
          body: pricesBody,
        });
        assert.equal(response.status, 415);
        assert.deepEqual(await response.json(), {
          error: { code: 'ERR_BC_UNSUPPORTED_MEDIA_TYPE', message: 'The request body must be application/json.' },
        });
        assert.equal(response.headers.get('access-control-allow-origin'), PAGE_ORIGIN);
        assertSafeHeaders(response);
      });
    }

    it('refuses a POST with no content type (415), /session included', async () => {
      for (const path of ['/bc/session', '/bc/prices', '/bc/checkout']) {
        const response = await fetch(`${server.url}${path}`, { method: 'POST', body: new Blob(['{}']) });
        assert.equal(response.status, 415, path);
      }
    });

    for (const [method, path] of [
      ['GET', '/bc/prices'],
      ['PUT', '/bc/session'],
      ['DELETE', '/bc/checkout'],
      ['PATCH', '/bc/prices'],
      ['POST', '/bc/health'],
    ] as const) {
      it(`answers ${method} ${path} with 405 and Allow`, async () => {
        const response = await fetch(`${server.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          ...(method === 'GET' ? {} : { body: '{}' }),
        });
        assert.equal(response.status, 405);
        assert.ok(response.headers.get('allow')!.includes('OPTIONS'));
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'ERR_BC_METHOD_NOT_ALLOWED');
      });
    }

    it('answers unknown paths (and routes outside the base path) with 404', async () => {
      for (const path of ['/prices', '/bc/admin', '/bc/prices/', '/bc/../prices', '/bc/%70rices']) {
        const response = await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        assert.equal(response.status, 404, path);
        assertSafeHeaders(response);
      }
    });

    it('answers GET /health, and HEAD /health with the same headers and no body', async () => {
      const response = await fetch(`${server.url}/bc/health`);
      assert.equal(response.status, 200);
      assertSafeHeaders(response);
      assert.deepEqual(await response.json(), { ok: true });
      const head = await fetch(`${server.url}/bc/health`, { method: 'HEAD' });
      assert.equal(head.status, 200);
      assertSafeHeaders(head);
      assert.equal(head.headers.get('content-type'), response.headers.get('content-type'));
      assert.equal(await head.text(), '');
    });
  });

  describe('bodies', () => {
    it('refuses a body over the limit with 413, streamed without Content-Length', async () => {
      const response = await fetch(`${server.url}/bc/prices`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new ReadableStream({
          start(c) {
            c.enqueue(
              new TextEncoder().encode(
                `{"currency":"USD","items":[${'{"productId":1},'.repeat(4000)}{"productId":1}]}`,
              ),
            );
            c.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      assert.equal(response.status, 413);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'ERR_BC_PAYLOAD_TOO_LARGE');
    });

    it('refuses a declared Content-Length over the limit before reading', async () => {
      const answer = await raw(
        server.url,
        `POST /bc/prices HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${MAX_BODY_BYTES + 1}\r\nConnection: close\r\n\r\n{}`,
      );
      assert.match(answer, /^HTTP\/1\.1 413/);
    });

    it('does not trust a small Content-Length: only the declared bytes are read, the rest is not a body', async () => {
      const big = `{"currency":"USD","items":[${'{"productId":1},'.repeat(3000)}{"productId":1}]}`;
      const answer = await raw(
        server.url,
        `POST /bc/prices HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 20\r\nConnection: close\r\n\r\n${big}`,
      );
      assert.match(answer, /^HTTP\/1\.1 400/);
      assert.ok(!answer.includes('productId'), 'no echo of the body');
    });

    it('stops reading a stream at the limit (in process, no Content-Length)', async () => {
      const { handler } = testHandler();
      let pulled = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          pulled++;
          c.enqueue(new Uint8Array(8192).fill(0x20));
        },
      });
      const response = await handler(
        new Request('https://backend.example.com/prices', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          duplex: 'half',
        } as RequestInit),
      );
      assert.equal(response.status, 413);
      assert.ok(pulled <= MAX_BODY_BYTES / 8192 + 2, `pulled ${pulled} chunks`);
    });

    it('refuses deeply nested JSON with 413 before parsing', async () => {
      for (const text of [
        '['.repeat(5000) + ']'.repeat(5000),
        `{"currency":"USD","items":${'['.repeat(17)}${']'.repeat(17)}}`,
        '{"a":'.repeat(100) + '1' + '}'.repeat(100),
      ]) {
        const response = await fetch(`${server.url}/bc/prices`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: text,
        });
        assert.equal(response.status, 413);
      }
    });

    it('refuses malformed JSON, invalid UTF-8 and non-object bodies with 400', async () => {
      const bodies: (string | Uint8Array)[] = [
        '{',
        '{"currency":"USD",}',
        'null',
        '[]',
        '"x"',
        '1',
        '',
        new Uint8Array([0x7b, 0xff, 0x7d]),
      ];
      for (const body of bodies) {
        const response = await fetch(`${server.url}/bc/prices`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: body as BodyInit,
        });
        assert.equal(response.status, 400, String(body));
        const text = await response.text();
        assert.ok(!text.includes('stack') && !text.includes('at '), 'no stack');
      }
    });

    it('refuses __proto__, constructor and prototype keys with 400 and pollutes nothing', async () => {
      const bodies = [
        '{"__proto__":{"polluted":true},"currency":"USD","items":[{"productId":1}]}',
        '{"currency":"USD","items":[{"productId":1,"__proto__":{"polluted":true}}]}',
        '{"constructor":{"prototype":{"polluted":true}},"currency":"USD","items":[{"productId":1}]}',
        '{"cartId":"abc","__proto__":{"embedded":true}}',
      ];
      for (const body of bodies) {
        for (const path of ['/bc/prices', '/bc/checkout', '/bc/session']) {
          const response = await fetch(`${server.url}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          assert.equal(response.status, 400, `${path} ${body}`);
        }
      }
      assert.equal(({} as { polluted?: boolean }).polluted, undefined);
      assert.equal((Object.prototype as { polluted?: boolean }).polluted, undefined);
    });

    it('property: arbitrary JSON bodies never cause a 5xx or pollution', async () => {
      const { handler, bc } = testHandler();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('/prices', '/checkout', '/session'),
          fc.jsonValue({ maxDepth: 6 }),
          async (path, value) => {
            const response = await handler(post(path, JSON.stringify(value)));
            assert.ok(response.status < 500, `${response.status} for ${JSON.stringify(value)}`);
            assertSafeHeaders(response);
          },
        ),
        { numRuns: 300 },
      );
      assert.equal(({} as { polluted?: unknown }).polluted, undefined);
      assert.ok(bc.calls.redirect_urls === 0, 'no arbitrary body reached the carts API');
    });
  });

  describe('rate limit and answers', () => {
    it('answers a flood from one client with 429 and Retry-After, other clients unaffected', async () => {
      const limited = await serve(
        baseOptions({ fetch: bc.fetch, logger, rateLimit: { requests: 5, windowMs: 60_000 } }),
      );
      try {
        const statuses: number[] = [];
        let retryAfter: string | null = null;
        for (let i = 0; i < 8; i++) {
          const response = await fetch(`${limited.url}/prices`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: pricesBody,
          });
          statuses.push(response.status);
          if (response.status === 429) {
            retryAfter = response.headers.get('retry-after');
            assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'ERR_BC_RATE_LIMITED');
          } else await response.body?.cancel();
        }
        assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429, 429]);
        assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= 60, `Retry-After ${retryAfter}`);
        // Health checks are not limited.
        assert.equal((await fetch(`${limited.url}/health`)).status, 200);
      } finally {
        await limited.close();
      }
    });

    it('keys the limit on the client address given by clientIp', async () => {
      const { handler } = testHandler({
        rateLimit: { requests: 2, windowMs: 60_000 },
        clientIp: (r) => r.headers.get('x-test-ip') ?? undefined,
      });
      const ask = (ip: string) => handler(post('/prices', pricesBody, { 'x-test-ip': ip })).then((r) => r.status);
      assert.deepEqual([await ask('a'), await ask('a'), await ask('a'), await ask('b')], [200, 200, 429, 200]);
    });

    it('never puts a secret, a token or a stack in an answer or a log line', async () => {
      const token = await customerToken();
      for (const path of ['/bc/session', '/bc/prices', '/bc/checkout']) {
        for (const body of ['{', pricesBody, '{"cartId":"unknown-cart"}']) {
          const response = await fetch(`${server.url}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}x` },
            body,
          });
          const text = await response.text();
          for (const secret of [SECRET, ACCESS_TOKEN, token]) assert.ok(!text.includes(secret));
          assert.ok(!/\bat .*\.ts:\d+/.test(text));
          assertSafeHeaders(response);
        }
      }
      const logged = logger.text();
      for (const secret of [SECRET, ACCESS_TOKEN, token]) assert.ok(!logged.includes(secret));
    });
  });
});
