// The Node adapter carries requests and responses between node:http and a Fetch-API handler faithfully.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientAddress, listen } from '../../../src/server/node.js';

describe('Node adapter', () => {
  it('passes method, URL, headers, body and cookies both ways', async () => {
    const server = await listen(async (request) => {
      const body = await request.text();
      const headers = new Headers({ 'content-type': 'application/json', 'x-seen-method': request.method });
      headers.append('set-cookie', 'a=1; Path=/');
      headers.append('set-cookie', 'b=2; Path=/');
      const url = new URL(request.url);
      return new Response(JSON.stringify({ path: url.pathname, query: url.search, body, auth: request.headers.get('authorization') }), {
        status: 201,
        headers,
      });
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

  it('answers 500 with a generic body when the handler throws', async () => {
    const server = await listen(async () => {
      throw new Error('secret detail');
    });
    try {
      const response = await fetch(server.url);
      assert.equal(response.status, 500);
      const text = await response.text();
      assert.ok(!text.includes('secret detail'));
      assert.deepEqual(JSON.parse(text), { error: { code: 'ERR_BC_INTERNAL', message: 'Internal error' } });
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
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
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
      for (const socket of sockets) assert.ok(socket.listenerCount('close') < 5, `close listeners: ${socket.listenerCount('close')}`);
    } finally {
      await server.close();
    }
  });
});
