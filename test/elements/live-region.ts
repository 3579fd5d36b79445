/** Reading the page's one live region (src/elements/announcer.ts) in browser tests. */
import { LIVE_REGION_ATTRIBUTE } from '../../src/elements/announcer.js';

/** The page's live region. */
export const pageRegion = (): HTMLElement => document.querySelector<HTMLElement>(`[${LIVE_REGION_ATTRIBUTE}]`)!;

/** Every live region in the document, shadow roots included. */
export function liveRegions(root: Document | ShadowRoot = document): Element[] {
  const found = [...root.querySelectorAll('[aria-live], [role="status"], [role="alert"], [role="log"]')];
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) found.push(...liveRegions(el.shadowRoot));
  return found;
}

/** Everything the page's live region says from now on (its non-empty texts, in order), and a wait for the next. */
export function recordAnnouncements(): { said: string[]; next(): Promise<string>; stop(): void } {
  const region = pageRegion();
  const said: string[] = [];
  const waiting: Array<(text: string) => void> = [];
  const observer = new MutationObserver(() => {
    const text = region.textContent ?? '';
    if (!text) return;
    said.push(text);
    for (const resolve of waiting.splice(0)) resolve(text);
  });
  observer.observe(region, { childList: true, characterData: true, subtree: true });
  return {
    said,
    next: () => new Promise<string>((resolve) => waiting.push(resolve)),
    stop: () => observer.disconnect(),
  };
}
