import { expect, fixture, html } from '@open-wc/testing';
import { notifyConfigChange, observeConfig, resolveConfig } from '../../src/client/config.js';

describe('resolveConfig', () => {
  // Plain (not upgraded) <bc-store> elements: configuration is read from attributes, so it works before upgrade.
  it('gives the defaults on a page without a store', async () => {
    const el = await fixture(html`<span></span>`);
    expect(resolveConfig(el)).to.deep.equal({
      appClientId: '',
      storefront: location.origin,
      endpoint: '',
      channelId: 1,
      currency: 'USD',
      locale: document.documentElement.lang || navigator.language,
      taxDisplay: 'exclusive',
    });
  });

  it('prefers own attributes, then enclosing stores (nearest first), then the first store of the document', async () => {
    const root = await fixture(html`<div>
      <bc-store app-client-id="first" endpoint="https://first.example/bc" currency="cad" locale="fr-CA"></bc-store>
      <bc-store app-client-id="outer" channel-id="2" storefront="https://shop.example.com/some/path" tax-display="inclusive">
        <bc-store currency="eur" app-client-id="">
          <span id="a"></span>
          <span id="b" currency="gbp" endpoint="/api/bc/?x=1#y" lang="de"></span>
        </bc-store>
      </bc-store>
      <span id="c"></span>
    </div>`);
    expect(resolveConfig(root.querySelector('#a')!)).to.deep.equal({
      appClientId: 'outer',
      storefront: 'https://shop.example.com',
      endpoint: 'https://first.example/bc',
      channelId: 2,
      currency: 'EUR',
      locale: 'fr-CA',
      taxDisplay: 'inclusive',
    });
    expect(resolveConfig(root.querySelector('#b')!)).to.include({
      currency: 'GBP',
      endpoint: `${location.origin}/api/bc`,
    });
    expect(resolveConfig(root.querySelector('#c')!)).to.deep.equal({
      appClientId: 'first',
      storefront: location.origin,
      endpoint: 'https://first.example/bc',
      channelId: 1,
      currency: 'CAD',
      locale: 'fr-CA',
      taxDisplay: 'exclusive',
    });
  });

  it('finds the enclosing store across a shadow root', async () => {
    const store = await fixture(html`<bc-store app-client-id="outer"><div></div></bc-store>`);
    const host = store.querySelector('div')!;
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    expect(resolveConfig(inner).appClientId).to.equal('outer');
  });

  it('ignores unusable values instead of throwing', async () => {
    const el = await fixture(
      html`<span storefront="javascript:alert(1)" endpoint="data:text/plain,x" channel-id="-3" tax-display="gross" lang="nl"></span>`,
    );
    expect(resolveConfig(el)).to.deep.equal({
      appClientId: '',
      storefront: location.origin,
      endpoint: '',
      channelId: 1,
      currency: 'USD',
      locale: 'nl',
      taxDisplay: 'exclusive',
    });
  });

  it('tells observers when a store announces a change, until they unsubscribe', () => {
    let heard = 0;
    const stop = observeConfig(() => (heard += 1));
    notifyConfigChange();
    stop();
    notifyConfigChange();
    expect(heard).to.equal(1);
  });
});
