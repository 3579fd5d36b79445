// Events an element raises while it is being connected wait for its next update (src/elements/customer-controller.ts),
// so listeners added in the same task hear them: plain `append` then `addEventListener`, and the React 18 wrappers
// of src/react.ts, which add their handlers (and set properties) in a layout effect after React connected the
// element. Events raised at any other time stay synchronous.
import { expect } from '@open-wc/testing';
import { createElement as h } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import '../../src/define.js';
import { notifyConfigChange } from '../../src/client/config.js';
import type { BcCustomerChangeEvent, BcErrorEvent } from '../../src/client/events.js';
import { getSession, type Session } from '../../src/client/session.js';
import { BcCurrentCustomer, BcGroupPrice, BcStore } from '../../src/react.js';
import { emulatorState, resetEmulator, signIn, type EmulatorState } from '../client/emulator.js';

/** Lets the microtask that ends an element's connecting window run (and anything it queued). */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

/** What an element said, in order: `bc-customer-change:<status>` and `bc-error:<code>`. */
function record(el: Element, heard: string[]): void {
  el.addEventListener('bc-customer-change', (e) =>
    heard.push(`bc-customer-change:${(e as BcCustomerChangeEvent).status}`),
  );
  el.addEventListener('bc-error', (e) => heard.push(`bc-error:${(e as BcErrorEvent).code}`));
}

describe('events raised while an element connects', () => {
  let emulator: EmulatorState;
  let session: Session;
  let container: HTMLElement;
  let errors: typeof console.error;

  before(async () => {
    emulator = await emulatorState();
    session = getSession({ storefront: location.origin, appClientId: emulator.app.clientId });
    // The page-wide missing-configuration message is expected here; keep it out of the run's output.
    errors = console.error;
    console.error = () => {};
  });
  after(() => {
    console.error = errors;
  });
  beforeEach(async () => {
    await resetEmulator();
    await session.refresh();
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => container.remove());

  describe('plain DOM', () => {
    it('a listener added right after append hears the first bc-customer-change of a known session', async () => {
      expect(session.state.status).to.equal('guest');
      const el = document.createElement('bc-current-customer');
      el.setAttribute('app-client-id', emulator.app.clientId);
      const heard: string[] = [];
      container.append(el);
      // The state is the session's at once; only the event waits.
      expect(el.status).to.equal('guest');
      record(el, heard);
      expect(heard).to.deep.equal([]);
      await settled();
      expect(heard).to.deep.equal(['bc-customer-change:guest']);
    });

    it('a listener added right after append hears bc-error for a missing configuration, then the error state', async () => {
      const el = document.createElement('bc-current-customer');
      const heard: string[] = [];
      container.append(el);
      record(el, heard);
      await settled();
      expect(heard).to.deep.equal(['bc-error:ERR_BC_CONFIG_MISSING', 'bc-customer-change:error']);
      expect(el.status).to.equal('error');
    });

    it('a <bc-group-price> without endpoint reports ERR_BC_CONFIG_MISSING to a listener added after append', async () => {
      const el = document.createElement('bc-group-price');
      el.setAttribute('product-id', '80');
      const heard: string[] = [];
      container.append(el);
      record(el, heard);
      await settled();
      await el.updateComplete;
      expect(heard).to.deep.equal(['bc-error:ERR_BC_CONFIG_MISSING']);
      expect(el.status).to.equal('error');
    });

    it('a <bc-checkout-button> with an invalid cart-cookie reports it to a listener added after append', async () => {
      const el = document.createElement('bc-checkout-button');
      el.setAttribute('cart-cookie', 'not a cookie name');
      const heard: string[] = [];
      container.append(el);
      record(el, heard);
      await settled();
      expect(heard).to.deep.equal(['bc-error:ERR_BC_INVALID_OPTIONS']);
    });

    it('a setting given right after append, in the same task, is used instead of reporting it missing', async () => {
      const store = document.createElement('bc-store');
      const el = document.createElement('bc-current-customer');
      store.append(el);
      const heard: string[] = [];
      container.append(store);
      record(el, heard);
      store.appClientId = emulator.app.clientId; // as a framework sets a property after connecting
      await settled();
      await el.updateComplete;
      expect(heard).to.deep.equal(['bc-customer-change:guest']);
      expect(el.status).to.equal('guest');
    });

    it('an element removed in the same task still dispatches what it reported (the state was real)', async () => {
      const el = document.createElement('bc-current-customer');
      el.setAttribute('app-client-id', emulator.app.clientId);
      const heard: string[] = [];
      container.append(el);
      record(el, heard);
      el.remove();
      await settled();
      expect(heard).to.deep.equal(['bc-customer-change:guest']);
    });

    it('after the connecting task, events are dispatched synchronously again', async () => {
      const el = document.createElement('bc-current-customer');
      el.setAttribute('app-client-id', emulator.app.clientId);
      container.append(el);
      await settled();
      const heard: string[] = [];
      record(el, heard);
      el.removeAttribute('app-client-id');
      el.appClientId = undefined;
      notifyConfigChange(document); // what a <bc-store> change does: the element resolves its configuration again
      expect(heard).to.deep.equal(['bc-error:ERR_BC_CONFIG_MISSING', 'bc-customer-change:error']);
    });
  });

  describe('React 18 wrappers (@lit/react)', () => {
    let root: Root;
    beforeEach(() => {
      root = createRoot(container);
    });
    afterEach(() => root.unmount());

    it('onCustomerChange hears the first change of a session that is already known (signed in)', async () => {
      const buyer = emulator.customers.find((c) => c.email === 'buyer@example.com')!;
      await signIn(buyer.email, buyer.password);
      await session.refresh();
      expect(session.state.status).to.equal('signed-in');
      // The page's own <bc-store> (a CMS template), configured before React renders inside it.
      const store = document.createElement('bc-store');
      store.setAttribute('app-client-id', emulator.app.clientId);
      const app = document.createElement('div');
      store.append(app);
      container.append(store);
      const pageRoot = createRoot(app);

      const changes: BcCustomerChangeEvent[] = [];
      const errors: BcErrorEvent[] = [];
      flushSync(() =>
        pageRoot.render(
          h(BcCurrentCustomer, {
            id: 'customer',
            onCustomerChange: (e) => changes.push(e),
            onError: (e) => errors.push(e),
          }),
        ),
      );
      await settled();
      expect(errors).to.deep.equal([]);
      expect(changes.map((e) => e.status)).to.deep.equal(['signed-in']);
      expect(changes[0]!.customer).to.deep.equal({
        id: buyer.id,
        email: buyer.email,
        groupId: buyer.customer_group_id,
      });
      expect(changes[0]!.target).to.equal(container.querySelector('#customer'));
      pageRoot.unmount();
    });

    it('a second element mounted after a first one resolved the session hears its first change too', async () => {
      const first: string[] = [];
      const second: string[] = [];
      const customer = (id: string, heard: string[]) =>
        h(BcCurrentCustomer, { key: id, id, onCustomerChange: (e) => heard.push(e.status) });
      // The first is mounted with the store: this test's session is already known, so both hear `guest`.
      flushSync(() => root.render(h(BcStore, { appClientId: emulator.app.clientId }, customer('a', first))));
      await settled();
      flushSync(() =>
        root.render(h(BcStore, { appClientId: emulator.app.clientId }, customer('a', first), customer('b', second))),
      );
      await settled();
      expect(first).to.deep.equal(['guest']);
      expect(second).to.deep.equal(['guest']);
    });

    it('onError hears a missing configuration, and onCustomerChange the error state', async () => {
      const heard: string[] = [];
      flushSync(() =>
        root.render(
          h(BcCurrentCustomer, {
            onCustomerChange: (e) => heard.push(`bc-customer-change:${e.status}`),
            onError: (e) => heard.push(`bc-error:${e.code}`),
          }),
        ),
      );
      await settled();
      expect(heard).to.deep.equal(['bc-error:ERR_BC_CONFIG_MISSING', 'bc-customer-change:error']);
    });

    it('settings set as <BcStore> properties are not reported missing to onError of the elements inside', async () => {
      const heard: string[] = [];
      flushSync(() =>
        root.render(
          h(
            BcStore,
            { appClientId: emulator.app.clientId, endpoint: '/bc' },
            h(BcGroupPrice, { productId: 80, onError: (e) => heard.push(`price:${e.code}`) }, '$30.00'),
            h(BcCurrentCustomer, {
              onError: (e) => heard.push(`customer:${e.code}`),
              onCustomerChange: (e) => heard.push(e.status),
            }),
          ),
        ),
      );
      await settled();
      expect(heard).to.deep.equal(['guest']);
      const price = container.querySelector('bc-group-price')!;
      await price.updateComplete;
      expect(price.status).to.not.equal('error');
    });
  });
});
