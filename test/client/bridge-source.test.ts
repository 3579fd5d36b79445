// The session's bridge source in a real browser, across two real origins: the test page, and a recorder on another
// origin that serves the real bridge page (src/bridge/page.ts) and a storefront's /customer/current.jwt
// (test/support/foreign-recorder.ts). Real iframes, real postMessage, real origin checks on both sides.
// The two origins (localhost and 127.0.0.1) are also two sites: the bridge's frame is a third-party frame, which
// Chromium here gives no storage access, so a guest answer is the cross-site one (a coded reason, shown as a guest).
import { expect } from '@open-wc/testing';
import { createSession, type ManagedSession } from '../../src/client/session.js';
import { bridgeSource } from '../../src/client/bridge-source.js';
import { lazyBridgeSource, type TokenSource } from '../../src/client/token-source.js';
import type { BcError } from '../../src/errors.js';
import type { TestConfig } from '../support/servers.js';
import { customerToken } from './helpers.js';

let storefront: string;
const sessions: ManagedSession[] = [];

async function setShopper(token: string | null): Promise<void> {
  await fetch(`${storefront}/__shopper`, { method: 'POST', body: JSON.stringify({ token }) });
}

/** A session that reads through the bridge, which answers the given origins. */
function session(
  allowed: string[],
  timeoutMs = 5_000,
  source: (url: string) => TokenSource = bridgeSource,
): ManagedSession {
  const query = allowed.map((origin) => `allow=${encodeURIComponent(origin)}`).join('&');
  const made = createSession({
    storefront,
    appClientId: 'bridge-test-app',
    source: source(`${storefront}/bc-bridge/?${query}`),
    timeoutMs,
    broadcastChannel: null,
  });
  sessions.push(made);
  return made;
}

describe('the storefront bridge source (another origin)', () => {
  before(async () => {
    storefront = ((await (await fetch('/__test/config.json')).json()) as TestConfig).foreignOrigin;
  });
  afterEach(async () => {
    for (const made of sessions.splice(0)) made.dispose();
    for (const frame of document.querySelectorAll('iframe')) frame.remove();
    await setShopper(null);
  });

  it('gets the signed-in shopper from the storefront through the bridge', async () => {
    const token = customerToken({ id: 7, email: 'bridge@example.com', group_id: '2' });
    await setShopper(token);
    const made = session([location.origin]);
    expect(await made.ready()).to.deep.equal({
      status: 'signed-in',
      customer: { id: 7, email: 'bridge@example.com', groupId: 2 },
    });
    expect(made.token()).to.equal(token);
    const frame = document.querySelector('iframe')!;
    expect([frame.getAttribute('aria-hidden'), frame.tabIndex, new URL(frame.src).origin]).to.deep.equal([
      'true',
      -1,
      storefront,
    ]);
  });

  it('answers a cross-site guest with a coded reason, and follows a later sign-in when asked again', async () => {
    const made = session([location.origin]);
    expect((await made.ready()).status).to.equal('error');
    const error = made.error as BcError;
    expect(error.code).to.equal('ERR_BC_BRIDGE_NO_COOKIES');
    expect(error.message).to.contain('third-party cookies blocked');
    await setShopper(customerToken({ id: 8, email: 'later@example.com', group_id: '' }));
    expect((await made.refresh()).customer?.email).to.equal('later@example.com');
    expect(document.querySelectorAll('iframe')).to.have.length(1);
  });

  it('offers the bridge frame for storage access only while it gets no cookies; an answer from it makes the session ask again', async () => {
    const made = session([location.origin]);
    expect(made.storageAccessFrame()).to.equal(null, 'before any answer');
    await made.ready();
    expect((made.error as BcError).code).to.equal('ERR_BC_BRIDGE_NO_COOKIES');
    const prompt = made.storageAccessFrame()!;
    expect(prompt).to.be.instanceOf(HTMLIFrameElement);
    expect(made.storageAccessFrame()).to.equal(prompt, 'the same frame on every call');
    expect([prompt.title, prompt.getAttribute('aria-hidden'), prompt.tabIndex]).to.deep.equal([
      'Continue signed in with the store',
      null,
      0,
    ]);
    // The shopper's click is what makes the frame answer signed in; here the storefront simply has a shopper by then.
    await setShopper(customerToken({ id: 11, email: 'granted@example.com', group_id: '' }));
    const changed = new Promise<void>((resolve) =>
      made.subscribe((state) => state.status === 'signed-in' && resolve()),
    );
    document.body.append(prompt);
    await changed;
    expect(made.state.customer?.email).to.equal('granted@example.com');
    expect(made.storageAccessFrame()).to.equal(null, 'not while signed in');
  });

  it('does the same loaded on demand (lazyBridgeSource, as getSession uses it): the change heard before the load is passed on', async () => {
    const made = session([location.origin], 5_000, lazyBridgeSource);
    expect(made.storageAccessFrame()).to.equal(null, 'before any answer');
    await made.ready();
    expect((made.error as BcError).code).to.equal('ERR_BC_BRIDGE_NO_COOKIES');
    const prompt = made.storageAccessFrame()!;
    expect(prompt).to.be.instanceOf(HTMLIFrameElement);
    expect(made.storageAccessFrame()).to.equal(prompt, 'the same frame on every call');
    expect([prompt.title, prompt.getAttribute('aria-hidden'), prompt.tabIndex]).to.deep.equal([
      'Continue signed in with the store',
      null,
      0,
    ]);
    // The shopper's click is what makes the frame answer signed in; here the storefront simply has a shopper by then.
    await setShopper(customerToken({ id: 11, email: 'granted@example.com', group_id: '' }));
    const changed = new Promise<void>((resolve) =>
      made.subscribe((state) => state.status === 'signed-in' && resolve()),
    );
    document.body.append(prompt);
    await changed;
    expect(made.state.customer?.email).to.equal('granted@example.com');
    expect(made.storageAccessFrame()).to.equal(null, 'not while signed in');
  });

  it('gets nothing from a bridge that does not allow this origin: a coded error naming the fix', async () => {
    await setShopper(customerToken({ id: 9, email: 'secret@example.com', group_id: '1' }));
    const made = session(['https://www.example.com', `${location.origin}.evil.example`], 1_500);
    expect((await made.ready()).status).to.equal('error');
    expect(made.token()).to.equal(null);
    const error = made.error as BcError;
    expect(error.code).to.equal('ERR_BC_BRIDGE_UNAVAILABLE');
    expect(error.message).to.contain(`${location.origin} among its allowed origins`);
  });

  it('ignores answers from other windows, and answers with another nonce', async () => {
    await setShopper(null);
    const made = session([location.origin]);
    const ready = made.ready();
    // A forged signed-in answer posted by this very page (not the bridge's window): ignored.
    window.postMessage(
      {
        type: 'bc-bridge-answer',
        version: 1,
        nonce: 'A'.repeat(22),
        status: 'signed-in',
        token: customerToken({ id: 1, email: 'forged@example.com' }),
      },
      '*',
    );
    expect((await ready).status).to.equal('error');
    expect((made.error as BcError).code).to.equal('ERR_BC_BRIDGE_NO_COOKIES');
    expect(made.token()).to.equal(null);
  });
});
