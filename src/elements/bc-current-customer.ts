import { css, html, nothing } from 'lit';
import type { CurrentCustomer, CustomerStatus, SessionState } from '../client/session.js';
import { announce, liveRegion } from './announcer.js';
import { fill } from '../client/localize.js';
import { CustomerController } from './customer-controller.js';
import { StoreSettingsElement } from './store-settings.js';
// Kept in the declarations too (a bare import survives there): importing only this element, or only
// `bc-customer-elements/define`, types `addEventListener('bc-…', …)` through GlobalEventHandlersEventMap.
import '../client/events.js';

/**
 * Shows signed-in or signed-out content for the storefront's current customer, and the customer's email as text.
 * A page loading, a storefront that cannot be reached or a page without configuration shows the signed-out view.
 *
 * @summary The signed-in shopper, or a sign-in link.
 * @tagname bc-current-customer
 * @attr {'loading' | 'guest' | 'signed-in' | 'error'} status - Reflected, read-only: the `status` property, for
 *   styling (`bc-current-customer[status=signed-in]`).
 * @fires {BcCustomerChangeEvent} bc-customer-change - The customer changed (`status`, `customer`): once per change on
 *   `document` (bubbles, composed), and on each connected element (not bubbling, so a document listener hears each
 *   change once).
 * @fires {BcErrorEvent} bc-error - `code`, `message`, `cause`: on the element when the page has no usable
 *   configuration; on `document` when current.jwt fails (once per change into `error`). Bubbles, composed.
 * @slot signed-in - Shown while a customer is signed in (default: the customer's email).
 * @slot signed-out - Shown to guests, and when the customer cannot be determined (`error`: current.jwt failed,
 *   timed out or was malformed, or the page has no configuration).
 * @slot loading - Shown until the storefront answers (default: nothing).
 * @csspart base - The wrapper of the visible view.
 * @csspart signed-in - The signed-in view.
 * @csspart signed-out - The signed-out view.
 * @csspart loading - The loading view.
 * @csspart email - The default signed-in content: the email as text.
 * @csspart storage-access - In the signed-out view, only while the storefront bridge gets no cookies
 *   (`ERR_BC_BRIDGE_NO_COOKIES`, a page on another site with third-party cookies blocked) in a browser with the
 *   Storage Access API: the bridge's own frame with its "Continue signed in" button. The shopper's click there may
 *   give it the storefront's session; the element then shows the customer. Hide it with `::part(storage-access)
 *   {display: none}`.
 * @cssproperty [--bc-current-customer-email-color=inherit] - Color of the default email text.
 * @cssproperty [--bc-current-customer-email-font-weight=inherit] - Weight of the default email text.
 * @cssproperty [--bc-current-customer-display=inline] - `display` of the element.
 * @cssproperty [--bc-current-customer-storage-access-width=13rem] - Width of the storage-access frame.
 * @cssproperty [--bc-current-customer-storage-access-height=3.5rem] - Height of the storage-access frame.
 */
export class BcCurrentCustomer extends StoreSettingsElement {
  static override styles = [
    css`
      :host {
        display: var(--bc-current-customer-display, inline);
      }
      :host([hidden]) {
        display: none;
      }
      [part='storage-access'] {
        border: 0;
        width: var(--bc-current-customer-storage-access-width, 13rem);
        height: var(--bc-current-customer-storage-access-height, 3.5rem);
        vertical-align: middle;
        color-scheme: normal;
      }
      [part='email'] {
        color: var(--bc-current-customer-email-color, inherit);
        font-weight: var(--bc-current-customer-email-font-weight, inherit);
        overflow-wrap: anywhere;
      }
    `,
  ];

  static override properties = {
    signedInAnnouncement: { attribute: 'signed-in-announcement' },
    signedOutAnnouncement: { attribute: 'signed-out-announcement' },
  };
  // The accessors exist as soon as the class does (as decorators made them), not only once it is defined: the React
  // wrappers decide property or attribute by them, on the server too.
  static {
    this.finalize();
  }

  /**
   * What the page's live region says when a customer signs in; `{email}` stands for the email (default: the
   * language's `signedIn` message, "Signed in as {email}" in English).
   */
  signedInAnnouncement?: string;

  /** What the page's live region says when the customer signs out (default: the language's `signedOut` message). */
  signedOutAnnouncement?: string;

  private readonly _customerController = new CustomerController(this, {
    onChange: (next, previous) => this._announce(next, previous),
  });

  /** `loading`, `guest`, `signed-in` or `error` (shown as signed out). Also reflected as the `status` attribute. */
  get status(): CustomerStatus {
    return this._customerController.state.status;
  }

  /** The signed-in customer as decoded for display (`{id, email, groupId}`), or `null`. */
  get customer(): CurrentCustomer | null {
    return this._customerController.state.customer;
  }

  /** The signed-in customer's email, `''` when nobody is signed in. Display it as text only. */
  get email(): string {
    return this.customer?.email ?? '';
  }

  /** The signed-in customer's id, or `null`. */
  get customerId(): number | null {
    return this.customer?.id ?? null;
  }

  /** Asks the storefront again who is signed in (after the page signed the shopper in or out itself). */
  refresh(): Promise<SessionState> {
    return this._customerController.session?.refresh() ?? Promise.resolve(this._customerController.state);
  }

  static define(tag = 'bc-current-customer', registry: CustomElementRegistry = customElements): void {
    if (!registry.get(tag)) registry.define(tag, this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The page's live region exists before anything is said in it, or screen readers may miss the first change.
    liveRegion(this.ownerDocument);
  }

  protected override updated(): void {
    if (this.getAttribute('status') !== this.status) this.setAttribute('status', this.status);
  }

  override render() {
    const { status } = this;
    const view = status === 'signed-in' ? 'signed-in' : status === 'loading' ? 'loading' : 'signed-out';
    return html`<span part="base">${this._renderView(view)}</span>`;
  }

  private _renderView(view: 'signed-in' | 'signed-out' | 'loading') {
    switch (view) {
      case 'signed-in':
        // A text binding: an email such as "<img src=x onerror=…>"@example.com stays text.
        return html`<span part="signed-in"><slot name="signed-in"><span part="email">${this.email}</span></slot></span>`;
      case 'loading':
        return html`<span part="loading"><slot name="loading">${nothing}</slot></span>`;
      default: {
        // The session's frame, not one of ours: the bridge's answers from it are the session's to check.
        const frame = this._customerController.session?.storageAccessFrame() ?? null;
        frame?.setAttribute('part', 'storage-access');
        return html`<span part="signed-out"><slot name="signed-out"></slot>${frame ?? nothing}</span>`;
      }
    }
  }

  private _announce(next: SessionState, previous: SessionState): void {
    // The first answer after loading is not news; later sign-ins and sign-outs are (said once however many of these
    // elements the page has, in the page's one live region).
    if (previous.status === 'loading') return;
    const { messages } = this._customerController.settings.value;
    if (next.status === 'signed-in' && next.customer) {
      const template = this.signedInAnnouncement ?? messages.signedIn ?? 'Signed in as {email}';
      announce(this.ownerDocument, fill(template, { email: next.customer.email }));
    } else if (previous.status === 'signed-in' && next.status !== 'loading') {
      announce(this.ownerDocument, this.signedOutAnnouncement ?? messages.signedOut ?? 'Signed out');
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bc-current-customer': BcCurrentCustomer;
  }
}
