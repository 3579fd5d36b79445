import { LitElement, css, html } from 'lit';
import { notifyConfigChange } from '../client/config.js';
// Kept in the declarations too (a bare import survives there): importing only this element, or only
// `bc-customer-elements/define`, types `addEventListener('bc-…', …)` through GlobalEventHandlersEventMap.
import '../client/events.js';

/**
 * Configures the bc-* elements of a page. It may stand anywhere (a CMS header, body or footer template);
 * elements inside a `<bc-store>` use that one, others the first one in the document. Every setting can also be
 * given on an element itself.
 *
 * It may also come after the elements it configures: whenever it connects, disconnects or changes a setting, the
 * elements resolve their configuration again.
 *
 * @summary Page configuration for the bc-* elements.
 * @tagname bc-store
 * @slot - Elements that use this store's settings (rendered in place: the store has no box, `display: contents`).
 */
export class BcStore extends LitElement {
  // Settings are reflected so that a value set as a property (React, Vue) is read like an attribute; unset ones
  // stay absent, so a nested store never hides an outer store's setting behind a default.
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  static override properties = {
    appClientId: { attribute: 'app-client-id', reflect: true },
    storefront: { reflect: true },
    endpoint: { reflect: true },
    channelId: { attribute: 'channel-id', type: Number, reflect: true },
    currency: { reflect: true },
    locale: { reflect: true },
    taxDisplay: { attribute: 'tax-display', reflect: true },
    storefrontToken: { attribute: 'storefront-token', reflect: true },
    bridge: { reflect: true },
  };
  // The accessors exist as soon as the class does (as decorators made them), not only once it is defined: the React
  // wrappers decide property or attribute by them, on the server too.
  static {
    this.finalize();
  }

  /** Client id of the BigCommerce app whose secret signs the current-customer token. */
  appClientId?: string;

  /** Origin of the BigCommerce storefront (default: this page's origin). */
  storefront?: string;

  /** Base URL of the backend endpoint (`/session`, `/prices`, `/checkout` live under it). */
  endpoint?: string;

  /** Channel id to price in (default 1); checkout uses the backend's `channelId` (`BC_CHANNEL_ID`). */
  channelId?: number;

  /** ISO 4217 currency code (default `USD`). */
  currency?: string;

  /** BCP 47 locale for formatting (default: the page's `lang`, then the browser's). */
  locale?: string;

  /** Whether `<bc-group-price>` amounts are shown `exclusive` (default) or `inclusive` of tax. */
  taxDisplay?: 'exclusive' | 'inclusive';

  /** Path of the storefront bridge on the storefront (default `/bc-bridge/`): how pages on another origin learn who is signed in. */
  bridge?: string;

  /**
   * GraphQL Storefront API token for `<bc-sign-in>` (a Stencil theme has it as `{{settings.storefront_api.token}}`).
   */
  storefrontToken?: string;

  private _notifyQueued = false;

  static define(tag = 'bc-store', registry: CustomElementRegistry = customElements): void {
    if (!registry.get(tag)) registry.define(tag, this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._notify();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._notify();
  }

  protected override updated(): void {
    this._notify();
  }

  override render() {
    return html`<slot></slot>`;
  }

  /**
   * Tells the page's elements to resolve their configuration again: once the pending update has reflected the
   * settings into attributes (which is what elements read), and once however many changes it carries.
   */
  private _notify(): void {
    if (this._notifyQueued) return;
    this._notifyQueued = true;
    const doc = this.ownerDocument;
    void this.updateComplete.then(() => {
      this._notifyQueued = false;
      notifyConfigChange(doc);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bc-store': BcStore;
  }
}
