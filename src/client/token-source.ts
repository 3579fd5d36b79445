/**
 * Where a session gets the current-customer token: straight from the storefront's `/customer/current.jwt` when the
 * page is on the storefront's origin, or through the storefront bridge (a small page on the storefront origin, in a
 * hidden iframe, answering by postMessage; docs/bridge.md) when it is not, since BigCommerce sends no CORS headers.
 * Both answer the same question the same way: the raw token, `null` for a guest, or a coded `BcError`.
 */
import { BcError } from '../errors.js';
import { readTokenBody, tokenFromBody } from './token.js';

/** Reads the token once: the raw JWT, `null` when no shopper is signed in. Rejects with a `BcError`. */
export interface TokenSource {
  (signal: AbortSignal): Promise<string | null>;
  /**
   * A visible frame in which the shopper can give the source access to the storefront's cookies with a click (the
   * bridge's "Continue signed in" button, `document.requestStorageAccess()`), or `null` where that cannot help. The
   * same frame on every call while it lives. Sources that need no such thing leave it out.
   */
  storageAccessFrame?(): HTMLIFrameElement | null;
  /** Calls `listener` when the source learns, unasked, that the answer changed (access granted); the session re-asks. */
  onChange?(listener: () => void): void;
}

/**
 * `GET {storefront}/customer/current.jwt` with the storefront's cookies; 404 is a guest. A 404 that is a web page is
 * not BigCommerce's guest answer (an error message for a script [inferred: BIGCOMMERCE.md §1], never an HTML page) but
 * a site's "page not found": the page is not on the storefront and names none, so the shopper would silently be a
 * guest. That is an error naming the fix.
 */
export function directSource(url: string, fetchFn: typeof fetch): TokenSource {
  return async (signal) => {
    const response = await fetchFn(url, { credentials: 'include', cache: 'no-store', signal });
    if (response.status === 404) {
      await response.body?.cancel().catch(() => undefined);
      if (HTML_TYPE.test(response.headers.get('content-type') ?? '')) {
        const origin = new URL(url).origin;
        throw new BcError(
          'ERR_BC_NOT_A_STOREFRONT',
          `${origin} is not a BigCommerce storefront: it answered /customer/current.jwt with a "not found" web page, ` +
            'so no shopper can be recognised on it. Name the storefront on <bc-store>: ' +
            '<bc-store storefront="https://shop.example.com" …>, and install the storefront bridge (docs/bridge.md).',
        );
      }
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new BcError('ERR_BC_UPSTREAM', `The storefront answered ${response.status} for the current customer.`);
    }
    return tokenFromBody(await readTokenBody(response));
  };
}

/** Content types of a web page. */
const HTML_TYPE = /^\s*(?:text\/html|application\/xhtml\+xml)\s*(?:;|$)/i;

/**
 * The bridge source (bridge-source.ts), loaded at the first ask: only a page on another origin than the storefront's
 * needs it, so the ES-module script-tag bundles leave it in a chunk of their own, fetched from beside the bundle
 * when asked (the classic-script bundles hold it inline; rollup.config.mjs says why). A load that fails is tried
 * again at the next ask and reported meanwhile as `ERR_BC_BRIDGE_UNAVAILABLE`; one that hangs ends with the ask's
 * signal (the session's deadline).
 */
export function lazyBridgeSource(bridgeUrl: string): TokenSource {
  let loaded: TokenSource | null = null;
  let loading: Promise<TokenSource> | null = null;
  const listeners: (() => void)[] = [];
  const load = () =>
    (loading ??= import('./bridge-source.js').then(
      ({ bridgeSource }) => {
        loaded = bridgeSource(bridgeUrl);
        for (const listener of listeners) loaded.onChange?.(listener);
        return loaded;
      },
      (cause: unknown) => {
        loading = null;
        throw new BcError('ERR_BC_BRIDGE_UNAVAILABLE', 'The storefront bridge client could not be loaded.', { cause });
      },
    ));
  const source: TokenSource = async (signal) => (await Promise.race([load(), aborted(signal)]))(signal);
  source.storageAccessFrame = () => loaded?.storageAccessFrame?.() ?? null;
  source.onChange = (listener) => {
    if (loaded) loaded.onChange?.(listener);
    else listeners.push(listener);
  };
  return source;
}

/** Rejects with the signal's reason when it aborts (the session's deadline), never resolves otherwise. */
export function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
