import { LitElement, type PropertyDeclarations } from 'lit';
import { ATTRIBUTES, type Setting } from '../client/config.js';
import type { TaxDisplay } from '../client/price-format.js';

/**
 * The page settings, declared once for `<bc-store>` and every element: each element may override the page's
 * `<bc-store>` with the same attribute or property on itself, and a change of one on a connected element is seen
 * (its configuration is resolved again; see `ConfigController`). Reflected, so that a value set as a property (React,
 * Vue) shows in the markup like one written there; unset ones stay absent, so a nested store never hides an outer
 * store's setting behind a default.
 */
export class StoreSettingsElement extends LitElement {
  static override properties: PropertyDeclarations = {
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

  /** Client id of the BigCommerce app whose secret signs the current-customer token. */
  appClientId?: string;

  /** Origin of the BigCommerce storefront (default: this page's origin). */
  storefront?: string;

  /** Base URL of the backend endpoint (`/session`, `/prices`, `/checkout` live under it). */
  endpoint?: string;

  /** Channel id to price in (default 1); checkout uses the backend's `channelId` (`BC_CHANNEL_ID`). */
  channelId?: number;

  /** ISO 4217 currency code of prices (default `USD`). */
  currency?: string;

  /** BCP 47 locale for formatting numbers (default: the nearest `lang`, then the browser's). */
  locale?: string;

  /** Whether `<bc-group-price>` amounts are shown `exclusive` (default) or `inclusive` of tax. */
  taxDisplay?: TaxDisplay;

  /**
   * GraphQL Storefront API token for `<bc-sign-in>` (a Stencil theme has it as `{{settings.storefront_api.token}}`).
   */
  storefrontToken?: string;

  /** Path of the storefront bridge on the storefront (default `/bc-bridge/`): how pages on another origin learn who is signed in. */
  bridge?: string;
}

const SETTINGS = Object.keys(ATTRIBUTES) as Setting[];

/** The settings `element` gives itself, as attributes or properties, as one string (to tell when one changed). */
export function settingsKey(element: Element & { readonly [K in Setting]?: unknown }): string {
  return SETTINGS.map((key) => String(element[key] ?? element.getAttribute(ATTRIBUTES[key]) ?? '')).join('\n');
}
