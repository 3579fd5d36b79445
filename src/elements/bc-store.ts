import { css, html } from 'lit';
import { announceConfigChange, touchConfig } from '../client/config.js';
import { StoreSettingsElement, settingsKey } from './store-settings.js';
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
export class BcStore extends StoreSettingsElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  // The accessors exist as soon as the class does (as decorators made them), not only once it is defined: the React
  // wrappers decide property or attribute by them, on the server too.
  static {
    this.finalize();
  }

  private _notifyQueued = false;
  /** The settings at the last change recorded, to tell a change from the first update's initial values. */
  private _settings = '';

  static define(tag = 'bc-store', registry: CustomElementRegistry = customElements): void {
    if (!registry.get(tag)) registry.define(tag, this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._settings = settingsKey(this);
    this._changed();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._changed();
  }

  protected override willUpdate(): void {
    // Recorded before the elements whose updates follow this one resolve their configuration, so that they need not
    // resolve it again when the notice comes.
    const settings = settingsKey(this);
    if (settings === this._settings || !this.isConnected) return;
    this._settings = settings;
    this._changed();
  }

  override render() {
    return html`<slot></slot>`;
  }

  /**
   * Records the change at once, and tells the page's elements once however many changes a burst carries, after the
   * pending update (which reflects the settings into attributes, read by another copy of the library).
   */
  private _changed(): void {
    const doc = this.ownerDocument;
    touchConfig(doc);
    if (this._notifyQueued) return;
    this._notifyQueued = true;
    void this.updateComplete.then(() => {
      this._notifyQueued = false;
      announceConfigChange(doc);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bc-store': BcStore;
  }
}
