// A guest's first price after one round trip: the price service sends `/prices` in parallel with `current.jwt`
// and uses that answer only once `current.jwt` says guest; a signed-in shopper is never shown a guest price, in
// either order of the two answers. Real HTTP against the emulated storefront and the backend mounted at the page's
// origin; the round trips are counted from the order of what was sent and answered, never timed.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { BcGroupPrice } from '../../src/elements/bc-group-price.js';
import { createBackendClient } from '../../src/client/backend.js';
import { createSessionPriceBatcher } from '../../src/client/prices.js';
import { createSession, type ManagedSession } from '../../src/client/session.js';
import { directSource, type TokenSource } from '../../src/client/token-source.js';
import { formatPrice } from '../../src/client/price-format.js';
import { BcError } from '../../src/errors.js';
import type { PricedItem, PricesResponse } from '../../src/protocol.js';
import type { TestConfig } from '../support/servers.js';
import { resetEmulator, signIn, signOut } from './emulator.js';

/** A product whose price differs between guests and the wholesale group (group 1) in the seed. */
const PRODUCT = 77;

let config: TestConfig;
let sessions: ManagedSession[] = [];

/** What happened, in order: `jwt sent`, `jwt answered`, `jwt released`, `prices sent (guest|token)`, `prices answered`, `prices aborted`. */
type Log = string[];

/**
 * A session whose current.jwt request goes out at once, but whose answer is handed over only when `release()` is
 * called: the test decides which answer comes first, current.jwt's or /prices'.
 */
function heldSession(log: Log, source?: TokenSource) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const logged: typeof fetch = async (input, init) => {
    log.push('jwt sent');
    const response = await fetch(input, init);
    log.push('jwt answered');
    return response;
  };
  const direct =
    source ??
    directSource(
      `${location.origin}/customer/current.jwt?app_client_id=${encodeURIComponent(config.appClientId)}`,
      logged,
    );
  const session = createSession({
    storefront: location.origin,
    appClientId: config.appClientId,
    window: null,
    document: null,
    broadcastChannel: null,
    source: async (signal) => {
      const answer = direct(signal);
      answer.catch(() => undefined);
      await released;
      try {
        return await answer;
      } finally {
        log.push('jwt released');
      }
    },
  });
  sessions.push(session);
  return { session, release };
}

/** The real backend client for `session`, logging each /prices request and its outcome; `answered` resolves with the first answer. */
function loggedService(session: ManagedSession, log: Log) {
  const backend = createBackendClient({ endpoint: config.endpoint, session });
  let firstAnswer!: () => void;
  const answered = new Promise<void>((resolve) => (firstAnswer = resolve));
  const service = createSessionPriceBatcher({
    session,
    currency: 'USD',
    channelId: 1,
    postJson: async <T>(route: string, body: unknown, init?: { signal?: AbortSignal }) => {
      log.push(`prices sent (${session.token() ? 'token' : 'guest'})`);
      try {
        const answer = await backend.postJson<T>(route, body, init);
        log.push('prices answered');
        firstAnswer();
        return answer;
      } catch (error) {
        log.push(init?.signal?.aborted ? 'prices aborted' : 'prices failed');
        firstAnswer();
        throw error;
      }
    },
  });
  return { service, answered };
}

/** The backend's own answer for the product, as a guest or with a settled session's token. */
async function reference(signedIn: boolean): Promise<PricedItem> {
  const session = createSession({
    storefront: location.origin,
    appClientId: config.appClientId,
    window: null,
    document: null,
    broadcastChannel: null,
  });
  sessions.push(session);
  expect((await session.ready()).status).to.equal(signedIn ? 'signed-in' : 'guest');
  const backend = createBackendClient({ endpoint: config.endpoint, session });
  const answer = await backend.postJson<PricesResponse>('/prices', {
    currency: 'USD',
    channelId: 1,
    items: [{ productId: PRODUCT }],
  });
  return answer.items[0]!;
}

const label = (item: PricedItem) => formatPrice(item, { locale: 'en-US', currency: 'USD' }).label;

/** Round trips on the way to the first price: one, plus one for each /prices request sent after current.jwt's answer was taken. */
function roundTrips(log: Log): number {
  const taken = log.indexOf('jwt released');
  return 1 + log.slice(taken).filter((entry) => entry.startsWith('prices sent')).length;
}

describe('price service: the first price in parallel with current.jwt', () => {
  before(async () => {
    config = await (await fetch('/__test/config.json')).json();
  });
  beforeEach(async () => {
    await resetEmulator();
  });
  afterEach(async () => {
    sessions.forEach((session) => session.dispose());
    sessions = [];
    await signOut();
  });

  it("gives a guest the first price after one round trip: /prices leaves before current.jwt's answer, and nothing after", async () => {
    const guest = await reference(false);
    const log: Log = [];
    const { session, release } = heldSession(log);
    const { service, answered } = loggedService(session, log);
    let price: PricedItem | undefined;
    const asked = service.get({ productId: PRODUCT }).then((item) => (price = item));
    await answered;
    // The guest answer is in, but the session has not said guest yet: nothing is shown.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(price, 'a price before current.jwt answered').to.equal(undefined);
    release();
    await asked;
    expect(price).to.deep.equal(guest);
    expect(log.filter((e) => e.startsWith('prices sent'))).to.deep.equal(['prices sent (guest)']);
    expect(log.indexOf('prices sent (guest)')).to.be.below(log.indexOf('jwt released'));
    expect(roundTrips(log)).to.equal(1);
  });

  it('never shows a signed-in shopper the guest price that arrived before current.jwt said signed in', async () => {
    const guest = await reference(false);
    const wholesale = config.customers.find((c) => c.groupId === 1)!;
    await signIn(wholesale.email, wholesale.password);
    const group = await reference(true);
    expect(label(group), 'the seed prices the product differently for the group').to.not.equal(label(guest));

    const log: Log = [];
    const { session, release } = heldSession(log);
    const { service, answered } = loggedService(session, log);
    const shown: string[] = [];
    const el = await fixture<BcGroupPrice>(html`<bc-group-price
      product-id=${PRODUCT}
      locale="en-US"
      currency="USD"
      .priceService=${service}
      @bc-price-change=${(event: { text: string }) => shown.push(event.text)}
      >$0.00</bc-group-price
    >`);
    await answered; // the guest answer arrived first
    expect(log).to.include('prices answered');
    expect(log).to.not.include('jwt released');
    release();
    await new Promise<void>((resolve) => el.addEventListener('bc-price-change', () => resolve(), { once: true }));
    await el.updateComplete;
    expect(shown).to.deep.equal([label(group)]);
    expect(el.price).to.deep.equal(group);
    expect(log.filter((e) => e.startsWith('prices sent'))).to.deep.equal([
      'prices sent (guest)',
      'prices sent (token)',
    ]);
    expect(roundTrips(log)).to.equal(2);
  });

  it('drops the guest request when current.jwt says signed in before it is answered, and asks with the token', async () => {
    const wholesale = config.customers.find((c) => c.groupId === 1)!;
    await signIn(wholesale.email, wholesale.password);
    const group = await reference(true);
    const log: Log = [];
    const { session, release } = heldSession(log);
    // current.jwt answers once the guest request is on its way, and that request is held until the session has
    // answered, so it is still on its way when it is told signed in (whichever engine schedules what first).
    const backend = createBackendClient({ endpoint: config.endpoint, session });
    let guestSignal: AbortSignal | undefined;
    const service = createSessionPriceBatcher({
      session,
      currency: 'USD',
      channelId: 1,
      postJson: async <T>(route: string, body: unknown, init?: { signal?: AbortSignal }) => {
        if (!session.token()) {
          guestSignal = init?.signal;
          log.push('prices sent (guest)');
          release();
          await session.ready();
        } else {
          log.push('prices sent (token)');
        }
        return backend.postJson<T>(route, body, init);
      },
    });
    expect(await service.get({ productId: PRODUCT })).to.deep.equal(group);
    expect(guestSignal?.aborted, 'the guest request is aborted').to.equal(true);
    expect(log.filter((e) => e.startsWith('prices sent'))).to.deep.equal([
      'prices sent (guest)',
      'prices sent (token)',
    ]);
  });

  it('keeps the page price when current.jwt fails, whatever the guest request answered', async () => {
    const log: Log = [];
    const failing: TokenSource = async () => {
      throw new BcError('ERR_BC_UPSTREAM', 'The storefront answered 500 for the current customer.');
    };
    const { session, release } = heldSession(log, failing);
    const { service, answered } = loggedService(session, log);
    const asked = service.get({ productId: PRODUCT });
    asked.catch(() => undefined);
    await answered;
    release();
    const error = await asked.then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).to.be.instanceOf(BcError);
    expect((error as BcError).code).to.equal('ERR_BC_UPSTREAM');
    expect((error as BcError).message).to.equal('The storefront answered 500 for the current customer.');
    expect(log.filter((e) => e.startsWith('prices sent'))).to.deep.equal(['prices sent (guest)']);
  });

  it('asks with the settled session alone once the shopper is known: one request, no guess', async () => {
    const log: Log = [];
    const { session, release } = heldSession(log);
    release();
    expect((await session.ready()).status).to.equal('guest');
    const { service } = loggedService(session, log);
    await service.get({ productId: PRODUCT });
    expect(log).to.deep.equal(['jwt sent', 'jwt answered', 'jwt released', 'prices sent (guest)', 'prices answered']);
  });
});
