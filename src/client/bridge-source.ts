/**
 * The token through the storefront bridge (a small page on the storefront origin, in a hidden iframe, answering by
 * postMessage; docs/bridge.md), for a page on another origin than the storefront's: BigCommerce sends no CORS
 * headers. Loaded on demand (`lazyBridgeSource` in token-source.ts): pages on the storefront never fetch it.
 */
import { BcError } from '../errors.js';
import { BRIDGE_ASK_TYPE, BRIDGE_PROTOCOL_VERSION, parseBridgeAnswer, type BridgeAnswer } from '../bridge/protocol.js';
import { aborted, type TokenSource } from './token-source.js';

/** What the bridge source needs of the page (the real `window` and `document` by default). */
export interface BridgeHost {
  readonly window: Window;
  readonly document: Document;
}

/**
 * The token through the bridge page at `bridgeUrl`: one hidden iframe, made at the first ask, shared by every ask of
 * the session. An answer counts only when it comes from that iframe's window, from the storefront's exact origin,
 * valid under protocol v1, and with this page's nonce; everything else is ignored.
 */
export function bridgeSource(bridgeUrl: string, host: BridgeHost = { window, document }): TokenSource {
  const origin = new URL(bridgeUrl).origin;
  const nonce = randomNonce(host.window);
  const ask = { type: BRIDGE_ASK_TYPE, version: BRIDGE_PROTOCOL_VERSION, nonce };
  let frame: HTMLIFrameElement | null = null;
  let loaded: Promise<void> | null = null;
  // The visible bridge frame offered for the shopper's click (storageAccessFrame), apart from the hidden one.
  let prompt: HTMLIFrameElement | null = null;
  const waiting = new Set<(answer: BridgeAnswer) => void>();
  const changed = new Set<() => void>();

  host.window.addEventListener('message', (event: MessageEvent) => {
    if (event.origin !== origin) return;
    const fromPrompt = prompt !== null && event.source === prompt.contentWindow;
    if (!fromPrompt && (!frame || event.source !== frame.contentWindow)) return;
    const answer = parseBridgeAnswer(event.data);
    if (!answer || answer.nonce !== nonce) return;
    // The prompt frame answers its load-time ask (guest, showing its button) and, after the shopper's click, again:
    // signed in means access was granted; the session then asks through its own frame, which can now take it.
    if (fromPrompt) {
      if (answer.status === 'signed-in') for (const listener of [...changed]) listener();
      return;
    }
    for (const resolve of [...waiting]) resolve(answer);
  });

  function open(): Promise<void> {
    if (loaded && frame?.isConnected) return loaded;
    frame = host.document.createElement('iframe');
    frame.src = bridgeUrl;
    frame.title = 'Storefront session';
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.style.cssText = 'position:absolute;width:0;height:0;border:0;visibility:hidden';
    const opened = frame;
    loaded = new Promise((resolve) => opened.addEventListener('load', () => resolve(), { once: true }));
    (host.document.body ?? host.document.documentElement).append(frame);
    return loaded;
  }

  // No answer by the session's deadline: the bridge is missing, refuses this origin, or the store refuses framing.
  const unanswered = (signal: AbortSignal) =>
    aborted(signal).catch(() => {
      throw new BcError(
        'ERR_BC_BRIDGE_UNAVAILABLE',
        `The storefront bridge at ${bridgeUrl} did not answer. Install it (bc-customer-elements bridge install) with ` +
          `${host.window.location.origin} among its allowed origins, and let the store allow framing by this origin ` +
          '(docs/bridge.md).',
      );
    });

  const source: TokenSource = async (signal) => {
    await Promise.race([open(), unanswered(signal)]);
    let resolve!: (answer: BridgeAnswer) => void;
    const answered = new Promise<BridgeAnswer>((done) => (resolve = done));
    waiting.add(resolve);
    try {
      frame?.contentWindow?.postMessage(ask, origin);
      const answer = await Promise.race([answered, unanswered(signal)]);
      if (answer.status === 'signed-in') return answer.token;
      if (answer.status === 'unavailable') {
        throw new BcError('ERR_BC_UPSTREAM', 'The storefront bridge could not read the current customer.');
      }
      if (!answer.storageAccess) {
        throw new BcError(
          'ERR_BC_BRIDGE_NO_COOKIES',
          `The browser gives the storefront bridge at ${bridgeUrl} no cookies (third-party cookies blocked), so a ` +
            'shopper signed in there cannot be recognised here. Put the page on the same site as the storefront ' +
            '(docs/bridge.md).',
        );
      }
      return null;
    } finally {
      waiting.delete(resolve);
    }
  };

  // Only where the Storage Access API exists: elsewhere the bridge has no button to offer.
  source.storageAccessFrame = () => {
    if (typeof (host.document as { requestStorageAccess?: unknown }).requestStorageAccess !== 'function') return null;
    if (prompt) return prompt;
    const made = host.document.createElement('iframe');
    made.src = bridgeUrl;
    made.title = 'Continue signed in with the store';
    // Asked once loaded, the bridge answers guest and shows its button when it has no access.
    made.addEventListener('load', () => made.contentWindow?.postMessage(ask, origin));
    prompt = made;
    return made;
  };
  source.onChange = (listener) => void changed.add(listener);
  return source;
}

/** 128 random bits as 22 URL-safe base64 characters. */
function randomNonce(win: Window): string {
  const bytes = win.crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
