import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import { observeConfig, resolveConfig } from '../../src/client/config.js';
import { BcStore } from '../../src/elements/bc-store.js';

describe('bc-store', () => {
  it('is registered and upgrades in place', async () => {
    const el = await fixture<BcStore>(html`<bc-store app-client-id="abc" currency="EUR" channel-id="2"></bc-store>`);
    expect(el).to.be.instanceOf(BcStore);
    expect(customElements.get('bc-store')).to.equal(BcStore);
    expect(el.appClientId).to.equal('abc');
    expect(el.currency).to.equal('EUR');
    expect(el.channelId).to.equal(2);
  });

  it('renders its children in place and takes no box of its own', async () => {
    const el = await fixture<BcStore>(html`<bc-store><p>inside</p></bc-store>`);
    expect(el.shadowRoot!.querySelector('slot')).to.not.equal(null);
    expect(getComputedStyle(el).display).to.equal('contents');
    expect(el.querySelector('p')!.textContent).to.equal('inside');
  });

  it('defines once however often define() runs', async () => {
    BcStore.define();
    BcStore.define();
    expect(customElements.get('bc-store')).to.equal(BcStore);
  });
});

describe('bc-store and the elements it configures', () => {
  /** Counts the configuration notices a store sends to the document while `act` runs. */
  async function notices(act: () => Promise<unknown>): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve)); // earlier notices (the last fixture's removal) go by
    let count = 0;
    const stop = observeConfig(() => (count += 1));
    try {
      await act();
      await new Promise((resolve) => setTimeout(resolve));
    } finally {
      stop();
    }
    return count;
  }

  it('leaves unset settings absent, so a nested store never hides an outer one behind a default', async () => {
    const el = await fixture<BcStore>(html`<bc-store></bc-store>`);
    expect(el.getAttributeNames()).to.deep.equal([]);
    expect(el.channelId).to.equal(undefined);
  });

  it('reflects settings given as properties, so elements read them like attributes', async () => {
    const el = await fixture<BcStore>(html`<bc-store></bc-store>`);
    el.appClientId = 'from-a-framework';
    el.channelId = 3;
    await el.updateComplete;
    expect(el.getAttribute('app-client-id')).to.equal('from-a-framework');
    expect(el.getAttribute('channel-id')).to.equal('3');
  });

  it('tells the page when it connects, changes and disconnects, once per burst of changes', async () => {
    const el = document.createElement('bc-store');
    expect(await notices(async () => document.body.append(el))).to.equal(1);
    expect(
      await notices(async () => {
        el.currency = 'EUR';
        el.locale = 'de-DE';
        el.endpoint = 'https://example.com/bc';
        await el.updateComplete;
      }),
    ).to.equal(1);
    expect(await notices(async () => el.remove())).to.equal(1);
  });

  it('configures elements from properties before they reach its attributes, as frameworks set them', async () => {
    const store = document.createElement('bc-store');
    store.appClientId = 'from-property';
    store.channelId = 7;
    const customer = document.createElement('bc-current-customer');
    store.append(customer);
    const errors: Event[] = [];
    customer.addEventListener('bc-error', (event) => errors.push(event));
    document.body.append(store);
    try {
      // Same task: Lit reflects at the store's next update, so the attributes are not there yet.
      expect(store.hasAttribute('app-client-id')).to.equal(false);
      expect([resolveConfig(customer).appClientId, resolveConfig(customer).channelId]).to.deep.equal([
        'from-property',
        7,
      ]);
      await customer.updateComplete;
      expect(errors).to.deep.equal([]);
    } finally {
      store.remove();
    }
  });
});
