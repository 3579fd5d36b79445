// The Node adapter carries requests and responses between node:http and a Fetch-API handler faithfully.
import assert from 'node:assert/strict';
import { Agent, request as httpRequest } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { clientAddress, listen, toNodeListener, type Listening } from '../../../src/server/node.js';
import { selfSignedCertificate } from '../../support/tls.js';

/** Sends `text` on a new socket and resolves with everything the server sent once it closes the connection. */
function raw(server: Listening, text: string): Promise<string> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let out = '';
    socket.on('data', (d) => (out += d.toString()));
    socket.on('close', () => resolve(out));
    socket.on('error', (error) => (out ? resolve(out) : reject(error)));
  });
}

/** Resolves once `check()` holds, polling: the test's own timeout bounds the wait. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}

/** A raw client connection and what became of it. */
interface Probe {
  readonly socket: Socket;
  answer: string;
  closed: boolean;
}

/** Opens `count` connections from `localAddress` that send `head` and then one more byte of `drip` every 200 ms. */
function slowClients(server: Listening, count: number, localAddress: string, head: string, drip: string): Probe[] {
  const { hostname, port } = new URL(server.url);
  return Array.from({ length: count }, () => {
    const socket = connect({ port: Number(port), host: hostname, localAddress });
    const probe: Probe = { socket, answer: '', closed: false };
    let timer: NodeJS.Timeout | undefined;
    if (head) socket.write(head); // queued until connected, so the drip cannot overtake it
    if (drip) socket.on('connect', () => (timer = setInterval(() => socket.write(drip), 200)));
    socket.on('data', (d) => (probe.answer += d.toString()));
    socket.on('error', () => {}); // a reset is one way of being closed
    socket.on('close', () => {
      clearInterval(timer);
      probe.closed = true;
    });
    return probe;
  });
}

const open = (probes: Probe[]) => probes.filter((p) => !p.closed).length;

describe('Node adapter', () => {
  it('passes method, URL, headers, body and cookies both ways', async () => {
    const server = await listen(async (request) => {
      const body = await request.text();
      const headers = new Headers({ 'content-type': 'application/json', 'x-seen-method': request.method });
      headers.append('set-cookie', 'a=1; Path=/');
      headers.append('set-cookie', 'b=2; Path=/');
      const url = new URL(request.url);
      return new Response(
        JSON.stringify({ path: url.pathname, query: url.search, body, auth: request.headers.get('authorization') }),
        {
          status: 201,
          headers,
        },
      );
    });
    try {
      const response = await fetch(`${server.url}/x/y?z=1`, {
        method: 'POST',
        headers: { authorization: 'Bearer t' },
        body: 'hello',
      });
      assert.equal(response.status, 201);
      assert.equal(response.headers.get('x-seen-method'), 'POST');
      assert.deepEqual(response.headers.getSetCookie(), ['a=1; Path=/', 'b=2; Path=/']);
      assert.deepEqual(await response.json(), { path: '/x/y', query: '?z=1', body: 'hello', auth: 'Bearer t' });
    } finally {
      await server.close();
    }
  });

  it('gives a request served over TLS (node:https) an https URL, with the Host the client sent', async () => {
    const server = createHttpsServer(
      selfSignedCertificate(),
      toNodeListener(async (request) => new Response(request.url)),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const seen = await new Promise<string>((resolve, reject) => {
        const req = httpsRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/p?q=1',
            headers: { host: `shop.example.test:${port}` },
            rejectUnauthorized: false,
          },
          (res) => {
            let body = '';
            res.on('data', (chunk) => (body += chunk));
            res.on('end', () => resolve(body));
          },
        );
        req.on('error', reject);
        req.end();
      });
      assert.equal(seen, `https://shop.example.test:${port}/p?q=1`);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers 500 with a generic body when the handler throws', async () => {
    const server = await listen(async () => {
      throw new Error('secret detail');
    });
    try {
      const response = await fetch(server.url);
      assert.equal(response.status, 500);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const text = await response.text();
      assert.ok(!text.includes('secret detail'));
      assert.deepEqual(JSON.parse(text), { error: { code: 'ERR_BC_INTERNAL', message: 'Internal error.' } });
    } finally {
      await server.close();
    }
  });

  it('streams a response body as the handler produces it', async () => {
    const server = await listen(async () => {
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode('first,'));
          await new Promise((r) => setTimeout(r, 50));
          controller.enqueue(new TextEncoder().encode('second'));
          controller.close();
        },
      });
      return new Response(stream);
    });
    try {
      const response = await fetch(server.url);
      const reader = response.body!.getReader();
      const first = await reader.read();
      assert.equal(new TextDecoder().decode(first.value), 'first,');
      let rest = '';
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
        rest += new TextDecoder().decode(chunk.value);
      assert.equal(rest, 'second');
    } finally {
      await server.close();
    }
  });

  it('tells the client address, and adds no listener per request to a kept-alive socket', async () => {
    const seen = new Set<string | undefined>();
    const sockets: import('node:net').Socket[] = [];
    const server = await listen(async (request) => {
      seen.add(clientAddress(request));
      return new Response('ok');
    });
    server.server.on('connection', (socket) => sockets.push(socket));
    try {
      for (let i = 0; i < 40; i += 1) assert.equal(await (await fetch(server.url)).text(), 'ok');
      assert.deepEqual(seen, new Set(['127.0.0.1']));
      assert.ok(sockets.length < 40, 'requests share kept-alive connections');
      for (const socket of sockets)
        assert.ok(socket.listenerCount('close') < 5, `close listeners: ${socket.listenerCount('close')}`);
    } finally {
      await server.close();
    }
  });

  it('answers TRACE and malformed Host values with a coded 4xx and the usual headers, not 500', async () => {
    let called = 0;
    const server = await listen(async () => {
      called++;
      return new Response('ok');
    });
    const cases: [string, string, number, string][] = [
      ['TRACE', 'x', 405, 'ERR_BC_METHOD_NOT_ALLOWED'],
      ['GET', '[::1', 400, 'ERR_BC_INVALID_REQUEST'],
      ['GET', 'a b', 400, 'ERR_BC_INVALID_REQUEST'],
      ['GET', 'x:99999', 400, 'ERR_BC_INVALID_REQUEST'],
      ['GET', '', 400, 'ERR_BC_INVALID_REQUEST'],
      ['GET', 'user@evil.example', 400, 'ERR_BC_INVALID_REQUEST'],
      ['POST', 'x/path', 400, 'ERR_BC_INVALID_REQUEST'],
    ];
    try {
      for (const [method, host, status, code] of cases) {
        const answer = await raw(server, `${method} /bc/health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
        const [head = '', body = ''] = answer.split('\r\n\r\n');
        assert.match(head, new RegExp(`^HTTP/1\\.1 ${status} `), `${method} Host "${host}": ${head}`);
        assert.match(head, /^x-content-type-options: nosniff$/im);
        assert.match(head, /^cache-control: no-store$/im);
        assert.match(head, /^content-type: application\/json/im);
        assert.ok(body.includes(`"code":"${code}"`), body);
        assert.ok(!/at .*\.ts|Error:/.test(body), 'no stack');
      }
      // Well-formed hosts still reach the handler.
      for (const host of ['x', 'shop.example.com:8080', '127.0.0.1', '[::1]:3000', 'my_service']) {
        assert.match(
          await raw(server, `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
          /^HTTP\/1\.1 200 /,
          host,
        );
      }
      assert.equal(called, 5);
    } finally {
      await server.close();
    }
  });

  describe('a body answered before it is read', () => {
    // Refuses any body at once, as the backend's 413 does, without reading it.
    const refuse = async (request: Request) => {
      await request.body?.cancel();
      return new Response('{}', { status: request.method === 'POST' ? 413 : 200 });
    };
    const big = 'x'.repeat(256 * 1024);

    it('closes the connection instead of parsing the rest of the body as the next request', async () => {
      const server = await listen(refuse);
      try {
        const answer = await raw(
          server,
          `POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${big.length}\r\n\r\n${big}GET / HTTP/1.1\r\nHost: x\r\n\r\n`,
        );
        assert.match(answer, /^HTTP\/1\.1 413 /);
        assert.match(answer, /^connection: close$/im);
        assert.equal(answer.match(/HTTP\/1\.1 /g)?.length, 1, 'no second answer from the same connection');
      } finally {
        await server.close();
      }
    });

    it("keeps a keep-alive client's next request working", async () => {
      const server = await listen(refuse);
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const send = (method: string, body?: string) =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest(server.url, { method, agent }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode!));
          });
          // An error after the answer (the server closing while the body is still being written) changes nothing.
          req.on('error', reject);
          req.end(body);
        });
      try {
        assert.equal(await send('POST', big), 413);
        assert.equal(await send('GET'), 200);
        assert.equal(await send('GET'), 200);
      } finally {
        agent.destroy();
        await server.close();
      }
    });
  });

  // Class I: slowloris. The attackers connect from 127.0.0.2 (loopback, like 127.0.0.1) so the per-address cap,
  // which would also stop a legitimate client sharing their address, leaves 127.0.0.1 free for the shopper.
  // The timeouts only bound a test that would otherwise wait forever; nothing asserts how fast anything is.
  describe('slow and numerous connections', { timeout: 20_000 }, () => {
    it('drops connections over the per-address cap at once, ends slow headers at the header timeout, and keeps serving others', async () => {
      const server = await listen(async () => new Response('ok'), {
        headersTimeoutMs: 1_000,
        requestTimeoutMs: 2_000,
        maxConnectionsPerAddress: 20,
      });
      const slow = slowClients(server, 1_000, '127.0.0.2', 'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ', 'a');
      try {
        await until(() => open(slow) <= 20);
        const response = await fetch(server.url);
        assert.equal(response.status, 200);
        assert.equal(await response.text(), 'ok');
        // Those the cap let in never finish their headers: the header timeout ends them with node:http's 408 (and
        // lets in the next 20 still waiting in the accept queue), the rest were closed unanswered.
        await until(() => open(slow) === 0);
        const timedOut = slow.filter((p) => p.answer.startsWith('HTTP/1.1 408')).length;
        assert.ok(timedOut >= 20 && timedOut < 1_000, `timed out: ${timedOut}`);
        assert.ok(
          slow.every((p) => p.answer === '' || p.answer.startsWith('HTTP/1.1 408')),
          'no other answer',
        );
        assert.equal((await fetch(server.url)).status, 200);
      } finally {
        for (const p of slow) p.socket.destroy();
        await server.close();
      }
    });

    it('ends a slow body at the request timeout', async () => {
      let read = 0;
      const server = await listen(
        async (request) => {
          await request.text();
          read++;
          return new Response('ok');
        },
        { headersTimeoutMs: 500, requestTimeoutMs: 1_500 },
      );
      const slow = slowClients(
        server,
        10,
        '127.0.0.2',
        'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n',
        'a',
      );
      try {
        await until(() => open(slow) === 0);
        assert.ok(
          slow.every((p) => p.answer.startsWith('HTTP/1.1 408')),
          'each got 408',
        );
        assert.equal(read, 0, 'no slow body reached the handler whole');
        assert.equal((await fetch(server.url, { method: 'POST', body: 'x' })).status, 200);
      } finally {
        for (const p of slow) p.socket.destroy();
        await server.close();
      }
    });

    it('closes connections over the total cap on arrival', async () => {
      const server = await listen(async () => new Response('ok'), { maxConnections: 5, maxConnectionsPerAddress: 0 });
      let dropped = 0;
      server.server.on('drop', () => dropped++);
      const idle = slowClients(server, 25, '127.0.0.2', '', '');
      try {
        await until(() => open(idle) <= 5);
        assert.equal(dropped, 20);
        for (const p of idle) p.socket.destroy();
        // Room again once the server has seen them go (it counts its side of each connection).
        for (let n = 1; n > 0;) {
          n = await new Promise<number>((resolve) => server.server.getConnections((_, count) => resolve(count)));
          await new Promise((r) => setTimeout(r, 20));
        }
        assert.equal((await fetch(server.url)).status, 200);
      } finally {
        for (const p of idle) p.socket.destroy();
        await server.close();
      }
    });
  });
});
