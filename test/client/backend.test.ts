import { expect } from '@open-wc/testing';
import { createBackendClient } from '../../src/client/backend.js';
import { BcError } from '../../src/errors.js';
import { nth, scriptedFetch } from './helpers.js';

/** A session double: the backend client only needs `token()` and `refresh()`. */
function fakeSession(tokens: (string | null)[]) {
  let current = tokens.shift() ?? null;
  let refreshes = 0;
  return {
    token: () => current,
    refresh: async () => {
      refreshes += 1;
      current = tokens.shift() ?? null;
      return { status: current ? 'signed-in' : 'guest', customer: null } as const;
    },
    get refreshes() {
      return refreshes;
    },
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('backend client', () => {
  it('POSTs JSON to endpoint + route with the token as a Bearer header, without cookies', async () => {
    const { fetch, calls } = scriptedFetch(() => json({ ok: 1 }));
    const client = createBackendClient({
      endpoint: 'https://api.example.com/bc/',
      session: fakeSession(['t.o.k']),
      fetch,
    });
    expect(client.endpoint).to.equal('https://api.example.com/bc');
    const answer = await client.postJson<{ ok: number }>('/prices', { currency: 'USD', items: [] });
    expect(answer).to.deep.equal({ ok: 1 });
    expect(calls).to.have.length(1);
    expect(nth(calls, 0).url).to.equal('https://api.example.com/bc/prices');
    expect(nth(calls, 0).init.method).to.equal('POST');
    expect(nth(calls, 0).init.credentials).to.equal('omit');
    expect(nth(calls, 0).init.cache).to.equal('no-store');
    expect(nth(calls, 0).init.headers).to.deep.equal({
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: 'Bearer t.o.k',
    });
    expect(nth(calls, 0).init.body).to.equal('{"currency":"USD","items":[]}');
  });

  it('sends no Authorization header for a guest', async () => {
    const { fetch, calls } = scriptedFetch(() => json({}));
    const client = createBackendClient({ endpoint: 'https://api.example.com', session: fakeSession([null]), fetch });
    await client.postJson('/session', {});
    expect(nth(calls, 0).init.headers).to.deep.equal({
      'content-type': 'application/json',
      accept: 'application/json',
    });
  });

  it('turns an error body into a BcError with its code and message', async () => {
    const { fetch } = scriptedFetch(() =>
      json({ error: { code: 'ERR_BC_RATE_LIMITED', message: 'Too many requests.' } }, 429),
    );
    const client = createBackendClient({ endpoint: 'https://api.example.com', session: fakeSession([null]), fetch });
    const error = await rejection(client.postJson('/prices', {}));
    expect(error).to.be.instanceOf(BcError);
    expect((error as BcError).code).to.equal('ERR_BC_RATE_LIMITED');
    expect((error as BcError).message).to.equal('Too many requests.');
  });

  it('turns an error without a protocol body (a proxy page) into ERR_BC_UPSTREAM', async () => {
    const { fetch } = scriptedFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const client = createBackendClient({ endpoint: 'https://api.example.com', session: fakeSession([null]), fetch });
    const error = (await rejection(client.postJson('/prices', {}))) as BcError;
    expect(error.code).to.equal('ERR_BC_UPSTREAM');
    expect(error.message).to.equal('The backend answered 502.');
  });

  it('turns an error body with a code outside the protocol into ERR_BC_UPSTREAM: codes stay a closed set', async () => {
    const { fetch } = scriptedFetch(() => json({ error: { code: 'ERR_BC_SOMETHING_ELSE', message: 'Odd.' } }, 500));
    const client = createBackendClient({ endpoint: 'https://api.example.com', session: fakeSession([null]), fetch });
    const error = (await rejection(client.postJson('/prices', {}))) as BcError;
    expect(error.code).to.equal('ERR_BC_UPSTREAM');
    expect(error.message).to.equal('The backend answered 500.');
  });

  it('rejects a 200 that is not JSON with ERR_BC_UPSTREAM', async () => {
    const { fetch } = scriptedFetch(() => new Response('<html>', { status: 200 }));
    const client = createBackendClient({ endpoint: 'https://api.example.com', session: fakeSession([null]), fetch });
    const error = (await rejection(client.postJson('/prices', {}))) as BcError;
    expect(error.code).to.equal('ERR_BC_UPSTREAM');
    expect(error.message).to.equal('The backend answered with invalid JSON.');
  });

  it('turns a network failure into ERR_BC_UPSTREAM_UNAVAILABLE, keeping the cause', async () => {
    const failure = new TypeError('Failed to fetch');
    const { fetch } = scriptedFetch(() => Promise.reject(failure));
    const client = createBackendClient({ endpoint: 'https://api.example.com', session: fakeSession([null]), fetch });
    const error = (await rejection(client.postJson('/prices', {}))) as BcError;
    expect(error.code).to.equal('ERR_BC_UPSTREAM_UNAVAILABLE');
    expect(error.message).to.equal('The backend at https://api.example.com could not be reached.');
    expect(error.cause).to.equal(failure);
  });

  it('rejects with the abort reason when the caller aborts', async () => {
    const { fetch } = scriptedFetch(
      (call) =>
        new Promise<Response>((_resolve, reject) =>
          call.init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        ),
    );
    const client = createBackendClient({ endpoint: 'https://api.example.com', session: fakeSession([null]), fetch });
    const controller = new AbortController();
    const reason = new DOMException('the element left the page', 'AbortError');
    const pending = client.postJson('/prices', {}, { signal: controller.signal });
    controller.abort(reason);
    expect(await rejection(pending)).to.equal(reason);
  });

  it('renews an expired token once on 401 and retries with the new one', async () => {
    const { fetch, calls } = scriptedFetch((_call, index) =>
      index === 0
        ? json({ error: { code: 'ERR_BC_UNAUTHORIZED', message: 'Unauthorized.' } }, 401)
        : json({ ok: true }),
    );
    const session = fakeSession(['old.to.ken', 'new.to.ken']);
    const client = createBackendClient({ endpoint: 'https://api.example.com', session, fetch });
    expect(await client.postJson('/session', {})).to.deep.equal({ ok: true });
    expect(session.refreshes).to.equal(1);
    expect((nth(calls, 1).init.headers as Record<string, string>).authorization).to.equal('Bearer new.to.ken');
  });

  it('does not loop on a 401 that persists', async () => {
    const { fetch, calls } = scriptedFetch(() =>
      json({ error: { code: 'ERR_BC_UNAUTHORIZED', message: 'Unauthorized.' } }, 401),
    );
    const session = fakeSession(['a.b.c', 'd.e.f', 'g.h.i']);
    const client = createBackendClient({ endpoint: 'https://api.example.com', session, fetch });
    const error = (await rejection(client.postJson('/session', {}))) as BcError;
    expect(error.code).to.equal('ERR_BC_UNAUTHORIZED');
    expect(calls).to.have.length(2);
  });

  it('rejects unusable options with a TypeError', () => {
    const session = fakeSession([null]);
    expect(() => createBackendClient({ endpoint: '', session })).to.throw(
      TypeError,
      /endpoint must be the backend URL/,
    );
    expect(() => createBackendClient({ endpoint: '/bc', session })).to.throw(TypeError, /absolute URL/);
    expect(() => createBackendClient({ endpoint: 'ftp://x.example', session })).to.throw(TypeError, /http/);
  });

  it('rejects a route without a leading slash', async () => {
    const client = createBackendClient({ endpoint: 'https://api.example.com', session: fakeSession([null]) });
    const error = await rejection(client.postJson('prices', {}));
    expect(error).to.be.instanceOf(TypeError);
  });
});
