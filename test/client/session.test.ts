import { expect } from '@open-wc/testing';
import { BcError } from '../../src/errors.js';
import {
  createSession,
  getSession,
  type ManagedSession,
  type SessionOptions,
  type SessionState,
} from '../../src/client/session.js';
import {
  customerToken,
  fakeClock,
  hangingFetch,
  nth,
  scriptedFetch,
  settle,
  settleUntil,
  textResponse,
  uniqueClientId,
  type FakeClock,
} from './helpers.js';

const STOREFRONT = 'https://shop.example.com';
const JANE = { id: 7, email: 'jane@example.com', group_id: '6' };

describe('session', () => {
  let clock: FakeClock;
  let sessions: ManagedSession[];

  beforeEach(() => {
    clock = fakeClock();
    sessions = [];
  });
  afterEach(() => sessions.forEach((session) => session.dispose()));

  /** A session on the fake clock with no global listeners and no cross-tab channel unless a test asks. */
  function make(fetch: typeof globalThis.fetch, options: Partial<SessionOptions> = {}): ManagedSession {
    const session = createSession({
      storefront: STOREFRONT,
      appClientId: 'client-id',
      fetch,
      now: clock.now,
      timers: clock.timers,
      window: null,
      document: null,
      broadcastChannel: null,
      ...options,
    });
    sessions.push(session);
    return session;
  }

  const nowSeconds = () => Math.floor(clock.now() / 1000);

  describe('reading /customer/current.jwt', () => {
    it('asks the storefront with the shopper cookies, uncached, and decodes a plain-text token', async () => {
      const token = customerToken(JANE, { iat: nowSeconds() });
      const { fetch, calls } = scriptedFetch(() => textResponse(token));
      const session = make(fetch, { appClientId: 'abc 123&x' });

      expect(session.state).to.deep.equal({ status: 'loading', customer: null });
      const state = await session.ready();

      expect(state).to.deep.equal({ status: 'signed-in', customer: { id: 7, email: 'jane@example.com', groupId: 6 } });
      expect(session.state).to.equal(state);
      expect(session.token()).to.equal(token);
      expect(session.error).to.equal(null);
      expect(calls).to.have.length(1);
      expect(nth(calls, 0).url).to.equal(`${STOREFRONT}/customer/current.jwt?app_client_id=abc%20123%26x`);
      expect(nth(calls, 0).init.credentials).to.equal('include');
      expect(nth(calls, 0).init.cache).to.equal('no-store');
      expect(nth(calls, 0).init.signal).to.be.instanceOf(AbortSignal);
    });

    it('accepts the {"token": …} JSON answer some storefronts give', async () => {
      const token = customerToken(JANE, { iat: nowSeconds() });
      const { fetch } = scriptedFetch(() => textResponse(JSON.stringify({ token }), 200, 'application/json'));
      const session = make(fetch);
      expect(await session.ready()).to.deep.equal({
        status: 'signed-in',
        customer: { id: 7, email: 'jane@example.com', groupId: 6 },
      });
      expect(session.token()).to.equal(token);
    });

    it('treats 404 as a guest, not an error', async () => {
      const { fetch } = scriptedFetch(() => textResponse('{"errors":["no customer"]}', 404, 'application/json'));
      const session = make(fetch);
      expect(await session.ready()).to.deep.equal({ status: 'guest', customer: null });
      expect(session.token()).to.equal(null);
      expect(session.error).to.equal(null);
    });

    it('fails with a coded error naming the fix when the 404 is a web page: the page is not on the storefront', async () => {
      for (const type of ['text/html; charset=utf-8', 'TEXT/HTML', 'application/xhtml+xml']) {
        const { fetch } = scriptedFetch(() =>
          textResponse('<!doctype html><title>Page not found</title><h1>Not found</h1>', 404, type),
        );
        const session = make(fetch);
        expect(await session.ready(), type).to.deep.equal({ status: 'error', customer: null });
        expect(session.token()).to.equal(null);
        const error = session.error!;
        expect([error.code, error.message]).to.deep.equal([
          'ERR_BC_NOT_A_STOREFRONT',
          'https://shop.example.com is not a BigCommerce storefront: it answered /customer/current.jwt with a "not found" ' +
            'web page, so no shopper can be recognised on it. Name the storefront on <bc-store>: ' +
            '<bc-store storefront="https://shop.example.com" …>, and install the storefront bridge (docs/bridge.md).',
        ]);
      }
      // An empty or plain-text 404 is still a guest: BigCommerce's own body is not documented.
      for (const [body, type] of [
        ['', 'text/plain'],
        ['No customer is signed in', 'text/plain; charset=utf-8'],
      ]) {
        const { fetch } = scriptedFetch(() => textResponse(body!, 404, type));
        expect((await make(fetch).ready()).status, type).to.equal('guest');
      }
    });

    it('reads the group id BigCommerce sends as a string, and treats missing, empty and "0" as no group', async () => {
      const cases: [unknown, number | null][] = [
        ['6', 6],
        [6, 6],
        ['', null],
        ['0', null],
        [undefined, null],
        [null, null],
      ];
      for (const [groupId, expected] of cases) {
        const customer = groupId === undefined ? { id: 7, email: 'jane@example.com' } : { ...JANE, group_id: groupId };
        const { fetch } = scriptedFetch(() => textResponse(customerToken(customer, { iat: nowSeconds() })));
        const state = await make(fetch).ready();
        expect(state.customer?.groupId, `group_id ${JSON.stringify(groupId)}`).to.equal(expected);
      }
    });

    it('calls a token whose group id the backend would refuse ("six", "007") malformed, as the backend does', async () => {
      for (const groupId of ['six', '007']) {
        const { fetch } = scriptedFetch(() =>
          textResponse(customerToken({ ...JANE, group_id: groupId }, { iat: nowSeconds() })),
        );
        const session = make(fetch);
        expect(await session.ready(), `group_id ${groupId}`).to.deep.equal({ status: 'error', customer: null });
        expect(session.error!.code).to.equal('ERR_BC_TOKEN_MALFORMED');
      }
    });

    for (const status of [500, 502, 401, 403, 429]) {
      it(`answers ${status} with the error state, shown as a guest`, async () => {
        const { fetch } = scriptedFetch(() => textResponse('<html>oops</html>', status, 'text/html'));
        const session = make(fetch);
        expect(await session.ready()).to.deep.equal({ status: 'error', customer: null });
        expect(session.token()).to.equal(null);
        expect(session.error).to.be.instanceOf(BcError);
        expect(session.error!.code).to.equal('ERR_BC_UPSTREAM');
        expect(session.error!.message).to.equal(`The storefront answered ${status} for the current customer.`);
      });
    }

    it('gives up after the timeout, body included, with the error state', async () => {
      const { fetch, calls } = hangingFetch();
      const session = make(fetch, { timeoutMs: 3000 });
      const ready = session.ready();
      await clock.advance(2999);
      expect(session.state.status).to.equal('loading');
      await clock.advance(1);
      expect(await ready).to.deep.equal({ status: 'error', customer: null });
      expect(session.error!.code).to.equal('ERR_BC_UPSTREAM_TIMEOUT');
      expect(session.error!.message).to.equal('The storefront did not answer within 3000 ms.');
      expect(nth(calls, 0).init.signal!.aborted).to.equal(true);
    });

    it('times out a body that trickles', async () => {
      const stream = new ReadableStream<Uint8Array>({
        start: (controller) => controller.enqueue(new Uint8Array([101])),
      });
      const { fetch } = scriptedFetch(
        (call) =>
          // The real fetch ties its body to the signal; this stream stands for that body.
          new Response(stream.pipeThrough(new TransformStream(), { signal: call.init.signal! })),
      );
      const session = make(fetch, { timeoutMs: 1000 });
      const ready = session.ready();
      await clock.advance(1000);
      expect(await ready).to.deep.equal({ status: 'error', customer: null });
      expect(session.error!.code).to.equal('ERR_BC_UPSTREAM_TIMEOUT');
    });

    it('stops reading an answer as soon as it is longer than any token, however long it goes on', async () => {
      let pulls = 0;
      let cancelled = false;
      const kilobyte = new Uint8Array(1024).fill(0x78);
      const endless = new ReadableStream<Uint8Array>({
        pull: (controller) => {
          pulls += 1;
          controller.enqueue(kilobyte);
        },
        cancel: () => {
          cancelled = true;
        },
      });
      const { fetch } = scriptedFetch(() => new Response(endless));
      const session = make(fetch);
      expect(await session.ready()).to.deep.equal({ status: 'error', customer: null });
      expect(session.error!.code).to.equal('ERR_BC_TOKEN_MALFORMED');
      expect(cancelled).to.equal(true);
      expect(pulls).to.be.below(100); // 32 KB is the most a token can take
    });

    it('treats a network failure (offline, CORS) as the error state', async () => {
      const { fetch } = scriptedFetch(() => Promise.reject(new TypeError('Failed to fetch')));
      const session = make(fetch);
      expect(await session.ready()).to.deep.equal({ status: 'error', customer: null });
      expect(session.error!.code).to.equal('ERR_BC_UPSTREAM_UNAVAILABLE');
      expect(session.error!.message).to.equal('The storefront could not be reached for the current customer.');
      expect((session.error!.cause as Error).message).to.equal('Failed to fetch');
    });

    const malformed: [string, () => string][] = [
      ['an empty body', () => ''],
      ['an HTML page (a login redirect)', () => '<!doctype html><title>Sign in</title>'],
      ['two segments', () => customerToken(JANE).split('.').slice(0, 2).join('.')],
      ['four segments', () => `${customerToken(JANE)}.extra`],
      ['a payload that is not JSON', () => `eyJhbGciOiJIUzUxMiJ9.${btoa('not json')}.c2ln`],
      ['a JSON array payload', () => `eyJhbGciOiJIUzUxMiJ9.${btoa('[1,2]').replace(/=+$/, '')}.c2ln`],
      ['no customer claim', () => customerToken(null)],
      ['a string customer id', () => customerToken({ ...JANE, id: '7' })],
      ['a fractional customer id', () => customerToken({ ...JANE, id: 7.5 })],
      ['a negative customer id', () => customerToken({ ...JANE, id: -7 })],
      ['no email', () => customerToken({ id: 7, email: '' })],
      ['an email that is not a string', () => customerToken({ id: 7, email: { html: '<b>' } })],
      ['no exp', () => customerToken(JANE, { extra: { exp: undefined } })],
      ['a string exp', () => customerToken(JANE, { extra: { exp: '9999999999' } })],
      ['JSON without a token', () => JSON.stringify({ jwt: customerToken(JANE) })],
      ['JSON with a numeric token', () => JSON.stringify({ token: 42 })],
      ['truncated JSON', () => JSON.stringify({ token: customerToken(JANE) }).slice(0, 30)],
      ['a body of 100 KB', () => customerToken(JANE, { extra: { padding: 'x'.repeat(100_000) } })],
    ];
    for (const [name, body] of malformed) {
      it(`treats ${name} as a malformed token: error state, no token kept`, async () => {
        const { fetch } = scriptedFetch(() => textResponse(body()));
        const session = make(fetch);
        expect(await session.ready()).to.deep.equal({ status: 'error', customer: null });
        expect(session.token()).to.equal(null);
        expect(session.error!.code).to.equal('ERR_BC_TOKEN_MALFORMED');
        expect(session.error!.message).to.match(/^The current-customer token .+\.$/);
      });
    }
  });

  describe('sharing', () => {
    it('sends exactly one request however many subscribers and ready() calls arrive at once', async () => {
      let answer!: (response: Response) => void;
      const { fetch, calls } = scriptedFetch(() => new Promise<Response>((resolve) => (answer = resolve)));
      const session = make(fetch);
      const seen: SessionState[][] = [];
      for (let i = 0; i < 50; i += 1) {
        const states: SessionState[] = [];
        seen.push(states);
        session.subscribe((state) => states.push(state));
      }
      const readies = Array.from({ length: 50 }, () => session.ready());
      await settle();
      expect(calls).to.have.length(1);
      answer(textResponse(customerToken(JANE, { iat: nowSeconds() })));
      const states = await Promise.all(readies);
      expect(new Set(states).size).to.equal(1);
      expect(calls).to.have.length(1);
      for (const list of seen) expect(list.map((state) => state.status)).to.deep.equal(['signed-in']);
    });

    it('getSession gives one session per storefront origin and app client id', () => {
      const clientId = uniqueClientId();
      const a = getSession({ storefront: 'http://localhost:9/some/page?x=1', appClientId: clientId });
      const b = getSession({ storefront: 'http://localhost:9', appClientId: ` ${clientId} ` });
      const c = getSession({ storefront: 'http://localhost:9', appClientId: uniqueClientId() });
      const d = getSession({ storefront: 'http://127.0.0.1:9', appClientId: clientId });
      expect(a).to.equal(b);
      expect(a).not.to.equal(c);
      expect(a).not.to.equal(d);
      expect(a.state).to.deep.equal({ status: 'loading', customer: null }); // nothing asked until someone listens
    });

    it('rejects unusable options with a TypeError', () => {
      const base = { storefront: STOREFRONT, appClientId: 'x' };
      expect(() => createSession({ ...base, storefront: '/relative' })).to.throw(TypeError, /absolute URL/);
      expect(() => createSession({ ...base, storefront: 'javascript:alert(1)' })).to.throw(TypeError, /http/);
      expect(() => createSession({ ...base, appClientId: ' ' })).to.throw(TypeError, /appClientId/);
      expect(() => createSession({ ...base, timeoutMs: 0 })).to.throw(TypeError, /timeoutMs/);
      expect(() => getSession({ ...base, appClientId: '' })).to.throw(TypeError, /appClientId/);
    });
  });

  describe('changes', () => {
    it('tells subscribers only when status, id, email or group changed', async () => {
      const answers = [
        customerToken(JANE, { iat: nowSeconds() }),
        customerToken(JANE, { iat: nowSeconds() + 1 }), // a new token, same customer
        customerToken({ ...JANE, group_id: '2' }, { iat: nowSeconds() }),
        customerToken({ ...JANE, email: 'jane@new.example.com', group_id: '2' }, { iat: nowSeconds() }),
        null,
        null,
      ];
      const { fetch } = scriptedFetch((_call, index) =>
        answers[index] ? textResponse(answers[index]) : textResponse('', 404),
      );
      const session = make(fetch);
      const seen: unknown[] = [];
      session.subscribe((state) => seen.push(state));
      await session.ready();
      for (let i = 1; i < answers.length; i += 1) await session.refresh();
      expect(seen).to.deep.equal([
        { status: 'signed-in', customer: { id: 7, email: 'jane@example.com', groupId: 6 } },
        { status: 'signed-in', customer: { id: 7, email: 'jane@example.com', groupId: 2 } },
        { status: 'signed-in', customer: { id: 7, email: 'jane@new.example.com', groupId: 2 } },
        { status: 'guest', customer: null },
      ]);
      expect(session.token()).to.equal(null);
    });

    it('keeps the latest token even when the identity is unchanged', async () => {
      const first = customerToken(JANE, { iat: nowSeconds() });
      const second = customerToken(JANE, { iat: nowSeconds() + 60 });
      const { fetch } = scriptedFetch((_call, index) => textResponse(index === 0 ? first : second));
      const session = make(fetch);
      await session.ready();
      await session.refresh();
      expect(session.token()).to.equal(second);
    });

    it('asks again after a request in flight when refreshed meanwhile, coalescing the asks', async () => {
      const answers: ((response: Response) => void)[] = [];
      const { fetch, calls } = scriptedFetch(() => new Promise<Response>((resolve) => answers.push(resolve)));
      const session = make(fetch);
      void session.ready();
      await settle();
      const refreshes = [session.refresh(), session.refresh(), session.refresh()];
      nth(answers, 0)(textResponse(customerToken(JANE, { iat: nowSeconds() })));
      await settleUntil(() => calls.length >= 2);
      expect(calls).to.have.length(2); // the asks made during the first request share one more request
      nth(answers, 1)(textResponse('', 404));
      const states = await Promise.all(refreshes);
      expect(states.map((state) => state.status)).to.deep.equal(['guest', 'guest', 'guest']);
      expect(calls).to.have.length(2);
    });

    it('keeps calling the other subscribers when one unsubscribes during a change', async () => {
      const { fetch } = scriptedFetch(() => textResponse('', 404));
      const session = make(fetch);
      const seen: string[] = [];
      const off = session.subscribe(() => {
        seen.push('first');
        off();
      });
      session.subscribe(() => seen.push('second'));
      await session.ready();
      expect(seen).to.deep.equal(['first', 'second']);
    });
  });

  describe('staying current', () => {
    it('refreshes a minute before exp, measured on the token lifetime so a skewed device clock does not matter', async () => {
      // The device clock is a day ahead of the store's: the token looks long expired by local time.
      const iat = nowSeconds() - 86_400;
      const { fetch, calls } = scriptedFetch(() => textResponse(customerToken(JANE, { iat, exp: iat + 900 })));
      const session = make(fetch);
      await session.ready();
      await clock.advance(839_000);
      expect(calls).to.have.length(1);
      await clock.advance(1_000);
      expect(calls).to.have.length(2);
      await clock.advance(840_000);
      expect(calls).to.have.length(3);
    });

    it('notices a sign-out at the next expiry refresh', async () => {
      let signedIn = true;
      const { fetch } = scriptedFetch(() =>
        signedIn ? textResponse(customerToken(JANE, { iat: nowSeconds() })) : textResponse('', 404),
      );
      const session = make(fetch);
      const seen: string[] = [];
      session.subscribe((state) => seen.push(state.status));
      await session.ready();
      signedIn = false;
      await clock.advance(840_000);
      expect(seen).to.deep.equal(['signed-in', 'guest']);
      expect(clock.pending()).to.deep.equal([]); // a guest has nothing to refresh
    });

    it('keeps a signed-in customer through a failed background refresh while the token is still valid', async () => {
      let failing = false;
      const { fetch, calls } = scriptedFetch(() =>
        failing ? textResponse('down', 503) : textResponse(customerToken(JANE, { iat: nowSeconds() })),
      );
      const session = make(fetch, { retryMs: 15_000 });
      const token = (await session.ready(), session.token());
      failing = true;
      await clock.advance(840_000); // the refresh fails
      expect(session.state.status).to.equal('signed-in');
      expect(session.token()).to.equal(token);
      expect(session.error!.code).to.equal('ERR_BC_UPSTREAM');
      await clock.advance(15_000 + 30_000); // two retries fail, the third is due at expiry
      expect(calls).to.have.length(4);
      expect(session.state.status).to.equal('signed-in');
      await clock.advance(15_000); // expired: no stale identity any more
      expect(session.state).to.deep.equal({ status: 'error', customer: null });
      expect(session.token()).to.equal(null);
    });

    it('retries after an error with a growing delay, and recovers', async () => {
      const answers = [503, 503, 200];
      const { fetch, calls } = scriptedFetch((_call, index) =>
        answers[index] === 200 ? textResponse(customerToken(JANE, { iat: nowSeconds() })) : textResponse('', 503),
      );
      const session = make(fetch, { retryMs: 10_000 });
      await session.ready();
      expect(session.state.status).to.equal('error');
      await clock.advance(10_000);
      expect(calls).to.have.length(2);
      await clock.advance(19_999);
      expect(calls).to.have.length(2);
      await clock.advance(1);
      expect(calls).to.have.length(3);
      expect(session.state.status).to.equal('signed-in');
      expect(session.error).to.equal(null);
    });

    it('re-checks when the window is focused again, at most once per throttle period', async () => {
      const win = new EventTarget();
      const { fetch, calls } = scriptedFetch(() => textResponse('', 404));
      const session = make(fetch, { window: win, recheckThrottleMs: 5_000 });
      await session.ready();
      win.dispatchEvent(new Event('focus'));
      await settle();
      expect(calls).to.have.length(1); // just checked
      await clock.advance(5_000);
      win.dispatchEvent(new Event('focus'));
      win.dispatchEvent(new Event('focus'));
      await settle();
      expect(calls).to.have.length(2);
    });

    it('re-checks when the tab becomes visible, not when it is hidden', async () => {
      const doc: EventTarget & { visibilityState: DocumentVisibilityState } = Object.assign(new EventTarget(), {
        visibilityState: 'hidden' as const,
      });
      const { fetch, calls } = scriptedFetch(() => textResponse('', 404));
      const session = make(fetch, { document: doc, recheckThrottleMs: 1_000 });
      await session.ready();
      await clock.advance(1_000);
      doc.dispatchEvent(new Event('visibilitychange'));
      await settle();
      expect(calls).to.have.length(1);
      doc.visibilityState = 'visible';
      doc.dispatchEvent(new Event('visibilitychange'));
      await settle();
      expect(calls).to.have.length(2);
    });

    it('re-checks when the browser comes back online after an error', async () => {
      const win = new EventTarget();
      let online = false;
      const { fetch } = scriptedFetch(() =>
        online ? textResponse('', 404) : Promise.reject(new TypeError('Failed to fetch')),
      );
      const session = make(fetch, { window: win });
      await session.ready();
      expect(session.state.status).to.equal('error');
      online = true;
      win.dispatchEvent(new Event('online'));
      await settle();
      expect(session.state.status).to.equal('guest');
    });

    it('stops every timer and listener on dispose', async () => {
      const win = new EventTarget();
      const { fetch, calls } = scriptedFetch(() => textResponse(customerToken(JANE, { iat: nowSeconds() })));
      const session = make(fetch, { window: win });
      await session.ready();
      session.dispose();
      expect(clock.pending()).to.deep.equal([]);
      await clock.advance(10_000);
      win.dispatchEvent(new Event('focus'));
      await clock.advance(1_000_000);
      expect(calls).to.have.length(1);
    });
  });

  describe('across tabs (BroadcastChannel)', () => {
    it('a sign-out seen in one tab reaches the others, and the token never travels', async () => {
      const appClientId = uniqueClientId();
      let signedIn = true;
      const token = customerToken(JANE, { iat: nowSeconds() });
      const { fetch, calls } = scriptedFetch(() => (signedIn ? textResponse(token) : textResponse('', 404)));
      const tabA = make(fetch, { appClientId, broadcastChannel: undefined });
      const tabB = make(fetch, { appClientId, broadcastChannel: undefined });
      const messages: unknown[] = [];
      const spy = new BroadcastChannel(`bc-customer-elements:session:${STOREFRONT}:${appClientId}`);
      spy.onmessage = (event) => messages.push(event.data);
      try {
        await Promise.all([tabA.ready(), tabB.ready()]);
        // The tabs' start-up notices go by first: under load one could reach tab A after its sign-out below, and a
        // notice of another customer rightly makes a tab ask again. The spy hears both once they are delivered.
        while (messages.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
        expect(tabB.state.status).to.equal('signed-in');
        const heardInB = new Promise<SessionState>((resolve) => tabB.subscribe(resolve));

        signedIn = false;
        await tabA.refresh(); // tab A notices the sign-out (say, on focus after checkout)
        expect(tabA.state.status).to.equal('guest');
        expect(await heardInB).to.deep.equal({ status: 'guest', customer: null });
        expect(tabB.token()).to.equal(null);

        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(calls).to.have.length(4); // A and B at start, A's refresh, B's own check: no ping-pong
        expect(messages.length).to.be.greaterThan(0);
        for (const message of messages) expect(JSON.stringify(message)).not.to.include(token.split('.')[2]);
      } finally {
        spy.close();
      }
    });

    it('works on without a channel where BroadcastChannel is unavailable', async () => {
      const { fetch } = scriptedFetch(() => textResponse('', 404));
      const session = make(fetch, {
        broadcastChannel: () => {
          throw new DOMException('opaque origin', 'SecurityError');
        },
      });
      expect(await session.ready()).to.deep.equal({ status: 'guest', customer: null });
    });
  });

  it('keeps the raw token out of storage, cookies and the URL', async () => {
    const token = customerToken(JANE, { iat: nowSeconds() });
    const { fetch } = scriptedFetch(() => textResponse(token));
    const session = make(fetch);
    await session.ready();
    const signature = token.split('.')[2];
    for (const storage of [localStorage, sessionStorage]) {
      for (let i = 0; i < storage.length; i += 1) expect(storage.getItem(storage.key(i)!)).not.to.include(signature);
    }
    expect(document.cookie).not.to.include(signature);
    expect(location.href).not.to.include(signature);
    expect(JSON.stringify(session.state)).not.to.include(signature);
  });
});
