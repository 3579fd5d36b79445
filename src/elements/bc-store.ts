import { LitElement, css, html } from 'lit';
import { property } from 'lit/decorators.js';

/**
 * Configures the bc-* elements of a page. It may stand anywhere (a CMS header, body or footer template);
 * elements inside a `<bc-store>` use that one, others the first one in the document. Every setting can also be
 * given on an element itself.
 *
 * @summary Page configuration for the bc-* elements.
 * @slot - Elements that use this store's settings.
 */
export class BcStore extends LitElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  /** Client id of the BigCommerce app whose secret signs the current-customer token. */
  @property({ attribute: 'app-client-id', reflect: true }) appClientId = '';

  /** Origin of the BigCommerce storefront (default: this page's origin). */
  @property({ reflect: true }) storefront = '';

  /** Base URL of the backend endpoint (`/session`, `/prices`, `/checkout` live under it). */
  @property({ reflect: true }) endpoint = '';

  /** Channel id to price and check out in. */
  @property({ attribute: 'channel-id', type: Number, reflect: true }) channelId = 1;

  /** ISO 4217 currency code (`USD`). */
  @property({ reflect: true }) currency = '';

  /** BCP 47 locale for formatting (default: the page's `lang`, then the browser's). */
  @property({ reflect: true }) locale = '';

  static define(tag = 'bc-store', registry: CustomElementRegistry = customElements): void {
    if (!registry.get(tag)) registry.define(tag, this);
  }

  override render() {
    return html`<slot></slot>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bc-store': BcStore;
  }
}
