/**
 * The browser core's one deadline for a call to the storefront (the current-customer check, the sign-in): the work
 * gets a signal that aborts with `timeout` after `ms`. A `BcError` the work throws (its own coded failure, or the
 * timeout itself as the aborted fetch's reason) passes through; any other failure after the deadline is `timeout`;
 * any other failure before it is thrown as is, for the caller to name.
 */
import { BcError } from '../errors.js';

/** What a deadline needs of the clock (injectable, as the session's are). */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The page's own timers. */
export const GLOBAL_TIMERS: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};

export async function withDeadline<T>(
  ms: number,
  timeout: BcError,
  work: (signal: AbortSignal) => Promise<T>,
  timers: Timers = GLOBAL_TIMERS,
): Promise<T> {
  const controller = new AbortController();
  const handle = timers.setTimeout(() => controller.abort(timeout), ms);
  try {
    return await work(controller.signal);
  } catch (cause) {
    if (cause instanceof BcError) throw cause;
    if (controller.signal.aborted) throw timeout;
    throw cause;
  } finally {
    timers.clearTimeout(handle);
  }
}
