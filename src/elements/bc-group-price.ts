import { css, html, nothing, type PropertyValues } from 'lit';
import { BcError } from '../errors.js';
import type { OptionSelection, PriceItemRequest, PricedItem } from '../protocol.js';
import { configError } from '../client/config.js';
import { BcPriceChangeEvent, errorEventFor } from '../client/events.js';
import { fill } from '../client/localize.js';
import { PRICE_WORDS, formatPrice, type FormattedPrice } from '../client/price-format.js';
import { normalizeOptions, parseOptions, toId } from '../client/price-item.js';
import type { PriceBatcher } from '../client/price-batcher.js';
import { getPriceBatcher } from '../client/prices.js';
import { announce, liveRegion } from './announcer.js';
import { ConfigController, type ElementConfig } from './config-controller.js';
import { StoreSettingsElement } from './store-settings.js';
import { visuallyHidden } from './visually-hidden.js';
// Kept in the declarations too (a bare import survives there): importing only this element, or only
// `bc-customer-elements/define`, types `addEventListener('bc-…', …)` through GlobalEventHandlersEventMap.
import '../client/events.js';

/** Its English (`BcMessages`). */
const WORDS = { ...PRICE_WORDS, priceChanged: 'Price: {price}', pricesChanged: 'Prices updated' };

/** Where a `<bc-group-price>` stands: showing the page's own price, asking, showing the group price, or failed. */
export type GroupPriceStatus = 'fallback' | 'loading' | 'priced' | 'error';

/**
 * Shows the price BigCommerce computes for the signed-in shopper's customer group (or the guest price). The light
 * DOM is the page's own public price: it stays visible until the group price is known and whenever anything fails.
 * Both stand in one grid cell, so the element keeps at least the box of the page's price and the swap does not move
 * the text around it when the page's price has the same lines (the was price, the range, the bulk tiers). When the
 * customer changes, the page's price comes back inside the box of the price it replaces, until the new one is known.
 *
 * @summary The shopper's customer-group price, with sale, range and bulk display.
 * @tagname bc-group-price
 * @fires {BcPriceChangeEvent} bc-price-change - A price was shown: `price` is the backend's `PricedItem`, `text`
 *   what the element shows, as screen readers hear it (`$17.60 – $22.00`, `was $22.00, now $17.60`, `$22.00`).
 * @fires {BcErrorEvent} bc-error - The price could not be shown (bad attributes, missing configuration, backend
 *   down); the light-DOM price stays.
 * @slot - The page's own price, shown until the group price is known and whenever it cannot be.
 * @csspart base - The grid cell that stacks the page's price and the group price.
 * @csspart fallback - Wrapper of the slotted page price.
 * @csspart price - Wrapper of the group price.
 * @csspart was - The struck-through list price, when the shopper pays less.
 * @csspart now - What the shopper pays.
 * @csspart range - The low–high range over the product's variants (with `show-range`).
 * @csspart bulk - The list of bulk tiers (with `show-bulk`).
 * @csspart bulk-tier - One bulk tier.
 * @cssproperty [--bc-group-price-color=inherit] - Color of the price.
 * @cssproperty [--bc-group-price-sale-color=inherit] - Color of the price when it is lower than the list price.
 * @cssproperty [--bc-group-price-was-color=inherit] - Color of the struck-through list price.
 * @cssproperty [--bc-group-price-was-decoration=line-through] - Decoration of the list price.
 * @cssproperty [--bc-group-price-font-weight=inherit] - Weight of the price.
 * @cssproperty [--bc-group-price-gap=0.4em] - Space between the list price and the price.
 * @cssproperty [--bc-group-price-align=start] - Alignment of the price within the reserved width.
 * @cssproperty [--bc-group-price-loading-opacity=0.6] - Opacity of a shown price while a new one is asked.
 * @cssproperty [--bc-group-price-bulk-font-size=0.875em] - Font size of the bulk tiers.
 */
export class BcGroupPrice extends StoreSettingsElement {
  static override styles = [
    visuallyHidden,
    css`
      :host {
        display: inline-block;
      }
      :host([hidden]) {
        display: none;
      }
      .base {
        display: inline-grid;
        justify-items: var(--bc-group-price-align, start);
        align-items: baseline;
      }
      .base > .layer {
        grid-area: 1 / 1;
      }
      .fallback.covered,
      .price.held {
        visibility: hidden;
      }
      .price[aria-busy='true'] {
        opacity: var(--bc-group-price-loading-opacity, 0.6);
      }
      .now {
        color: var(--bc-group-price-color, inherit);
        font-weight: var(--bc-group-price-font-weight, inherit);
      }
      .now.sale {
        color: var(--bc-group-price-sale-color, var(--bc-group-price-color, inherit));
      }
      .was {
        color: var(--bc-group-price-was-color, inherit);
        text-decoration: var(--bc-group-price-was-decoration, line-through);
        margin-inline-end: var(--bc-group-price-gap, 0.4em);
      }
      .range {
        color: var(--bc-group-price-color, inherit);
        font-weight: var(--bc-group-price-font-weight, inherit);
      }
      .bulk {
        margin: 0.25em 0 0;
        padding: 0;
        list-style: none;
        font-size: var(--bc-group-price-bulk-font-size, 0.875em);
      }
    `,
  ];

  static override properties = {
    productId: { attribute: 'product-id', type: Number },
    variantId: { attribute: 'variant-id', type: Number },
    options: {},
    showRange: { attribute: 'show-range', type: Boolean },
    showBulk: { attribute: 'show-bulk', type: Boolean },
    priceService: { attribute: false },
    _priced: { attribute: false },
    _formatted: { attribute: false },
    _phase: { attribute: false },
    _held: { attribute: false },
  };
  // The accessors exist as soon as the class does (as decorators made them), not only once it is defined: the React
  // wrappers decide property or attribute by them, on the server too.
  static {
    this.finalize();
  }

  /** BigCommerce product id. */
  productId: number | null = null;

  /** Variant id, when the shopper chose one (a variant picker changes it). */
  variantId: number | null = null;

  /** Chosen option values: JSON (`[{"optionId":1,"valueId":2}]`, `{"1":2}`), `1:2,3:4`, or an array (property). */
  options: string | readonly OptionSelection[] = '';

  /** Show the low–high range over the product's variants (when they differ) instead of a single price. */
  showRange = false;

  /** Show the bulk (quantity) tiers under the price. */
  showBulk = false;

  /** The price batcher to ask; default: the page's shared one for the resolved configuration (`getPriceBatcher`). */
  priceService: PriceBatcher | null = null;

  private _priced: PricedItem | null = null;
  private _formatted: FormattedPrice | null = null;
  private _phase: GroupPriceStatus = 'fallback';
  /** The price shown before the customer changed, kept invisible so that the box stays until the new one comes. */
  private _held: FormattedPrice | null = null;

  private readonly _settings = new ConfigController(this);
  /** The configuration the price batcher and the shown price follow. */
  private _config: ElementConfig | null = null;
  /** The words of the configuration's language. */
  private _words = WORDS;
  private _service: PriceBatcher | null = null;
  private _serviceKey = '';
  private _unsubscribe: (() => void) | null = null;
  private _pending: AbortController | null = null;
  private _needsPrice = false;
  /** The label last shown, to announce a change of it; `null` until this product's first price (not news). */
  private _lastShownText: string | null = null;

  /** The price shown, or `null` while the page's own price is shown. */
  get price(): PricedItem | null {
    return this._priced;
  }

  /** `fallback`, `loading`, `priced` or `error`. */
  get status(): GroupPriceStatus {
    return this._phase;
  }

  static define(tag = 'bc-group-price', registry: CustomElementRegistry = customElements): void {
    if (!registry.get(tag)) registry.define(tag, this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The page's live region exists before anything is said in it, or screen readers may miss the first change.
    liveRegion(this.ownerDocument);
    // Joined at the update, not now: a framework may set the settings as properties right after connecting (the
    // React 18 wrappers set this element's and its <bc-store>'s in a layout effect), and the update sees them, as
    // do the handlers it adds there.
    this._config = null;
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._pending?.abort();
    this._pending = null;
    this._unsubscribe?.();
    this._unsubscribe = null;
    this._service = null;
    this._serviceKey = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.isConnected) {
      // The configuration is resolved here once per change: of the element's own settings, of the page's stores.
      const config = this._settings.value;
      if (config !== this._config || changed.has('priceService')) this._attach(config);
    }
    // Another product is not a change of this price (a framework reusing the element for the next list item).
    if (changed.has('productId')) this._lastShownText = null;
    if (changed.has('productId') || changed.has('variantId') || changed.has('options')) this._needsPrice = true;
    if (this._needsPrice) {
      this._needsPrice = false;
      this._reprice();
    } else if (changed.has('showRange') && this._priced && !this._pending) {
      // Shown again in the other form; an answer on its way will be shown in it anyway.
      this._show(this._priced);
    }
  }

  override render() {
    const formatted = this._formatted;
    const shown = formatted !== null;
    return html`<div part="base" class="base">
        <div part="fallback" class="layer fallback ${shown ? 'covered' : ''}" aria-hidden=${shown ? 'true' : nothing}>
          <slot></slot>
        </div>
        ${shown ? this._renderPrice(formatted) : this._held ? this._renderPrice(this._held, true) : nothing}
      </div>`;
  }

  /**
   * Renders what `formatPrice` decided to show; its text, hidden words included, is `formatted.label`. A `held`
   * price only keeps its room: hidden from sight and from screen readers.
   */
  private _renderPrice(formatted: FormattedPrice, held = false) {
    const amount =
      formatted.display === 'range'
        ? html`<span part="range" class="range">${formatted.range}</span>`
        : formatted.display === 'sale'
          ? this._renderSale(formatted)
          : html`<span part="now" class="now">${formatted.now}</span>`;
    const bulk =
      this.showBulk && formatted.bulk.length > 0
        ? html`<ul part="bulk" class="bulk">
            ${formatted.bulk.map((tier) => html`<li part="bulk-tier">${tier.text}</li>`)}
          </ul>`
        : nothing;
    if (held) {
      return html`<div class="layer price held" aria-hidden="true"><span>${amount}</span>${bulk}</div>`;
    }
    return html`<div part="price" class="layer price" aria-busy=${this._phase === 'loading' ? 'true' : 'false'}>
      <span>${amount}</span>${bulk}
    </div>`;
  }

  /**
   * A sale in the words of the language (`priceSale`, `was {was}, now {now}` in English): the prices in the order
   * its template puts them, its words for screen readers only; the words just before the struck price are read with it.
   */
  private _renderSale(formatted: FormattedPrice) {
    const template = this._words.priceSale;
    const [before = '', between = '', after = ''] = template.split(/\{(?:was|now)\}/);
    const words = (text: string) => (text ? html`<span class="visually-hidden">${text}</span>` : nothing);
    const now = html`<span part="now" class="now sale">${formatted.now}</span>`;
    return template.indexOf('{now}') < template.indexOf('{was}')
      ? html`${words(before)}${now}<s part="was" class="was">${words(between)}${formatted.was}</s>${words(after)}`
      : html`<s part="was" class="was">${words(before)}${formatted.was}</s>${words(between)}${now}${words(after)}`;
  }

  /** Joins the page's price service for the configuration (again when it changes), or shows it anew. */
  private _attach(config: ElementConfig): void {
    const own = this.priceService;
    const key = own
      ? ''
      : JSON.stringify([config.endpoint, config.storefront, config.appClientId, config.channelId, config.currency]);
    // How the price shows (locale, tax, words) changed, not where it comes from: the shown price is shown anew.
    const formatChanged = this._config !== null;
    this._config = config;
    this._words = { ...WORDS, ...config.messages };
    if (key === this._serviceKey && this._service && (!own || own === this._service)) {
      if (formatChanged && this._priced) this._show(this._priced);
      return;
    }
    this._unsubscribe?.();
    this._unsubscribe = null;
    this._serviceKey = key;
    const problem = own ? null : configError(config, ['appClientId', 'endpoint', 'storefront']);
    if (problem) {
      this._service = null;
      this._fail(problem);
      return;
    }
    try {
      this._service = own ?? getPriceBatcher(config);
    } catch (cause) {
      this._service = null;
      this._fail(new BcError('ERR_BC_CONFIG_MISSING', (cause as Error).message, { cause }));
      return;
    }
    // The customer changed: the shown price belongs to someone else, so the page's own price comes back until
    // the new one is known.
    this._unsubscribe = this._service.subscribe(() => {
      this._held = this._formatted ?? this._held;
      this._priced = null;
      this._formatted = null;
      this._phase = 'fallback';
      this._needsPrice = true;
      this.requestUpdate();
    });
    this._needsPrice = true;
    this.requestUpdate();
  }

  /** Asks for this element's item, withdrawing an older ask whose answer would now be stale. */
  private _reprice(): void {
    this._pending?.abort();
    this._pending = null;
    const service = this._service;
    if (!service) return;
    let item: PriceItemRequest;
    try {
      item = this._item();
    } catch (error) {
      this._fail(error);
      return;
    }
    const cached = service.peek(item);
    if (cached) {
      this._show(cached);
      return;
    }
    const controller = new AbortController();
    this._pending = controller;
    this._phase = 'loading';
    service.get(item, { signal: controller.signal }).then(
      (priced) => {
        if (controller.signal.aborted) return;
        this._pending = null;
        this._show(priced);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        this._pending = null;
        this._fail(error);
      },
    );
  }

  private _item(): PriceItemRequest {
    const productId = toId(this.productId);
    if (productId === null) throw new BcError('ERR_BC_INVALID_PRODUCT', 'product-id must be a positive integer');
    const variantId = this.variantId === null || this.variantId === undefined ? null : toId(this.variantId);
    if (variantId === null && this.variantId !== null && this.variantId !== undefined) {
      throw new BcError('ERR_BC_INVALID_PRODUCT', 'variant-id must be a positive integer');
    }
    const options = typeof this.options === 'string' ? parseOptions(this.options) : normalizeOptions(this.options);
    return {
      productId,
      ...(variantId === null ? {} : { variantId }),
      ...(options.length === 0 ? {} : { options }),
    };
  }

  private _show(priced: PricedItem): void {
    const config = this._config;
    if (!config) return;
    let formatted: FormattedPrice;
    try {
      formatted = formatPrice(priced, {
        locale: config.locale,
        currency: config.currency,
        tax: config.taxDisplay,
        range: this.showRange,
        messages: this._words,
      });
    } catch (error) {
      this._fail(error);
      return;
    }
    // Shown already (the configuration changed in a way this price does not show).
    if (formatted === this._formatted && this._priced === priced) return;
    const text = formatted.label;
    // Announce changes of a price the shopper has already seen (a variant, a sign-in), not the first swap; many
    // prices changing at once (a sign-in) are said as one.
    if (this._lastShownText !== null && this._lastShownText !== text) {
      const words = this._words;
      announce(this.ownerDocument, fill(words.priceChanged, { price: text }), { many: words.pricesChanged });
    }
    this._lastShownText = text;
    this._priced = priced;
    this._formatted = formatted;
    this._held = null;
    this._phase = 'priced';
    this.dispatchEvent(new BcPriceChangeEvent({ price: priced, currency: config.currency, text }));
  }

  private _fail(error: unknown): void {
    this._priced = null;
    this._formatted = null;
    this._held = null;
    this._phase = 'error';
    this.dispatchEvent(errorEventFor(error, 'The price could not be shown.'));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bc-group-price': BcGroupPrice;
  }
}
