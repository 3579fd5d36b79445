// <bc-current-customer> against the emulated storefront mounted same-origin. Every element of the page shares one
// session, so each test starts from a signed-out browser and tells that session to look again.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/define.js';
import { BcCustomerChangeEvent, type BcErrorEvent } from '../../src/client/events.js';
import { getSession, type Session } from '../../src/client/session.js';
import { BcCurrentCustomer } from '../../src/elements/bc-current-customer.js';
import {
  clearFaults,
  emulatorState,
  resetEmulator,
  setFault,
  signIn,
  signOut,
  type EmulatorState,
} from '../client/emulator.js';
import { liveRegions, pageRegion, recordAnnouncements, settleAnnouncements } from './live-region.js';

describe('bc-current-customer', () => {
  let emulator: EmulatorState;
  let session: Session;
  const customer = (email: string) => emulator.customers.find((c) => c.email === email)!;

  before(async () => {
    emulator = await emulatorState();
    session = getSession({ storefront: location.origin, appClientId: emulator.app.clientId });
  });
  beforeEach(async () => {
    await resetEmulator();
    await session.refresh();
    // A sign-out the reset caused, or a sign-in of the last test, is said before this test listens.
    await settleAnnouncements();
  });
  afterEach(() => clearFaults());

  async function mount(inner = html`<a slot="signed-out" href="/login.php">Sign in</a>`) {
    const root = await fixture<HTMLElement>(html`<div>
      <bc-store app-client-id=${emulator.app.clientId}></bc-store>
      <bc-current-customer>${inner}</bc-current-customer>
    </div>`);
    const el = root.querySelector('bc-current-customer')!;
    await session.ready();
    await el.updateComplete;
    return el;
  }

  /** The light-DOM nodes the visible view shows. */
  function shown(el: BcCurrentCustomer): string[] {
    const slot = el.shadowRoot!.querySelector<HTMLSlotElement>('[part=base] slot')!;
    const assigned = slot.assignedNodes({ flatten: true });
    return assigned.map((node) => (node.textContent ?? '').trim()).filter(Boolean);
  }

  it('is registered, and shows the signed-out slot to a guest', async () => {
    const el = await mount();
    expect(el).to.be.instanceOf(BcCurrentCustomer);
    expect(el.status).to.equal('guest');
    expect(el.getAttribute('status')).to.equal('guest');
    expect(el.customer).to.equal(null);
    expect(el.email).to.equal('');
    expect(el.customerId).to.equal(null);
    expect(shown(el)).to.deep.equal(['Sign in']);
    expect(el.shadowRoot!.querySelector('[part=signed-out]')).to.not.equal(null);
    expect(el.shadowRoot!.querySelector('[part=signed-in]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows the signed-in slot after the shopper signs in through /login.php, and tells the page', async () => {
    const el = await mount(
      html`<span slot="signed-in">Welcome back!</span><a slot="signed-out" href="/login.php">Sign in</a>`,
    );
    const buyer = customer('buyer@example.com');
    await signIn(buyer.email, buyer.password);

    const onElement = oneEvent<BcCustomerChangeEvent>(el, 'bc-customer-change');
    const onDocument = oneEvent<BcCustomerChangeEvent>(document, 'bc-customer-change');
    await session.refresh();
    const [fromElement, fromDocument] = await Promise.all([onElement, onDocument]);

    for (const event of [fromElement, fromDocument]) {
      expect(event).to.be.instanceOf(BcCustomerChangeEvent);
      expect(event.status).to.equal('signed-in');
      expect(event.customer).to.deep.equal({ id: buyer.id, email: buyer.email, groupId: buyer.customer_group_id });
    }
    expect(fromElement.target).to.equal(el);
    expect(fromDocument.target).to.equal(document);
    await el.updateComplete;
    expect(el.status).to.equal('signed-in');
    expect(el.getAttribute('status')).to.equal('signed-in');
    expect(el.email).to.equal(buyer.email);
    expect(el.customerId).to.equal(buyer.id);
    expect(shown(el)).to.deep.equal(['Welcome back!']);
    await expect(el).to.be.accessible();
  });

  it('shows the email as its default signed-in content, in a styleable part', async () => {
    const vip = customer('vip@example.com');
    await signIn(vip.email, vip.password);
    await session.refresh();
    const el = await mount();
    const email = el.shadowRoot!.querySelector('[part=email]')!;
    expect(email.textContent).to.equal(vip.email);
    expect(el.email).to.equal(vip.email);
  });

  it('renders an email with HTML in it as text', async () => {
    const tricky = customer('"<img src=x onerror=alert(1)>"@example.com');
    await signIn(tricky.email, tricky.password);
    await session.refresh();
    const el = await mount();
    const email = el.shadowRoot!.querySelector('[part=email]')!;
    expect(email.textContent).to.equal('"<img src=x onerror=alert(1)>"@example.com');
    expect(el.email).to.equal('"<img src=x onerror=alert(1)>"@example.com');
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    expect(email.children).to.have.length(0);
    expect(document.querySelector('img')).to.equal(null);
  });

  it('shows a nested element as the email inside custom signed-in content', async () => {
    const vip = customer('vip@example.com');
    await signIn(vip.email, vip.password);
    await session.refresh();
    const el = await mount(
      html`<span slot="signed-in">Welcome back, <bc-current-customer></bc-current-customer>!</span>`,
    );
    const inner = el.querySelector('bc-current-customer')!;
    await inner.updateComplete;
    expect(inner.shadowRoot!.querySelector('[part=email]')!.textContent).to.equal(vip.email);
  });

  it("announces sign-in and sign-out politely in the page's live region, but not the first answer", async () => {
    const el = await mount();
    const announcements = recordAnnouncements();
    const region = pageRegion();
    expect(region.getAttribute('role')).to.equal('status');
    expect(region.getAttribute('aria-live')).to.equal('polite');
    expect(liveRegions()).to.deep.equal([region]);

    const buyer = customer('buyer@example.com');
    await signIn(buyer.email, buyer.password);
    await session.refresh();
    await el.updateComplete;
    expect(await announcements.next()).to.equal(`Signed in as ${buyer.email}`);

    await signOut();
    await session.refresh();
    await el.updateComplete;
    expect(await announcements.next()).to.equal('Signed out');
    expect(shown(el)).to.deep.equal(['Sign in']);
    announcements.stop();
    expect(announcements.said).to.deep.equal([`Signed in as ${buyer.email}`, 'Signed out']);
  });

  it('says a sign-in once however many of these elements the page has', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <bc-store app-client-id=${emulator.app.clientId}></bc-store>
      <header><bc-current-customer></bc-current-customer></header>
      <footer><bc-current-customer></bc-current-customer></footer>
    </div>`);
    await session.ready();
    const announcements = recordAnnouncements();
    const buyer = customer('buyer@example.com');
    await signIn(buyer.email, buyer.password);
    await session.refresh();
    await Promise.all([...root.querySelectorAll('bc-current-customer')].map((el) => el.updateComplete));
    expect(await announcements.next()).to.equal(`Signed in as ${buyer.email}`);
    announcements.stop();
    expect(liveRegions()).to.have.length(1);
  });

  it('takes its announcements from attributes (for other languages)', async () => {
    const root = await fixture<HTMLElement>(html`<div>
      <bc-store app-client-id=${emulator.app.clientId}></bc-store>
      <bc-current-customer signed-in-announcement="Angemeldet als {email}" signed-out-announcement="Abgemeldet">
      </bc-current-customer>
    </div>`);
    const el = root.querySelector('bc-current-customer')!;
    await session.ready();
    const announcements = recordAnnouncements();
    const buyer = customer('buyer@example.com');
    await signIn(buyer.email, buyer.password);
    await session.refresh();
    await el.updateComplete;
    expect(await announcements.next()).to.equal(`Angemeldet als ${buyer.email}`);
    await signOut();
    await session.refresh();
    await el.updateComplete;
    expect(await announcements.next()).to.equal('Abgemeldet');
    announcements.stop();
  });

  it('shows the loading slot until the storefront answers, then the signed-out view on an error', async () => {
    // An app the store does not know gets a 400: a session of its own, slowed down so its loading state shows.
    await setFault('current_jwt', { latencyMs: 300, times: 1 });
    const el = await fixture<BcCurrentCustomer>(html`<bc-current-customer app-client-id="not-installed"
      ><span slot="loading">Checking…</span><span slot="signed-out">Sign in</span></bc-current-customer
    >`);
    expect(el.status).to.equal('loading');
    expect(el.getAttribute('status')).to.equal('loading');
    expect(shown(el)).to.deep.equal(['Checking…']);
    await expect(el).to.be.accessible();
    await getSession({ storefront: location.origin, appClientId: 'not-installed' }).ready();
    await el.updateComplete;
    expect(el.status).to.equal('error');
    expect(shown(el)).to.deep.equal(['Sign in']);
  });

  it('shows the signed-out view when current.jwt fails, and reports it once on the document', async () => {
    const el = await mount(html`<span slot="signed-in">Hi</span><a slot="signed-out" href="/login.php">Sign in</a>`);
    await mount(); // a second element: still one report
    const errors: BcErrorEvent[] = [];
    const changes: BcCustomerChangeEvent[] = [];
    const onError = (event: BcErrorEvent) => errors.push(event);
    const onChange = (event: BcCustomerChangeEvent) => changes.push(event);
    document.addEventListener('bc-error', onError);
    document.addEventListener('bc-customer-change', onChange);
    try {
      await setFault('current_jwt', { status: 500, times: 1 });
      await session.refresh();
      await el.updateComplete;
    } finally {
      document.removeEventListener('bc-error', onError);
      document.removeEventListener('bc-customer-change', onChange);
    }
    expect(el.status).to.equal('error');
    expect(shown(el)).to.deep.equal(['Sign in']);
    expect(changes.map((event) => [event.target, event.status])).to.deep.equal([[document, 'error']]);
    expect(errors.map((event) => [event.target, event.code, event.message])).to.deep.equal([
      [document, 'ERR_BC_UPSTREAM', 'The storefront answered 500 for the current customer.'],
    ]);
  });

  it('is accessible with no slotted content at all', async () => {
    const el = await mount(html``);
    await expect(el).to.be.accessible();
  });
});
