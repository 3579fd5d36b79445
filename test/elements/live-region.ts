/** Reading the page's one live region (src/elements/announcer.ts) in browser tests. */
import { LIVE_REGION_ATTRIBUTE, announced } from '../../src/elements/announcer.js';

/** Lets what an earlier test made the page announce be said, so that it is not said with this test's. */
export const settleAnnouncements = (): Promise<void> => announced(document);

/** The page's live region. */
export const pageRegion = (): HTMLElement => document.querySelector<HTMLElement>(`[${LIVE_REGION_ATTRIBUTE}]`)!;

/** Every live region in the document, shadow roots included. */
export function liveRegions(root: Document | ShadowRoot = document): Element[] {
  const found = [...root.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"]')];
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) found.push(...liveRegions(el.shadowRoot));
  return found;
}

/**
 * Everything the page's live region says from now on (its non-empty texts, in order), and `next()`: the first
 * announcement not yet taken, now or when it comes. A test that makes the page announce something takes it, or it
 * would be said together with the next test's.
 */
export function recordAnnouncements(): { said: string[]; next(): Promise<string>; stop(): void } {
  const region = pageRegion();
  const said: string[] = [];
  let taken = 0;
  let waiting: ((text: string) => void) | null = null;
  const observer = new MutationObserver(() => {
    const text = region.textContent ?? '';
    if (!text) return;
    said.push(text);
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve(said[taken++]!);
    }
  });
  observer.observe(region, { childList: true, characterData: true, subtree: true });
  return {
    said,
    next: () =>
      taken < said.length ? Promise.resolve(said[taken++]!) : new Promise<string>((resolve) => (waiting = resolve)),
    stop: () => observer.disconnect(),
  };
}
