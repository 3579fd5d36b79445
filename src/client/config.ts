/**
 * Page configuration of the bc-* elements: each setting comes from the element's own attribute, else the nearest
 * enclosing `<bc-store>` that sets it (nested stores override outer ones), else the first `<bc-store>` in the
 * document, else a default. Properties are read where an element has them (a framework sets properties, reflected
 * only at the element's next update), attributes otherwise, so a store that is not upgraded yet still counts.
 */

/** The settings every element works with, resolved for one element. */
export interface StoreConfig {
  /** Client id of the BigCommerce app; `''` when the page configures none (an error the elements report). */
  appClientId: string;
  /** Origin of the storefront that serves `/customer/current.jwt` (default: the page's origin). */
  storefront: string;
  /** Absolute base URL of the backend without a trailing slash, `''` when none is configured. */
  endpoint: string;
  /** Channel to price in (default 1). */
  channelId: number;
  /** ISO 4217 currency code, upper case (default `USD`). */
  currency: string;
  /** BCP 47 locale (default: the nearest `lang`, then the browser's language). */
  locale: string;
  /** Whether prices are shown exclusive (default) or inclusive of tax. */
  taxDisplay: 'exclusive' | 'inclusive';
}

/**
 * Dispatched on `document` by `<bc-store>` when it connects, disconnects or changes a setting, so elements that
 * stand before it (a store in a CMS footer) resolve their configuration again. Internal: use `observeConfig`.
 */
export const STORE_CHANGE_EVENT = 'bc-store-change';

const STORE_TAG = 'bc-store';

const ATTRIBUTES = {
  appClientId: 'app-client-id',
  storefront: 'storefront',
  endpoint: 'endpoint',
  channelId: 'channel-id',
  currency: 'currency',
  locale: 'locale',
  taxDisplay: 'tax-display',
} as const satisfies Record<keyof StoreConfig, string>;

/** Resolves the configuration of `element`. Never throws: unusable values fall back to the defaults. */
export function resolveConfig(element: Element): StoreConfig {
  const read = (key: keyof StoreConfig): string | null => resolveSetting(element, ATTRIBUTES[key]);

  const base = element.ownerDocument.baseURI;
  return {
    appClientId: read('appClientId') ?? '',
    storefront: toOrigin(read('storefront'), base) ?? new URL(base).origin,
    endpoint: toEndpoint(read('endpoint'), base),
    channelId: toChannelId(read('channelId')),
    currency: (read('currency') ?? 'USD').toUpperCase(),
    locale: read('locale') ?? nearestLang(element) ?? navigator.language ?? 'en-US',
    taxDisplay: read('taxDisplay') === 'inclusive' ? 'inclusive' : 'exclusive',
  };
}

/**
 * One more setting by its attribute name (e.g. `storefront-token` for `<bc-sign-in>`), resolved in the same order as
 * `resolveConfig`: the element's own attribute, enclosing stores, the first store. `null` when none sets it.
 */
export function resolveSetting(element: Element, attribute: string): string | null {
  const sources = [element, ...enclosingStores(element)];
  const first = element.ownerDocument.querySelector(STORE_TAG);
  if (first && !sources.includes(first)) sources.push(first);
  const property = attribute.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
  for (const source of sources) {
    const value = settingOf(source, property, attribute);
    if (value) return value;
  }
  return null;
}

/**
 * A source's setting: its property when it is an upgraded element holding one (a framework sets properties, which
 * reach the attribute only at the element's next update), else its attribute (an element not upgraded yet).
 */
function settingOf(source: Element, property: string, attribute: string): string | undefined {
  const value: unknown = (source as unknown as Record<string, unknown>)[property];
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return source.getAttribute(attribute)?.trim() || undefined;
}

/** Calls `listener` whenever a `<bc-store>` of `doc` connects, disconnects or changes; returns the unsubscriber. */
export function observeConfig(listener: () => void, doc: Document = document): () => void {
  doc.addEventListener(STORE_CHANGE_EVENT, listener);
  return () => doc.removeEventListener(STORE_CHANGE_EVENT, listener);
}

/** Tells the elements of `doc` that the page configuration changed (what `<bc-store>` calls). */
export function notifyConfigChange(doc: Document = document): void {
  doc.dispatchEvent(new Event(STORE_CHANGE_EVENT));
}

/** The `<bc-store>` ancestors of `element`, nearest first, crossing shadow roots (an element inside a component). */
function enclosingStores(element: Element): Element[] {
  const stores: Element[] = [];
  let node: Node | null = element;
  while (node) {
    const parent: Node | null = node.parentNode;
    if (parent instanceof Element && parent.localName === STORE_TAG) stores.push(parent);
    node = parent instanceof ShadowRoot ? parent.host : parent;
  }
  return stores;
}

function toOrigin(value: string | null, base: string): string | null {
  if (!value) return null;
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}

function toEndpoint(value: string | null, base: string): string {
  if (!value) return '';
  try {
    const url = new URL(value, base);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return '';
    url.search = '';
    url.hash = '';
    return url.href.replace(/\/+$/, '');
  } catch {
    return '';
  }
}

function toChannelId(value: string | null): number {
  const id = Number(value);
  return value !== null && Number.isSafeInteger(id) && id > 0 ? id : 1;
}

function nearestLang(element: Element): string | null {
  return element.closest('[lang]')?.getAttribute('lang')?.trim() || element.ownerDocument.documentElement.lang || null;
}
