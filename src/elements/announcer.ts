/**
 * The page's one polite live region. Every element (and every copy of the library) in a document announces through
 * it, instead of a region per element: a page with 500 prices has one region, and what changes together is said
 * once.
 */

/** Marks the region, so a second copy of the library on the page finds and shares it. */
export const LIVE_REGION_ATTRIBUTE = 'data-bc-live-region';

/**
 * How long messages are gathered before the region speaks: the answers of one price batch, or of a batch split in
 * several requests, and the sign-in that caused them land in one announcement.
 */
const SETTLE_MS = 100;

/** Kept out of the layout but read by screen readers (the elements' `.visually-hidden`, set through the CSSOM). */
const HIDDEN = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  margin: '-1px',
  padding: '0',
  border: '0',
  overflow: 'hidden',
  clipPath: 'inset(50%)',
  whiteSpace: 'nowrap',
} as const;

export interface AnnounceOptions {
  /**
   * Said instead when several different messages with the same `many` are gathered at once: 500 prices changing
   * with a sign-in say "Prices updated", one price chosen says itself.
   */
  readonly many?: string;
}

interface Gathering {
  readonly messages: Map<string, string | undefined>;
}

const gathering = new WeakMap<Document, Gathering>();

/**
 * The document's live region, created (empty, so that what is later written in it is announced) when the first
 * element that may announce connects.
 */
export function liveRegion(document: Document): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[${LIVE_REGION_ATTRIBUTE}]`);
  if (found) return found;
  const region = document.createElement('div');
  region.setAttribute(LIVE_REGION_ATTRIBUTE, '');
  region.setAttribute('role', 'status');
  region.setAttribute('aria-live', 'polite');
  region.setAttribute('aria-atomic', 'true');
  Object.assign(region.style, HIDDEN);
  (document.body ?? document.documentElement).append(region);
  return region;
}

/**
 * Says `message` politely, a moment later, together with whatever else is announced meanwhile (each different
 * message once). Only for what the shopper caused or asked for, never for a page loading.
 */
export function announce(document: Document, message: string, options: AnnounceOptions = {}): void {
  if (!message) return;
  let current = gathering.get(document);
  if (!current) {
    current = { messages: new Map() };
    gathering.set(document, current);
    // Emptied now and written later, so the same words as last time are announced again.
    liveRegion(document).textContent = '';
    const view = document.defaultView ?? globalThis;
    view.setTimeout(() => {
      gathering.delete(document);
      liveRegion(document).textContent = compose(current!.messages);
    }, SETTLE_MS);
  }
  if (!current.messages.has(message)) current.messages.set(message, options.many);
}

/** One text from the gathered messages, in the order they came; several with the same `many` become that. */
function compose(messages: ReadonlyMap<string, string | undefined>): string {
  const counts = new Map<string, number>();
  for (const many of messages.values()) if (many !== undefined) counts.set(many, (counts.get(many) ?? 0) + 1);
  const said = new Set<string>();
  for (const [message, many] of messages) said.add(many !== undefined && counts.get(many)! > 1 ? many : message);
  return [...said].reduce((text, next) => (text === '' ? next : /[.!?]$/.test(text) ? `${text} ${next}` : `${text}. ${next}`), '');
}
