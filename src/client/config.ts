/**
 * Page configuration of the bc-* elements: each setting comes from the element's own attribute, else the nearest
 * enclosing `<bc-store>` that sets it (nested stores override outer ones), else the first `<bc-store>` in the
 * document, else a default. Properties are read where an element has them (a framework sets properties, reflected
 * only at the element's next update), attributes otherwise, so a store that is not upgraded yet still counts.
 *
 * The two settings that decide where the shopper's identity goes (`endpoint` receives the token, `storefront` the
 * credentials of `<bc-sign-in>` and the checkout navigation) are taken only on an origin the page trusts: its own,
 * or one listed in `<meta name="bc-trusted-origins">` in the document's `<head>`. Markup injected into the body (CMS
 * content, a sanitizer that lets custom elements through) can add attributes and stores, but not a trusted origin:
 * a value on any other origin is skipped, and when no trusted one is left the elements fail with
 * `ERR_BC_UNTRUSTED_ORIGIN` instead of sending anything.
 */
import { BcError } from '../errors.js';
import { count } from './probe.js';

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
  /** Path of the storefront bridge on the storefront, for pages on another origin; `''`: the default `/bc-bridge/`. */
  bridge: string;
  /** The store's GraphQL Storefront API token (`<bc-sign-in>`), `''` when none is set. */
  storefrontToken: string;
  /**
   * Language of the shopper-facing words: the nearest `lang` (crossing shadow roots), else the document's, else
   * `''` (English). Independent of `locale`, which formats numbers.
   */
  lang: string;
  /**
   * The first `storefront` or `endpoint` origin given on the page but not trusted by it (skipped), else `null`. When
   * it left `storefront` or `endpoint` empty, `configError` reports it.
   */
  untrusted: string | null;
}

/** The `<meta name>` in `<head>` that lists the origins, besides its own, a page trusts with the shopper's identity. */
export const TRUSTED_ORIGINS_META = 'bc-trusted-origins';

/**
 * Dispatched on `document` by `<bc-store>` when it connects, disconnects or changes a setting (and when a `lang`
 * changes), so elements that stand before it (a store in a CMS footer) resolve their configuration again.
 * Internal: use `observeConfig`.
 */
export const STORE_CHANGE_EVENT = 'bc-store-change';

const STORE_TAG = 'bc-store';

/** A setting a page gives on `<bc-store>` or on an element (as attribute or property). */
export type Setting = Exclude<keyof StoreConfig, 'untrusted' | 'lang'>;

/** The attribute of each setting (its property is the key). */
export const ATTRIBUTES = {
  appClientId: 'app-client-id',
  storefront: 'storefront',
  endpoint: 'endpoint',
  channelId: 'channel-id',
  currency: 'currency',
  locale: 'locale',
  taxDisplay: 'tax-display',
  bridge: 'bridge',
  storefrontToken: 'storefront-token',
} as const satisfies Record<Setting, string>;

/**
 * A count of the changes to the configuration of each document: stores that connected, disconnected or changed a
 * setting, a `lang` changed. Kept on the document under a registered symbol, so two copies of the library on a
 * page count together. An element whose configuration was resolved at the current count needs no new resolution.
 */
const VERSION = Symbol.for('bc-customer-elements.config-version');

/** The document's configuration count (see `touchConfig`). */
export function configVersion(doc: Document): number {
  return (doc as { [VERSION]?: number })[VERSION] ?? 0;
}

/** Records, at once, that the configuration of `doc` changed; the notice to the elements may follow later. */
export function touchConfig(doc: Document): void {
  (doc as { [VERSION]?: number })[VERSION] = configVersion(doc) + 1;
}

/** Resolves the configuration of `element`. Never throws: unusable values fall back to the defaults. */
export function resolveConfig(element: Element): StoreConfig {
  count('resolveConfig');
  const read = (key: Setting, accept?: (value: string) => boolean): string | null =>
    resolveSetting(element, key, accept);
  const doc = element.ownerDocument;
  const base = doc.baseURI;
  const trusted = trustedOrigins(doc);
  let untrusted: string | null = null;
  // The first value on a trusted origin wins; others are skipped (and the first of them remembered).
  const onTrustedOrigin = (toUrl: (value: string) => string) => (value: string) => {
    const url = toUrl(value);
    if (!url) return false;
    const origin = new URL(url).origin;
    if (trusted.has(origin)) return true;
    untrusted ??= origin;
    return false;
  };
  const storefrontOrigin = (value: string) => toOrigin(value, base) ?? '';
  const endpointUrl = (value: string) => toEndpoint(value, base);
  const storefront = read('storefront', onTrustedOrigin(storefrontOrigin));
  const endpoint = read('endpoint', onTrustedOrigin(endpointUrl));
  return {
    appClientId: read('appClientId') ?? '',
    // The page's own origin by default, but never silently instead of a storefront the page named and may not use.
    storefront: storefront
      ? storefrontOrigin(storefront)
      : read('storefront', (value) => storefrontOrigin(value) !== '')
        ? ''
        : new URL(base).origin,
    endpoint: endpoint ? endpointUrl(endpoint) : '',
    channelId: toChannelId(read('channelId')),
    currency: (read('currency') ?? 'USD').toUpperCase(),
    locale: read('locale') ?? usableLocale(nearestLang(element)) ?? usableLocale(navigator.language) ?? 'en-US',
    taxDisplay: read('taxDisplay') === 'inclusive' ? 'inclusive' : 'exclusive',
    bridge: read('bridge') ?? '',
    storefrontToken: read('storefrontToken') ?? '',
    lang: nearestLang(element) ?? '',
    untrusted,
  };
}

/**
 * One setting, in the order of `resolveConfig`: the element itself, enclosing stores (nearest first), the first store
 * of the document. `null` when none sets it. With `accept`, a value it refuses is skipped, and a refused first store
 * passes on to the next store of the document: a store injected before the page's own cannot hide the page's
 * trusted endpoint.
 */
function resolveSetting(element: Element, key: Setting, accept?: (value: string) => boolean): string | null {
  const own = [element, ...enclosingStores(element)];
  for (const source of own) {
    const value = settingOf(source, key);
    if (value && (!accept || accept(value))) return value;
  }
  for (const store of element.ownerDocument.querySelectorAll(STORE_TAG)) {
    const value = own.includes(store) ? undefined : settingOf(store, key);
    if (!value) return null;
    if (!accept || accept(value)) return value;
  }
  return null;
}

/**
 * The origins a page trusts with the shopper's identity: its own, and those listed (separated by spaces or commas)
 * in `<meta name="bc-trusted-origins" content="…">` elements that are children of `<head>`. The HTML parser never
 * puts markup of the body there, so content injected into the page cannot extend the list.
 */
export function trustedOrigins(doc: Document): Set<string> {
  const origins = new Set([new URL(doc.baseURI).origin]);
  for (const meta of doc.head?.children ?? []) {
    if (meta.localName !== 'meta' || meta.getAttribute('name') !== TRUSTED_ORIGINS_META) continue;
    for (const entry of (meta.getAttribute('content') ?? '').split(/[\s,]+/)) {
      const origin = toOrigin(entry, 'about:blank');
      if (origin) origins.add(origin);
    }
  }
  return origins;
}

/**
 * Why `config` cannot serve an element that needs the given settings, as the coded error to report, or `null`.
 * A setting emptied because its origin is not trusted gives `ERR_BC_UNTRUSTED_ORIGIN`, naming the fix.
 */
export function configError(
  config: StoreConfig,
  needs: readonly ('appClientId' | 'endpoint' | 'storefront')[],
): BcError | null {
  const empty = needs.filter((key) => !config[key]);
  if (empty.length === 0) return null;
  if (config.untrusted && (empty.includes('endpoint') || empty.includes('storefront'))) {
    return new BcError(
      'ERR_BC_UNTRUSTED_ORIGIN',
      `bc-customer-elements: ${config.untrusted} is not trusted by this page, so the shopper's identity is not sent ` +
        `there. If it is yours, list it in <meta name="${TRUSTED_ORIGINS_META}" content="${config.untrusted}"> in <head>.`,
    );
  }
  const names = empty.map((key) => ATTRIBUTES[key]).join(' and ');
  return new BcError('ERR_BC_CONFIG_MISSING', `bc-customer-elements: set ${names} on <bc-store> or the element.`);
}

/** A bc-* element, which declares every setting it reads as a property (src/elements/store-settings.ts). */
type SettingSource = Element & { readonly [K in Setting]?: unknown };

/**
 * A source's setting: its property when it is an upgraded bc-* element holding one (a framework sets properties,
 * which reach the attribute only at the element's next update), else its attribute (an element not upgraded yet, or
 * any other element).
 */
function settingOf(source: Element, key: Setting): string | undefined {
  const value = source.localName.startsWith('bc-') ? (source as SettingSource)[key] : undefined;
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return source.getAttribute(ATTRIBUTES[key])?.trim() || undefined;
}

/** Documents whose `lang` attributes and whose window's language this copy of the library watches. */
const watched = new WeakSet<Document>();

/**
 * Calls `listener` whenever the configuration of `doc` may have changed: a `<bc-store>` connected, disconnected or
 * changed a setting, a `lang` attribute changed, or the browser's language did. Returns the unsubscriber.
 */
export function observeConfig(listener: () => void, doc: Document = document): () => void {
  if (!watched.has(doc)) {
    watched.add(doc);
    // A lang anywhere in the page decides the words (and, without a locale setting, the formats) of the elements
    // under it; one observer per document, whatever the number of elements.
    new MutationObserver(() => notifyConfigChange(doc)).observe(doc, { attributeFilter: ['lang'], subtree: true });
    doc.defaultView?.addEventListener('languagechange', () => notifyConfigChange(doc));
  }
  doc.addEventListener(STORE_CHANGE_EVENT, listener);
  return () => doc.removeEventListener(STORE_CHANGE_EVENT, listener);
}

/** Tells the elements of `doc` that the page configuration changed, so they resolve it again. */
export function notifyConfigChange(doc: Document = document): void {
  touchConfig(doc);
  announceConfigChange(doc);
}

/**
 * Tells the elements of `doc` about changes already recorded by `touchConfig` (what `<bc-store>` does once per
 * burst of changes): only those whose configuration predates them resolve it again.
 */
export function announceConfigChange(doc: Document): void {
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

/**
 * `tag` when Intl takes it as a locale, else `null`. An inferred locale may not be a BCP 47 tag: a CMS page's
 * `lang="en_US"`, or WebKitGTK's `navigator.language` under a POSIX locale (`C`); it must not cost the shopper
 * their prices. (An explicit `locale` setting is the page author's, and an invalid one is reported.)
 */
function usableLocale(tag: string | null | undefined): string | null {
  if (!tag) return null;
  try {
    Intl.getCanonicalLocales(tag);
    return tag;
  } catch {
    return null;
  }
}

/** The nearest `lang` of `element`, crossing shadow roots (a lang on the host's ancestors applies inside). */
function nearestLang(element: Element): string | null {
  for (let node: Element | null = element; node;) {
    const found = node.closest('[lang]');
    if (found) return found.getAttribute('lang')?.trim() || null;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}
