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
  /** Resolves once the gathered messages are said. */
  readonly said: Promise<void>;
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
    const messages = new Map<string, string | undefined>();
    const view = document.defaultView ?? globalThis;
    const said = new Promise<void>((resolve) =>
      view.setTimeout(() => {
        gathering.delete(document);
        liveRegion(document).textContent = compose(messages);
        resolve();
      }, SETTLE_MS),
    );
    current = { messages, said };
    gathering.set(document, current);
    // Emptied now and written later, so the same words as last time are announced again.
    liveRegion(document).textContent = '';
  }
  if (!current.messages.has(message)) current.messages.set(message, options.many);
}

/** Resolves once what is being gathered for `document`, if anything, has been said (tests wait for it). */
export function announced(document: Document): Promise<void> {
  return gathering.get(document)?.said ?? Promise.resolve();
}

/** One text from the gathered messages, in the order they came; several with the same `many` become that. */
function compose(messages: ReadonlyMap<string, string | undefined>): string {
  const counts = new Map<string, number>();
  for (const many of messages.values()) if (many !== undefined) counts.set(many, (counts.get(many) ?? 0) + 1);
  const said = new Set<string>();
  for (const [message, many] of messages) said.add(many !== undefined && (counts.get(many) ?? 0) > 1 ? many : message);
  return [...said].reduce(
    (text, next) => (text === '' ? next : /[.!?]$/.test(text) ? `${text} ${next}` : `${text}. ${next}`),
    '',
  );
}
