import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
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
    expect(el.shadowRoot!.querySelector('slot')).to.exist;
    expect(getComputedStyle(el).display).to.equal('contents');
    expect(el.querySelector('p')!.textContent).to.equal('inside');
  });

  it('defines once however often define() runs', async () => {
    BcStore.define();
    BcStore.define();
    expect(customElements.get('bc-store')).to.equal(BcStore);
  });
});
