import { expect, fixture, html } from '@open-wc/testing';
import {
  configError,
  notifyConfigChange,
  observeConfig,
  resolveConfig,
  trustedOrigins,
} from '../../src/client/config.js';
import { trustOrigins } from './helpers.js';

/** The browser's language when it is a BCP 47 tag (WebKitGTK under a POSIX locale says `C`), else the default. */
function browserLocale(): string {
  try {
    Intl.getCanonicalLocales(navigator.language);
    return navigator.language;
  } catch {
    return 'en-US';
  }
}

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
      locale: document.documentElement.lang || browserLocale(),
      taxDisplay: 'exclusive',
      bridge: '',
      storefrontToken: '',
      lang: document.documentElement.lang,
      untrusted: null,
    });
  });

  it("passes over a lang that is not a BCP 47 tag (a CMS page's en_US) to the browser's language", async () => {
    const root = await fixture(html`<div lang="en_US"><span></span></div>`);
    const { locale } = resolveConfig(root.querySelector('span')!);
    expect(locale).to.equal(browserLocale());
    expect(() => new Intl.NumberFormat(locale)).not.to.throw();
  });

  it('prefers own attributes, then enclosing stores (nearest first), then the first store of the document', async () => {
    const untrust = trustOrigins('https://first.example', 'https://shop.example.com');
    try {
      const root = await fixture(html`<div>
        <bc-store app-client-id="first" endpoint="https://first.example/bc" currency="cad" locale="fr-CA" storefront-token="t1"></bc-store>
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
        bridge: '',
        storefrontToken: 't1',
        lang: document.documentElement.lang,
        untrusted: null,
      });
      expect(resolveConfig(root.querySelector('#b')!)).to.include({
        lang: 'de',
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
        bridge: '',
        storefrontToken: 't1',
        lang: document.documentElement.lang,
        untrusted: null,
      });
    } finally {
      untrust();
    }
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
      bridge: '',
      storefrontToken: '',
      lang: 'nl',
      untrusted: null,
    });
  });

  it('takes storefront and endpoint only on trusted origins, skipping the others to the next source', async () => {
    const untrust = trustOrigins('https://shop.example.com, https://api.example.com');
    try {
      const root = await fixture(html`<div>
        <bc-store app-client-id="injected" endpoint="https://evil.example/bc" storefront="https://evil.example"></bc-store>
        <bc-store app-client-id="page" endpoint="https://api.example.com/bc/" storefront="https://shop.example.com"></bc-store>
        <span id="a" endpoint="https://evil.example/bc"></span>
      </div>`);
      expect(resolveConfig(root.querySelector('#a')!)).to.include({
        appClientId: 'injected',
        storefront: 'https://shop.example.com',
        endpoint: 'https://api.example.com/bc',
        untrusted: 'https://evil.example',
      });
      expect(configError(resolveConfig(root.querySelector('#a')!), ['appClientId', 'endpoint', 'storefront'])).to.equal(
        null,
      );
    } finally {
      untrust();
    }
  });

  it('leaves a storefront or endpoint named only on untrusted origins empty, and says how to trust one', async () => {
    const el = await fixture(
      html`<span storefront="https://shop.example.com" endpoint="https://api.example.com/bc" app-client-id="x"></span>`,
    );
    const config = resolveConfig(el);
    expect(config).to.include({ storefront: '', endpoint: '', untrusted: 'https://shop.example.com' });
    const error = configError(config, ['storefront'])!;
    expect([error.code, error.message]).to.deep.equal([
      'ERR_BC_UNTRUSTED_ORIGIN',
      "bc-customer-elements: https://shop.example.com is not trusted by this page, so the shopper's identity is not sent there. " +
        'If it is yours, list it in <meta name="bc-trusted-origins" content="https://shop.example.com"> in <head>.',
    ]);
  });

  it('trusts the page origin and the origins of <meta name="bc-trusted-origins"> in <head> only', async () => {
    const untrust = trustOrigins(
      'https://a.example/ignored/path https://b.example:8443, javascript:alert(1) not-a-url',
    );
    const inBody = await fixture(html`<meta name="bc-trusted-origins" content="https://c.example" />`);
    try {
      expect([...trustedOrigins(document)].sort()).to.deep.equal(
        [location.origin, 'https://a.example', 'https://b.example:8443'].sort(),
      );
    } finally {
      untrust();
      inBody.remove();
    }
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
