// The backend session as the session's third identity source (#17), in a real browser against the real backend
// mounted at the page's origin (test/support/servers.ts, a session secret configured): the page names a storefront
// on another origin (the foreign recorder, serving the real bridge page), so it is "off the storefront" and
// `signIn()` / `signOut()` go through the backend, whose `SameSite=Lax` cookie is first-party here (same origin).
// Requests are counted as the browser itself recorded them (Resource Timing).
import { expect } from '@open-wc/testing';
import { signIn, signOut } from '../../src/client/account.js';
import { createBackendClient } from '../../src/client/backend.js';
import { hintKey } from '../../src/client/backend-session.js';
import { createSession, getSession, type ManagedSession, type SessionState } from '../../src/client/session.js';
import { BcError } from '../../src/errors.js';
import { ROUTES, type PricesResponse } from '../../src/protocol.js';
import type { TestConfig } from '../support/servers.js';
import { trustOrigins } from './helpers.js';

let config: TestConfig;
const made: ManagedSession[] = [];
const cleanups: (() => void)[] = [];

/** Requests to `path` on the page's origin that started since `since` (a `performance.now()` reading). */
function requestsTo(path: string, since: number): number {
  return performance
    .getEntriesByType('resource')
    .filter((entry) => entry.startTime >= since && new URL(entry.name).pathname === path).length;
}

/** A page off the storefront: a `<bc-store>` naming the foreign storefront (its bridge allowing this page). */
function store(appClientId: string): HTMLElement {
  cleanups.push(trustOrigins(config.foreignOrigin));
  const el = document.createElement('bc-store');
  el.setAttribute('app-client-id', appClientId);
  el.setAttribute('storefront', config.foreignOrigin);
  el.setAttribute('bridge', `/bc-bridge/?allow=${encodeURIComponent(location.origin)}`);
  el.setAttribute('endpoint', config.endpoint);
  document.body.append(el);
  cleanups.push(() => el.remove());
  return el;
}

/** A POST to the backend with its cookie, as the page's own code would send it (`{}` unless `body` is given). */
const backendPost = (route: string, body: unknown = {}) =>
  fetch(`${config.endpoint}${route}`, {
    method: 'POST',
    credentials: 'include',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** The session the elements of `el` use (the page's registry). */
const sessionOf = (el: HTMLElement) =>
  getSession({
    storefront: config.foreignOrigin,
    appClientId: el.getAttribute('app-client-id')!,
    bridge: el.getAttribute('bridge')!,
    endpoint: el.getAttribute('endpoint')!,
  });

/**
 * Another tab's session of the same app off the same storefront: its own BroadcastChannel, and `storage` events
 * heard on `win` (a second document shares this one's localStorage and hears its writes). Its token source answers
 * a guest, as a storefront with nobody signed in does.
 */
function otherTab(appClientId: string, win: Window | null = null): ManagedSession {
  const session = createSession({
    storefront: config.foreignOrigin,
    appClientId,
    endpoint: config.endpoint,
    source: async () => null,
    window: win,
    document: null,
  });
  made.push(session);
  return session;
}

/** Resolves with the first state `session` reaches that `accept` takes. */
function stateWhere(session: ManagedSession, accept: (state: SessionState) => boolean): Promise<SessionState> {
  if (accept(session.state)) return Promise.resolve(session.state);
  return new Promise((resolve) => {
    const stop = session.subscribe((state) => {
      if (!accept(state)) return;
      stop();
      resolve(state);
    });
  });
}

describe('the backend session (signed in through the backend, off the storefront)', () => {
  before(async () => {
    performance.setResourceTimingBufferSize(100_000);
    config = (await (await fetch('/__test/config.json')).json()) as TestConfig;
  });
  afterEach(async () => {
    for (const session of made.splice(0)) session.dispose();
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
    // Whatever a test left: no backend cookie, no hint.
    await backendPost(ROUTES.signOut);
    localStorage.removeItem(hintKey(config.endpoint));
  });

  it('asks the backend nothing for a guest without a hint', async () => {
    const since = performance.now();
    const session = otherTab('no-hint-app');
    expect(await session.ready()).to.deep.equal({ status: 'guest', customer: null });
    await session.refresh();
    expect(requestsTo('/bc/session', since)).to.equal(0);
    expect(session.credentials()).to.equal('omit');
  });

  it('signs in through the backend: the hint, the session by cookie, group prices, and another tab follows', async () => {
    const wholesale = config.customers.find((c) => c.email === 'wholesale@example.com')!;
    const page = store('sign-in-app');
    const tab = otherTab('sign-in-app');
    expect((await tab.ready()).status).to.equal('guest');

    const since = performance.now();
    const customer = await signIn({ email: wholesale.email, password: wholesale.password, element: page });
    expect(customer).to.deep.equal({ id: wholesale.id, email: wholesale.email });
    expect(requestsTo('/bc/sign-in', since)).to.equal(1);
    expect(requestsTo('/graphql', since), 'no hosted login').to.equal(0);
    // The hint: the session's expiry, nothing secret.
    const hint = Number(localStorage.getItem(hintKey(config.endpoint)));
    expect(hint * 1000).to.be.greaterThan(Date.now());

    const session = sessionOf(page);
    expect(session.state).to.deep.equal({
      status: 'signed-in',
      customer: { id: wholesale.id, email: wholesale.email, groupId: wholesale.groupId },
    });
    expect([session.token(), session.credentials()]).to.deep.equal([null, 'include']);
    // The bridge was never needed: the backend session comes first.
    expect(document.querySelectorAll('iframe')).to.have.length(0);

    // The other tab heard it on the channel and asked the backend itself (the cookie is the browser's).
    expect((await stateWhere(tab, (s) => s.status === 'signed-in')).customer?.id).to.equal(wholesale.id);

    // /prices with the cookie and no token: the customer's group.
    const backend = createBackendClient({ endpoint: config.endpoint, session });
    const prices = await backend.postJson<PricesResponse>(ROUTES.prices, {
      currency: 'USD',
      items: [{ productId: 80 }],
    });
    expect(prices.groupId).to.equal(wholesale.groupId);
  });

  it('signs out: the backend cookie and the hint go, the page and another document follow', async () => {
    const vip = config.customers.find((c) => c.email === 'vip@example.com')!;
    const page = store('sign-out-app');
    // A second document of this origin: localStorage is shared, its window hears this one's writes as `storage`.
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const tab = otherTab('sign-out-app', frame.contentWindow);
    await tab.ready();

    await signIn({ email: vip.email, password: vip.password, element: page });
    expect((await stateWhere(tab, (s) => s.status === 'signed-in')).customer?.id).to.equal(vip.id);

    await signOut({ element: page });
    expect(localStorage.getItem(hintKey(config.endpoint))).to.equal(null);
    // The page falls back to the bridge, which gets no cookies across sites here: shown as a guest.
    const session = sessionOf(page);
    expect(session.state.customer).to.equal(null);
    expect(session.credentials()).to.equal('omit');
    // The other document heard the hint go (its channel hears no error state) and asked again: a guest.
    expect(await stateWhere(tab, (s) => s.status !== 'signed-in')).to.deep.equal({ status: 'guest', customer: null });
    // The cookie is gone for the backend too.
    expect((await backendPost(ROUTES.session)).status).to.equal(401);
  });

  it('treats a stale hint (the cookie gone) as a guest, with one /session request, and clears the hint', async () => {
    const buyer = config.customers.find((c) => c.email === 'buyer@example.com')!;
    const page = store('stale-app');
    await signIn({ email: buyer.email, password: buyer.password, element: page });
    // The cookie goes behind the page's back (another page of the site signed out); the hint stays.
    await backendPost(ROUTES.signOut);
    expect(localStorage.getItem(hintKey(config.endpoint))).to.not.equal(null);

    const since = performance.now();
    const session = otherTab('stale-app');
    expect(await session.ready()).to.deep.equal({ status: 'guest', customer: null });
    expect(requestsTo('/bc/session', since)).to.equal(1);
    expect(localStorage.getItem(hintKey(config.endpoint))).to.equal(null);
    await session.refresh();
    expect(requestsTo('/bc/session', since), 'no hint, no more asking').to.equal(1);
  });

  it('with the backend on another site, says the session was not kept (ERR_BC_SESSION_NOT_KEPT) and leaves no hint', async () => {
    // The same server under its IPv4 name: another site than localhost, as an api.other-domain.com backend would be.
    const foreignBackend = `http://127.0.0.1:${location.port}/bc`;
    cleanups.push(trustOrigins(new URL(foreignBackend).origin));
    const tricky = config.customers.find((c) => c.id === 5)!;
    const page = store('cross-site-app');
    page.setAttribute('endpoint', foreignBackend);
    const error = await signIn({ email: tricky.email, password: tricky.password, element: page }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect((error as BcError).code).to.equal('ERR_BC_SESSION_NOT_KEPT');
    expect(localStorage.getItem(hintKey(foreignBackend))).to.equal(null);
    expect(sessionOf(page).state.customer).to.equal(null);
  });

  it('where the page storage refuses the hint, says the sign-in cannot be kept and ends the backend session', async () => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function refuse() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    cleanups.push(() => {
      Storage.prototype.setItem = setItem;
    });
    const plain = config.customers.find((c) => c.id === 5)!;
    const page = store('no-storage-app');
    const since = performance.now();
    const error = await signIn({ email: plain.email, password: plain.password, element: page }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect((error as BcError).code).to.equal('ERR_BC_SESSION_NOT_KEPT');
    expect((error as BcError).message).to.contain('page storage');
    expect(requestsTo(new URL(`${config.endpoint}${ROUTES.signOut}`).pathname, since)).to.equal(1);
    // The backend's session is over: the cookie no longer names anyone.
    expect((await backendPost(ROUTES.session)).status).to.equal(401);
  });

  it('a sign-in overtaken by another (another tab) says so (ERR_BC_CUSTOMER_CHANGED) and keeps the hint', async () => {
    const [first, second] = config.customers.filter((c) => c.id === 1 || c.id === 2);
    const page = store('race-app');
    // Another tab signs `second` in just after the backend answered this page's sign-in of `first`.
    const overtaken: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      if (String(input).endsWith(ROUTES.signIn)) {
        const other = await backendPost(ROUTES.signIn, { email: second!.email, password: second!.password });
        expect(other.status).to.equal(200);
      }
      return answer;
    };
    const error = await signIn({
      email: first!.email,
      password: first!.password,
      element: page,
      fetch: overtaken,
    }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect((error as BcError).code).to.equal('ERR_BC_CUSTOMER_CHANGED');
    // The page shows whoever signed in last, and keeps knowing it on the next load.
    expect(sessionOf(page).state.customer?.id).to.equal(second!.id);
    expect(localStorage.getItem(hintKey(config.endpoint))).to.not.equal(null);
  });

  it('refuses a wrong password with ERR_BC_SIGN_IN_FAILED and leaves no hint', async () => {
    const page = store('wrong-app');
    const error = await signIn({ email: 'plain@example.com', password: 'not-the-password', element: page }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).to.be.instanceOf(BcError);
    expect((error as BcError).code).to.equal('ERR_BC_SIGN_IN_FAILED');
    expect(localStorage.getItem(hintKey(config.endpoint))).to.equal(null);
  });
});
