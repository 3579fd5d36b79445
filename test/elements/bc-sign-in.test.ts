// <bc-sign-in> against the emulator mounted at the page's origin (the page plays a storefront page): the GraphQL
// login mutation with the store's storefront token, the session refreshed so other elements follow, and the
// shopper-facing messages for a wrong password, a locked account and an unreachable store.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import type { BcErrorEvent, BcSignInEvent } from '../../src/client/events.js';
import type { BcSignIn } from '../../src/elements/bc-sign-in.js';
import { emulatorState, resetEmulator, setFault, type EmulatorState } from '../client/emulator.js';
import { trustOrigins } from '../client/helpers.js';

type State = EmulatorState & { app: EmulatorState['app'] & { storefrontToken: string } };

describe('bc-sign-in', () => {
  let emulator: State;

  before(async () => {
    emulator = (await emulatorState()) as State;
  });
  beforeEach(() => resetEmulator());

  async function page(attributes: { storefront?: string; token?: string | null; endpoint?: string } = {}) {
    const token = attributes.token === undefined ? emulator.app.storefrontToken : attributes.token;
    const root = await fixture<HTMLElement>(html`<div>
      <bc-store app-client-id=${emulator.app.clientId} storefront-token=${token ?? ''} storefront=${attributes.storefront ?? location.origin} endpoint=${attributes.endpoint ?? ''}>
        <bc-sign-in></bc-sign-in>
        <bc-current-customer></bc-current-customer>
      </bc-store>
    </div>`);
    const form = root.querySelector('bc-sign-in')!;
    await form.updateComplete;
    return { form, customer: root.querySelector('bc-current-customer')! };
  }

  const part = (el: BcSignIn, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;

  function submit(el: BcSignIn, email: string, password: string): void {
    (part(el, 'email') as HTMLInputElement).value = email;
    (part(el, 'password') as HTMLInputElement).value = password;
    part(el, 'button').click();
  }

  it('is an accessible form: labelled email and password fields, a button and an alert region', async () => {
    const { form } = await page();
    await expect(form).to.be.accessible();
    const email = part(form, 'email') as HTMLInputElement;
    const password = part(form, 'password') as HTMLInputElement;
    expect([email.type, email.autocomplete, email.labels?.[0]?.textContent]).to.deep.equal([
      'email',
      'username',
      'Email',
    ]);
    expect([password.type, password.autocomplete, password.labels?.[0]?.textContent]).to.deep.equal([
      'password',
      'current-password',
      'Password',
    ]);
    expect(part(form, 'button').textContent).to.equal('Sign in');
    expect(part(form, 'error').getAttribute('role')).to.equal('alert');
  });

  it('signs in through the storefront, refreshes the session for every element, and keeps no password', async () => {
    const { form, customer } = await page();
    await customer.refresh();
    expect(customer.status).to.equal('guest');
    const vip = emulator.customers.find((c) => c.email === 'vip@example.com')!;
    const signedIn = oneEvent<BcSignInEvent>(form, 'bc-sign-in');
    submit(form, vip.email, vip.password);
    const event = await signedIn;
    expect(event.customer).to.deep.equal({ id: vip.id, email: vip.email });
    expect(event.bubbles && event.composed).to.equal(true);
    expect(customer.status).to.equal('signed-in');
    expect(customer.email).to.equal(vip.email);
    expect((part(form, 'password') as HTMLInputElement).value).to.equal('');
    expect(form.outerHTML).not.to.contain(vip.password);
    expect(part(form, 'error').textContent).to.equal('');
    // The storefront's own session: its current.jwt now answers for the customer.
    const jwt = await fetch(`/customer/current.jwt?app_client_id=${emulator.app.clientId}`, { credentials: 'include' });
    expect(jwt.status).to.equal(200);
  });

  it('says a wrong password is wrong, in the alert region and as bc-error', async () => {
    const { form, customer } = await page();
    const failed = oneEvent<BcErrorEvent>(form, 'bc-error');
    submit(form, 'vip@example.com', 'not-the-password');
    const event = await failed;
    expect([event.code, event.message]).to.deep.equal([
      'ERR_BC_INVALID_CREDENTIALS',
      'The email or password is incorrect.',
    ]);
    await form.updateComplete;
    expect(part(form, 'error').textContent).to.equal('The email or password is incorrect.');
    expect((part(form, 'password') as HTMLInputElement).value).to.equal('');
    expect((await customer.refresh()).status).to.equal('guest');
  });

  it('says a locked account is locked', async () => {
    const { form } = await page();
    for (let i = 0; i < 5; i++) {
      const failed = oneEvent(form, 'bc-error');
      submit(form, 'plain@example.com', `wrong-${i}`);
      await failed;
      await form.updateComplete;
    }
    const plain = emulator.customers.find((c) => c.email === 'plain@example.com')!;
    const failed = oneEvent<BcErrorEvent>(form, 'bc-error');
    submit(form, plain.email, plain.password);
    expect((await failed).code).to.equal('ERR_BC_ACCOUNT_LOCKED');
    await form.updateComplete;
    expect(part(form, 'error').textContent).to.equal(
      'This account is locked after too many failed attempts. Try again later or reset your password.',
    );
  });

  it('says the store cannot be reached when the network fails', async () => {
    // Off the storefront (another origin) the form signs in through the backend: here, one nobody answers at.
    const untrust = trustOrigins('http://127.0.0.1:9');
    try {
      const { form } = await page({ storefront: 'http://127.0.0.1:9', endpoint: 'http://127.0.0.1:9/bc' });
      const failed = oneEvent<BcErrorEvent>(form, 'bc-error');
      submit(form, 'vip@example.com', 'vip-demo-1');
      expect((await failed).code).to.equal('ERR_BC_UPSTREAM_UNAVAILABLE');
      await form.updateComplete;
      expect(part(form, 'error').textContent).to.equal(
        'The store could not be reached. Check your connection and try again.',
      );
    } finally {
      untrust();
    }
  });

  it('reports anything else thrown while signing in as ERR_BC_INTERNAL, with the thrown error as cause', async () => {
    const { form } = await page();
    // A page script breaking the element mid-way: dispatching bc-sign-in throws a plain TypeError.
    const boom = new TypeError('boom');
    const dispatch = form.dispatchEvent.bind(form);
    form.dispatchEvent = (event: Event) => {
      if (event.type === 'bc-sign-in') throw boom;
      return dispatch(event);
    };
    const failed = oneEvent<BcErrorEvent>(form, 'bc-error');
    const vip = emulator.customers.find((c) => c.email === 'vip@example.com')!;
    submit(form, vip.email, vip.password);
    const event = await failed;
    expect(event.code).to.equal('ERR_BC_INTERNAL');
    expect(event.message).to.equal('boom');
    expect(event.cause).to.equal(boom);
    await form.updateComplete;
    expect(part(form, 'error').textContent).to.equal('Signing in is not possible right now. Try again later.');
  });

  it('reports a storefront failure', async () => {
    await setFault('graphql', { status: 503, times: 1 });
    const { form } = await page();
    const failed = oneEvent<BcErrorEvent>(form, 'bc-error');
    submit(form, 'vip@example.com', 'vip-demo-1');
    expect((await failed).code).to.equal('ERR_BC_UPSTREAM');
    await form.updateComplete;
    expect(part(form, 'error').textContent).to.equal('Signing in is not possible right now. Try again later.');
  });

  for (const [label, token, code] of [
    ['refused', 'not-the-token', 'ERR_BC_CONFIG_INVALID'],
    ['missing', null, 'ERR_BC_CONFIG_MISSING'],
  ] as const) {
    it(`reports a ${label} storefront token`, async () => {
      const { form } = await page({ token });
      const failed = oneEvent<BcErrorEvent>(form, 'bc-error');
      submit(form, 'vip@example.com', 'vip-demo-1');
      expect((await failed).code).to.equal(code);
      await form.updateComplete;
      expect(part(form, 'error').textContent).to.equal('Signing in is not possible right now. Try again later.');
    });
  }
});
