// Page-level behaviour of <bc-current-customer> (its own test file, so its own page and a session nobody has
// started yet): many elements and one request, elements and stores added late, a page without configuration,
// and the library loaded twice. Runs against the emulator mounted same-origin.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { BcErrorEvent } from '../../src/client/events.js';
import { getSession } from '../../src/client/session.js';
import { BcCurrentCustomer } from '../../src/elements/bc-current-customer.js';
import { type BcStore } from '../../src/elements/bc-store.js';
import { nth } from '../client/helpers.js';
import { currentJwtRequests, emulatorState, resetEmulator, signIn, type EmulatorState } from '../client/emulator.js';

/** Lets Resource Timing record requests that just finished. */
const quiet = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('bc-current-customer on a page', () => {
  let emulator: EmulatorState;

  before(async () => {
    emulator = await emulatorState();
    await resetEmulator();
    const buyer = emulator.customers.find((c) => c.email === 'buyer@example.com')!;
    await signIn(buyer.email, buyer.password);
  });

  // Keep this first: it is the page's first use of the session.
  it('makes one current.jwt request for 50 elements that connect at once', async () => {
    performance.clearResourceTimings();
    const since = performance.now();
    const root = await fixture<HTMLElement>(html`<div>
      <bc-store app-client-id=${emulator.app.clientId}></bc-store>
      ${Array.from({ length: 50 }, () => html`<bc-current-customer></bc-current-customer>`)}
    </div>`);
    const elements = [...root.querySelectorAll('bc-current-customer')];
    await getSession({ storefront: location.origin, appClientId: emulator.app.clientId }).ready();
    await Promise.all(elements.map((el) => el.updateComplete));
    await quiet();
    expect(elements).to.have.length(50);
    expect(elements.map((el) => el.status)).to.deep.equal(Array(50).fill('signed-in'));
    expect(currentJwtRequests(since)).to.equal(1);
  });

  it('shows the known customer at once on elements added later (infinite scroll, a SPA route), with no request', async () => {
    performance.clearResourceTimings();
    const since = performance.now();
    const root = await fixture<HTMLElement>(html`<div>
      <bc-store app-client-id=${emulator.app.clientId}></bc-store>
    </div>`);
    const late = document.createElement('bc-current-customer');
    root.append(late);
    expect(late.status).to.equal('signed-in'); // on connect, before any render
    await late.updateComplete;
    expect(late.shadowRoot!.querySelector('[part=email]')!.textContent).to.equal('buyer@example.com');
    await quiet();
    expect(currentJwtRequests(since)).to.equal(0);
  });

  it('reports a page without an app client id once, then follows a <bc-store> that arrives later (a CMS footer)', async () => {
    const logged: unknown[][] = [];
    const errors: BcErrorEvent[] = [];
    const originalError = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    const onError = (event: BcErrorEvent) => errors.push(event);
    document.addEventListener('bc-error', onError);
    let root: HTMLElement;
    try {
      root = await fixture<HTMLElement>(html`<div>
        <bc-current-customer><span slot="signed-out">Sign in</span></bc-current-customer>
        <bc-current-customer></bc-current-customer>
      </div>`);
    } finally {
      console.error = originalError;
      document.removeEventListener('bc-error', onError);
    }
    const elements = root.querySelectorAll('bc-current-customer');
    expect(elements).to.have.length(2);
    const [first, second] = [nth(elements, 0), nth(elements, 1)];
    expect(first.status).to.equal('error');
    expect(second.status).to.equal('error');
    expect(logged).to.have.length(1);
    expect(String(nth(logged, 0)[0])).to.include('no app client id');
    expect(errors.map((event) => [event.target, event.code])).to.deep.equal([
      [first, 'ERR_BC_CONFIG_MISSING'],
      [second, 'ERR_BC_CONFIG_MISSING'],
    ]);
    expect(nth(errors, 0).message).to.equal(
      'bc-customer-elements: no app client id. Add <bc-store app-client-id="…"> to the page, or set app-client-id on the element.',
    );

    const store = document.createElement('bc-store');
    store.setAttribute('app-client-id', emulator.app.clientId);
    root.append(store); // after the elements, as a footer template would put it
    await store.updateComplete;
    await new Promise((resolve) => setTimeout(resolve));
    expect(first.status).to.equal('signed-in');
    expect(second.status).to.equal('signed-in');
  });

  it('lets a nested store override the page store, and follows changes to a store', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <bc-store app-client-id=${emulator.app.clientId}>
        <bc-current-customer id="outer"></bc-current-customer>
        <bc-store app-client-id="not-installed"><bc-current-customer id="inner"></bc-current-customer></bc-store>
      </bc-store>
    </div>`);
    const outer = root.querySelector<BcCurrentCustomer>('#outer')!;
    const inner = root.querySelector<BcCurrentCustomer>('#inner')!;
    await getSession({ storefront: location.origin, appClientId: 'not-installed' }).ready();
    expect(outer.status).to.equal('signed-in');
    expect(inner.status).to.equal('error'); // the store does not know that app: 400

    const innerStore = inner.parentElement as BcStore;
    innerStore.appClientId = emulator.app.clientId; // as a framework sets a property
    await innerStore.updateComplete;
    await new Promise((resolve) => setTimeout(resolve));
    expect(innerStore.getAttribute('app-client-id')).to.equal(emulator.app.clientId);
    expect(inner.status).to.equal('signed-in');
  });

  it('survives the library being loaded twice: one registration, one session, one request', async () => {
    performance.clearResourceTimings();
    const since = performance.now();
    // A second copy of these modules, as a second script tag (or two bundles) would load them. The test server
    // serves the .ts sources directly; a query string makes the browser evaluate each module once more.
    const copy = (path: string) => import(/* @vite-ignore */ `${path}?second-copy`);
    const define = await copy('../../src/define.ts');
    const session = await copy('../../src/client/session.ts');
    const element = await copy('../../src/elements/bc-current-customer.ts');

    expect(element.BcCurrentCustomer).not.to.equal(BcCurrentCustomer); // really another copy
    expect(() => element.BcCurrentCustomer.define()).not.to.throw();
    expect(customElements.get('bc-current-customer')).to.equal(BcCurrentCustomer);
    expect(define.BcCurrentCustomer).to.equal(BcCurrentCustomer);
    const options = { storefront: location.origin, appClientId: emulator.app.clientId };
    expect(session.getSession(options)).to.equal(getSession(options));

    const root = await fixture<HTMLElement>(html`<div>
      <bc-store app-client-id=${emulator.app.clientId}></bc-store>
      <bc-current-customer></bc-current-customer>
    </div>`);
    expect(root.querySelector('bc-current-customer')!.status).to.equal('signed-in');
    await quiet();
    expect(currentJwtRequests(since)).to.equal(0);
  });
});
