/**
 * Counters for `npm run bench` and the tests: how often the costly steps of a page run (a price formatted, a
 * configuration resolved), where a timing would only be noise. Off unless the page installs the counters, before
 * the library runs, as `globalThis[Symbol.for('bc-customer-elements.probe')] = {}`; then each step adds one to its
 * name. Nothing else is recorded.
 */
export const PROBE = Symbol.for('bc-customer-elements.probe');

/** The steps counted. */
export type ProbeName = 'formatPrice' | 'resolveConfig';

/** Adds one to `name` when the page installed the counters. */
export function count(name: ProbeName): void {
  const counts = (globalThis as { [PROBE]?: Partial<Record<ProbeName, number>> })[PROBE];
  if (counts) counts[name] = (counts[name] ?? 0) + 1;
}
