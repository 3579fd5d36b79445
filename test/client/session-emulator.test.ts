// The session against the emulated storefront, mounted same-origin: real HTTP, real cookies, real signed tokens.
// Timers and the clock are the session's injected ones, so expiry is tested without waiting 15 minutes.
import { expect } from '@open-wc/testing';
import { jwtVerify } from 'jose';
import {
  createSession,
  type ManagedSession,
  type SessionOptions,
  type SessionState,
} from '../../src/client/session.js';
import {
  clearFaults,
  currentJwtCalls,
  emulatorState,
  resetEmulator,
  setEmulatorClock,
  setFault,
  signIn,
  signOut,
  type EmulatorState,
} from './emulator.js';
import { fakeClock, type FakeClock } from './helpers.js';

describe('session against the emulated storefront', () => {
  let emulator: EmulatorState;
  let clock: FakeClock;
  let sessions: ManagedSession[];
  const customer = (email: string) => emulator.customers.find((c) => c.email === email)!;

  before(async () => {
    emulator = await emulatorState();
  });
  beforeEach(async () => {
    await resetEmulator();
    clock = fakeClock(Date.now());
    sessions = [];
  });
  afterEach(async () => {
    sessions.forEach((session) => session.dispose());
    await clearFaults();
    await setEmulatorClock(Date.now());
  });

  function make(options: Partial<SessionOptions> = {}): ManagedSession {
    const session = createSession({
      storefront: location.origin,
      appClientId: emulator.app.clientId,
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

  it('is a guest until the shopper signs in through /login.php, then holds the storefront token untouched', async () => {
    expect(await make().ready()).to.deep.equal({ status: 'guest', customer: null });

    const vip = customer('vip@example.com');
    await signIn(vip.email, vip.password);
    const session = make();
    expect(await session.ready()).to.deep.equal({
      status: 'signed-in',
      customer: { id: vip.id, email: vip.email, groupId: vip.customer_group_id },
    });
    // What the backend will receive verifies with the app's secret: the browser passed it on as it came.
    const { payload, protectedHeader } = await jwtVerify(
      session.token()!,
      new TextEncoder().encode(emulator.app.clientSecret),
      { algorithms: ['HS256', 'HS512'], issuer: 'bc/apps', audience: emulator.app.clientId },
    );
    expect(protectedHeader.alg).to.equal('HS512');
    expect(payload.customer).to.deep.equal({ id: vip.id, email: vip.email, group_id: String(vip.customer_group_id) });
  });

  it('reads a customer in no group as groupId null', async () => {
    const plain = customer('plain@example.com');
    await signIn(plain.email, plain.password);
    expect(await make().ready()).to.deep.equal({
      status: 'signed-in',
      customer: { id: plain.id, email: plain.email, groupId: null },
    });
  });

  it('notices a sign-out at the refresh before the token expires', async () => {
    const buyer = customer('buyer@example.com');
    await signIn(buyer.email, buyer.password);
    const session = make();
    const seen: SessionState[] = [];
    session.subscribe((state) => seen.push(state));
    await session.ready();
    await signOut();
    await clock.advance(839_000);
    expect(session.state.status).to.equal('signed-in');
    // The refresh goes over the network: wait for its answer, not for a number of turns of the event loop.
    const signedOut = new Promise<void>((resolve) =>
      session.subscribe((state) => state.status === 'guest' && resolve()),
    );
    await clock.advance(1_000);
    await signedOut;
    expect(seen.map((state) => state.status)).to.deep.equal(['signed-in', 'guest']);
    expect(session.token()).to.equal(null);
  });

  it('refreshes on the token lifetime even when the store clock is a day behind the device', async () => {
    await setEmulatorClock(Date.now() - 86_400_000);
    const buyer = customer('buyer@example.com');
    await signIn(buyer.email, buyer.password);
    const session = make();
    expect((await session.ready()).status).to.equal('signed-in');
    expect(clock.pending()).to.deep.equal([840_000]);
  });

  it('makes one request for many subscribers at once', async () => {
    const session = make();
    const before = await currentJwtCalls();
    const states = await Promise.all(
      Array.from({ length: 30 }, () => {
        session.subscribe(() => undefined);
        return session.ready();
      }),
    );
    expect(states.every((state) => state.status === 'guest')).to.equal(true);
    expect((await currentJwtCalls()) - before).to.equal(1);
  });

  const faults: [string, Parameters<typeof setFault>[1], string][] = [
    ['a 500', { status: 500 }, 'ERR_BC_UPSTREAM'],
    ['a 429', { status: 429 }, 'ERR_BC_UPSTREAM'],
    ['a malformed body', { body: 'malformed' }, 'ERR_BC_TOKEN_MALFORMED'],
    ['a truncated token', { body: 'truncated' }, 'ERR_BC_TOKEN_MALFORMED'],
    ['an HTML page', { body: 'html' }, 'ERR_BC_TOKEN_MALFORMED'],
    ['an empty body', { body: 'empty' }, 'ERR_BC_TOKEN_MALFORMED'],
    ['a 12 MB body', { body: 'huge' }, 'ERR_BC_TOKEN_MALFORMED'],
  ];
  for (const [name, fault, code] of faults) {
    it(`shows ${name} from current.jwt as the error state with the guest view`, async () => {
      const buyer = customer('buyer@example.com');
      await signIn(buyer.email, buyer.password);
      await setFault('current_jwt', { ...fault, times: 1 });
      const session = make();
      expect(await session.ready()).to.deep.equal({ status: 'error', customer: null });
      expect(session.error!.code).to.equal(code);
      expect(session.token()).to.equal(null);
      // The next check (the retry) succeeds.
      expect((await session.refresh()).status).to.equal('signed-in');
    });
  }

  it('gives up on a storefront that never answers at the timeout', async () => {
    await setFault('current_jwt', { hang: true });
    const session = make({ timeoutMs: 2_000 });
    const ready = session.ready();
    await new Promise((resolve) => setTimeout(resolve, 50)); // the request is out
    await clock.advance(2_000);
    expect(await ready).to.deep.equal({ status: 'error', customer: null });
    expect(session.error!.code).to.equal('ERR_BC_UPSTREAM_TIMEOUT');
  });

  it('carries a sign-out in one tab to another tab of the same origin', async () => {
    const buyer = customer('buyer@example.com');
    await signIn(buyer.email, buyer.password);
    const tabA = make({ broadcastChannel: undefined });
    const tabB = make({ broadcastChannel: undefined });
    await Promise.all([tabA.ready(), tabB.ready()]);
    expect(tabB.state.status).to.equal('signed-in');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const heardInB = new Promise<SessionState>((resolve) => tabB.subscribe(resolve));

    await signOut();
    await tabA.refresh(); // tab A checks (focus after the hosted checkout); tab B is never asked directly
    expect(await heardInB).to.deep.equal({ status: 'guest', customer: null });
  });
});
