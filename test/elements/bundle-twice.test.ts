// The script-tag bundle (built by `npm run build`, which `npm test` runs before the browser suites) loaded twice,
// as a CMS page with the script in two templates would: one registration, one session, one current.jwt request.
// This file imports none of the sources, so the page holds only the bundle's copies.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { currentJwtRequests, emulatorState, resetEmulator, signIn } from '../client/emulator.js';

const BUNDLE = '/dist/bc-customer-elements.iife.min.js';

// Under Trusted Types (the `trusted-types` group of web-test-runner.config.mjs) a script URL must come from a
// policy, as on any page that enforces them; this one lets the bundle's URL alone through.
const scriptUrls = (
  globalThis as {
    trustedTypes?: { createPolicy(name: string, rules: object): { createScriptURL(url: string): unknown } };
  }
).trustedTypes?.createPolicy('bc-test-script-url', {
  createScriptURL: (url: string) => {
    if (url.split('?')[0] !== BUNDLE) throw new TypeError(`not the bundle: ${url}`);
    return url;
  },
});

function addScript(src: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = (scriptUrls ? scriptUrls.createScriptURL(src) : src) as string;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`${src} did not load: run \`npm run build\` first`));
    document.head.append(script);
  });
}

describe('the script-tag bundle loaded twice', () => {
  it('registers once, shares one session and makes one current.jwt request', async () => {
    const emulator = await emulatorState();
    await resetEmulator();
    const buyer = emulator.customers.find((c) => c.email === 'buyer@example.com')!;
    await signIn(buyer.email, buyer.password);
    performance.clearResourceTimings();
    const since = performance.now();

    const errors: unknown[] = [];
    const onError = (event: ErrorEvent) => errors.push(event.error ?? event.message);
    window.addEventListener('error', onError);
    try {
      await addScript(BUNDLE);
      const first = customElements.get('bc-current-customer');
      // The classic script's one global: the element classes, for pages that extend or inspect them.
      expect(
        (window as { BcCustomerElements?: Record<string, unknown> }).BcCustomerElements?.BcCurrentCustomer,
      ).to.equal(first);
      await addScript(`${BUNDLE}?loaded-again`);
      expect(first).to.be.a('function');
      expect(customElements.get('bc-current-customer')).to.equal(first);
    } finally {
      window.removeEventListener('error', onError);
    }
    expect(errors).to.deep.equal([]);

    const changed = oneEvent(document, 'bc-customer-change');
    const root = await fixture<HTMLElement>(html`<div>
      <bc-store app-client-id=${emulator.app.clientId}></bc-store>
      <bc-current-customer></bc-current-customer>
      <bc-current-customer></bc-current-customer>
    </div>`);
    await changed;
    const elements = [...root.querySelectorAll('bc-current-customer')];
    await Promise.all(elements.map((el) => el.updateComplete));
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const el of elements) {
      expect(el.status).to.equal('signed-in');
      expect(el.shadowRoot!.querySelector('[part=email]')!.textContent).to.equal(buyer.email);
    }
    expect(currentJwtRequests(since)).to.equal(1);
  });
});
