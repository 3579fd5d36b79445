// <bc-sign-in> on a page off the storefront (#17): the page names a storefront on another origin (the foreign
// recorder, serving the real bridge page, which gets no cookies across sites), so the form signs in through the
// backend mounted at the page's origin (its SameSite=Lax cookie first-party here), and every element follows: the
// current customer and the group prices. On the storefront's own origin, the hosted mutation as before.
// Real HTTP throughout; requests counted as the browser recorded them (Resource Timing).
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import { signOut } from '../../src/client/account.js';
import { hintKey } from '../../src/client/backend-session.js';
import type { BcErrorEvent, BcSignInEvent } from '../../src/client/events.js';
import type { BcCurrentCustomer } from '../../src/elements/bc-current-customer.js';
import type { BcGroupPrice } from '../../src/elements/bc-group-price.js';
import type { BcSignIn } from '../../src/elements/bc-sign-in.js';
import type { BcError } from '../../src/errors.js';
import type { TestConfig } from '../support/servers.js';
import { emulatorState, managementPrices, resetEmulator, type EmulatorState } from '../client/emulator.js';
import { trustOrigins } from '../client/helpers.js';

type State = EmulatorState & { app: EmulatorState['app'] & { storefrontToken: string } };

let config: TestConfig;
let emulator: State;
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

/** The product priced on the page, and what the Management API says it costs for a group (`null`: guests). */
const PRODUCT = 80;
async function listedPrice(groupId: number | null): Promise<string> {
  const [item] = await managementPrices([{ productId: PRODUCT }], groupId);
  return usd.format(item!.calculated_price.tax_exclusive);
}

function requestsTo(path: string, since: number): number {
  return performance
    .getEntriesByType('resource')
    .filter((entry) => entry.startTime >= since && new URL(entry.name).pathname === path).length;
}

const part = (el: BcSignIn, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;

function submit(el: BcSignIn, email: string, password: string): void {
  (part(el, 'email') as HTMLInputElement).value = email;
  (part(el, 'password') as HTMLInputElement).value = password;
  part(el, 'button').click();
}

/** Resolves once `el` shows a price (status `priced`), with the price it shows. */
async function priced(el: BcGroupPrice, price: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const shown = el.shadowRoot!.querySelector('[part~="price"]')?.textContent?.replace(/\s+/g, ' ').trim();
    if (el.status === 'priced' && shown?.endsWith(price)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never priced at ${price}: ${el.status}, ${el.shadowRoot!.textContent}`);
}

describe('bc-sign-in off the storefront: through the backend', () => {
  let untrust: () => void;

  before(async () => {
    performance.setResourceTimingBufferSize(100_000);
    config = (await (await fetch('/__test/config.json')).json()) as TestConfig;
    emulator = (await emulatorState()) as State;
  });
  beforeEach(async () => {
    await resetEmulator();
    untrust = trustOrigins(config.foreignOrigin);
  });
  afterEach(async () => {
    untrust();
    await fetch(`${config.endpoint}/sign-out`, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    localStorage.removeItem(hintKey(config.endpoint));
  });

  /** A page off the storefront, its own app client id so no other test's session is shared. */
  async function page(app: string) {
    const root = await fixture<HTMLElement>(html`<div>
      <bc-store app-client-id=${app} storefront=${config.foreignOrigin} endpoint=${config.endpoint}
        bridge=${`/bc-bridge/?allow=${encodeURIComponent(location.origin)}`} locale="en-US" currency="USD">
        <bc-sign-in></bc-sign-in>
        <bc-current-customer></bc-current-customer>
        <bc-group-price product-id=${PRODUCT}>$0.00</bc-group-price>
      </bc-store>
    </div>`);
    const form = root.querySelector('bc-sign-in')!;
    await form.updateComplete;
    return {
      root,
      form,
      customer: root.querySelector<BcCurrentCustomer>('bc-current-customer')!,
      price: root.querySelector<BcGroupPrice>('bc-group-price')!,
    };
  }

  it('signs in through the backend: the customer and their group prices show, no storefront login is tried', async () => {
    const vip = config.customers.find((c) => c.email === 'vip@example.com')!;
    const { form, customer, price } = await page(`backend-${Math.random()}`);
    expect(customer.status).to.not.equal('signed-in');
    const since = performance.now();
    const signedIn = oneEvent<BcSignInEvent>(form, 'bc-sign-in');
    submit(form, vip.email, vip.password);
    const event = await signedIn;
    expect(event.customer).to.deep.equal({ id: vip.id, email: vip.email });
    expect([customer.status, customer.email]).to.deep.equal(['signed-in', vip.email]);
    expect((part(form, 'password') as HTMLInputElement).value).to.equal('');
    expect(part(form, 'error').textContent).to.equal('');
    expect(requestsTo('/bc/sign-in', since)).to.equal(1);
    expect(requestsTo('/graphql', since)).to.equal(0);
    const [guestPrice, vipPrice] = await Promise.all([listedPrice(null), listedPrice(vip.groupId)]);
    expect(vipPrice, 'the product has a group price').to.not.equal(guestPrice);
    await priced(price, vipPrice);

    // Signing out (the core's signOut(): the element has no button of its own) takes every element with it.
    await signOut({ element: form });
    expect(customer.status).to.not.equal('signed-in');
    expect(customer.email).to.equal('');
    // The group price goes with them: the page's own price again (the bridge gets no cookies across sites here).
    expect(price.status).to.not.equal('priced');
  });

  it('says a wrong password is wrong: ERR_BC_SIGN_IN_FAILED as bc-error, the message in the alert region', async () => {
    const { form, customer } = await page(`wrong-${Math.random()}`);
    const failed = oneEvent<BcErrorEvent>(form, 'bc-error');
    submit(form, 'plain@example.com', 'not-the-password');
    const event = await failed;
    expect(event.code).to.equal('ERR_BC_SIGN_IN_FAILED');
    await form.updateComplete;
    expect(part(form, 'error').textContent).to.equal('The email or password is incorrect.');
    expect((part(form, 'password') as HTMLInputElement).value).to.equal('');
    expect(customer.status).to.not.equal('signed-in');
    expect(localStorage.getItem(hintKey(config.endpoint))).to.equal(null);
  });

  it('shows the wait when the backend limits attempts (ERR_BC_RATE_LIMITED)', async () => {
    const { form } = await page(`limited-${Math.random()}`);
    // An address nobody has: the per-email budget runs out all the same (5 attempts), whatever BigCommerce says.
    const email = `guess-${Math.random().toString(36).slice(2)}@example.com`;
    let event: BcErrorEvent | undefined;
    for (let i = 0; i < 10 && event?.code !== 'ERR_BC_RATE_LIMITED'; i += 1) {
      const failed = oneEvent<BcErrorEvent>(form, 'bc-error');
      submit(form, email, `wrong-${i}`);
      event = await failed;
      await form.updateComplete;
    }
    expect(event!.code).to.equal('ERR_BC_RATE_LIMITED');
    const wait = (event!.cause as BcError).retryAfter!;
    expect(wait).to.be.greaterThan(0);
    const minutes = Math.ceil(wait / 60);
    expect(part(form, 'error').textContent).to.equal(
      `Too many sign-in attempts. Try again in ${wait > 60 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${wait} second${wait === 1 ? '' : 's'}`}.`,
    );
  });

  it('on the storefront origin still signs in with the hosted mutation, even with an endpoint configured', async () => {
    const buyer = emulator.customers.find((c) => c.email === 'buyer@example.com')!;
    const root = await fixture<HTMLElement>(html`<bc-store app-client-id=${emulator.app.clientId}
      storefront-token=${emulator.app.storefrontToken} endpoint=${config.endpoint}>
      <bc-sign-in></bc-sign-in>
    </bc-store>`);
    const form = root.querySelector('bc-sign-in')!;
    await form.updateComplete;
    const since = performance.now();
    const signedIn = oneEvent<BcSignInEvent>(form, 'bc-sign-in');
    submit(form, buyer.email, buyer.password);
    expect((await signedIn).customer.id).to.equal(buyer.id);
    expect(requestsTo('/graphql', since)).to.equal(1);
    expect(requestsTo('/bc/sign-in', since)).to.equal(0);
    expect(localStorage.getItem(hintKey(config.endpoint))).to.equal(null);
    await signOut({ element: form });
    const jwt = await fetch(`/customer/current.jwt?app_client_id=${emulator.app.clientId}`, { credentials: 'include' });
    expect(jwt.status, 'the hosted logout ended the storefront session').to.equal(404);
  });
});
