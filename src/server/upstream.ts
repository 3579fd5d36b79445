/**
 * Calls to BigCommerce's Management API, with the failure handling the browser must never see the inside of:
 * one deadline per call (retries and waits included), 429 handled as BigCommerce documents it, bounded jittered
 * retries on 5xx and network errors, none on other 4xx, and answers read with a size cap and checked to be JSON.
 * Failures come out as `HttpError`s: 502 (bad answer), 503 (rate limited), 504 (deadline), or `UpstreamStatusError`
 * for a 4xx the caller may want to map itself (an unknown cart).
 */
import { HttpError, readCappedBytes, retryAfter, startDeadline } from './http.js';
import type { Logger } from './log.js';
import type { SharedQuotaHold } from './shared-state.js';

/** Largest upstream answer read, in bytes; a bigger one is a 502. */
export const MAX_UPSTREAM_BYTES = 2 * 1024 * 1024;
/** Retries after a 5xx or a network error. */
export const MAX_SERVER_ERROR_RETRIES = 2;
/** Retries after a 429 without rate-limit headers (platform load). */
export const MAX_BACKOFF_RETRIES = 2;
/**
 * Longest reset a 429 or a spent quota is taken to announce, in ms: BigCommerce's windows are 30 s, so a longer one
 * (a bogus header, a proxy's) holds this backend's calls, and sets `Retry-After`, for a minute at most.
 */
export const MAX_QUOTA_PAUSE_MS = 60_000;

/**
 * A 4xx answer other than 429, for the caller to map (e.g. 404 → cart not found, 401/403 → the readiness check's
 * credentials answer); unmapped, it is a 502 like any other unexpected answer.
 */
export class UpstreamStatusError extends HttpError {
  readonly upstreamStatus: number;
  constructor(upstreamStatus: number) {
    super('ERR_BC_UPSTREAM');
    this.upstreamStatus = upstreamStatus;
  }
}

export interface UpstreamOptions {
  readonly fetch: typeof fetch;
  readonly apiBaseUrl: string;
  readonly storeHash: string;
  readonly accessToken: string;
  readonly timeoutMs: number;
  readonly logger: Logger;
  /**
   * Share of the store's window (`X-Rate-Limit-Requests-Quota`) kept for calls that do not spare it (checkout): calls
   * marked `spareReserve` (prices) wait for the next window once `X-Rate-Limit-Requests-Left` is down to it. Default 0.
   */
  readonly quotaReserve?: number;
  /** Delay base for 5xx retries, in ms (the n-th retry waits about base × 2ⁿ, jittered ±50 %). */
  readonly retryBaseMs?: number;
  /** Delay base for 429-without-headers backoff, in ms. */
  readonly backoffBaseMs?: number;
  readonly random?: () => number;
  /** The quota hold shared with other instances (shared-state.ts): a spent quota any of them saw holds them all. */
  readonly sharedQuota?: SharedQuotaHold;
}

export interface UpstreamRequest {
  /** Route name for logs (`pricing`, `redirect_urls`, `time`). */
  readonly route: string;
  readonly method: 'GET' | 'POST';
  /** Path under `/stores/{hash}`, e.g. `/v3/pricing/products`. */
  readonly path: string;
  readonly body?: unknown;
  /**
   * When the browser's request started (`Date.now()` ms): a route making several calls in a row passes it, so that
   * together they stay within one `timeoutMs` of it rather than one `timeoutMs` each.
   */
  readonly startedAt?: number;
  /** Leave the store's reserved share of the quota to other calls: for calls that can wait or fail softly (prices). */
  readonly spareReserve?: boolean;
}

export type Upstream = (request: UpstreamRequest) => Promise<unknown>;

class DeadlineExceeded extends Error {}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** An answer's text, up to `limit` bytes; rejects when it is bigger or when `aborted` fires (a trickling answer). */
async function readCapped(response: Response, limit: number, aborted: Promise<never>): Promise<string> {
  const bytes = await readCappedBytes(response.body, limit, aborted);
  if (bytes === null) throw new HttpError('ERR_BC_UPSTREAM', { cause: new Error(`answer over ${limit} bytes`) });
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** A rate-limit header when it is a plain count, else `undefined`. */
function countOf(headers: Headers, name: string): number | undefined {
  const value = headers.get(name)?.trim();
  return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : undefined;
}

export function createUpstream(options: UpstreamOptions): Upstream {
  const { logger, timeoutMs } = options;
  const random = options.random ?? Math.random;
  const retryBaseMs = options.retryBaseMs ?? 150;
  const backoffBaseMs = options.backoffBaseMs ?? 400;
  const jitter = (ms: number) => Math.round(ms * (0.5 + random()));
  // The store's quota is shared by every call of this backend (and every app of the store): once BigCommerce says
  // it is spent (a 429, or an answer with X-Rate-Limit-Requests-Left: 0), calls wait for the window to reset. On the
  // monotonic clock: a wall clock stepped back must not stretch the hold.
  let quotaResetsAt = 0;
  const monotonic = () => performance.now();
  // What is left of the store's window: the lowest count announced in it, less the calls sent since and the calls
  // still unanswered when it was announced. Answers come back out of order and other apps spend the same quota, so
  // the estimate only ever goes down within a window, and errs low by at most the calls in flight.
  const reserveShare = options.quotaReserve ?? 0;
  let reserve = 0;
  let left: number | undefined;
  let windowEndsAt = 0;
  let inFlight = 0;
  const learn = (announced: number | undefined, reset: number | undefined, quota: number | undefined) => {
    if (quota !== undefined) reserve = Math.floor(quota * reserveShare);
    if (announced === undefined || reset === undefined) return;
    const t = monotonic();
    const estimate = Math.max(0, announced - inFlight);
    if (left === undefined || t >= windowEndsAt) {
      left = estimate;
      windowEndsAt = t + reset;
    } else left = Math.min(left, estimate);
  };
  const spend = () => {
    if (left !== undefined && monotonic() < windowEndsAt) left = Math.max(0, left - 1);
  };
  /** When a call may be sent: after a spent quota's reset, and for a call sparing the reserve, after this window. */
  const heldUntil = (spareReserve: boolean) =>
    spareReserve && left !== undefined && reserve > 0 && left <= reserve && monotonic() < windowEndsAt
      ? Math.max(quotaResetsAt, windowEndsAt)
      : quotaResetsAt;

  return async function call({ route, method, path, body, startedAt, spareReserve = false }) {
    const deadline = Math.min(Date.now(), startedAt ?? Infinity) + timeoutMs;
    const url = `${options.apiBaseUrl}/stores/${options.storeHash}${path}`;
    const fits = (waitMs: number) => Date.now() + waitMs < deadline - 50;
    let serverErrors = 0;
    let backoffs = 0;
    let rateLimitWaits = 0;

    for (let attempt = 0; ; attempt++) {
      // A spent quota another instance saw holds this one too (the shared store counts the time, so no clocks meet).
      if (options.sharedQuota && rateLimitWaits === 0) {
        const elsewhere = await options.sharedQuota.heldFor();
        if (elsewhere > 0) quotaResetsAt = Math.max(quotaResetsAt, monotonic() + elsewhere);
      }
      // The one wait a call may make for the quota, made before asking rather than after a 429; a call that has
      // already waited asks anyway (its retry), and one whose wait does not fit the deadline is a 503 at once.
      const until = heldUntil(spareReserve);
      const pause = until - monotonic();
      if (pause > 0 && rateLimitWaits === 0) {
        const why = until > quotaResetsAt ? { reserve } : { quotaSpent: true };
        if (!fits(pause)) {
          logger.warn('upstream_rate_limited', { route, waitMs: pause, gaveUp: true, ...why });
          throw new HttpError('ERR_BC_UPSTREAM_UNAVAILABLE', { headers: retryAfter(pause) });
        }
        rateLimitWaits++;
        logger.warn('upstream_rate_limited', { route, waitMs: pause, ...why });
        await sleep(pause);
      }
      spend();
      // Also raced against every await: an injected fetch (or an in-process handler) may ignore the signal.
      const { signal, aborted, clear } = startDeadline(deadline - Date.now(), () => new DeadlineExceeded());
      let response: Response;
      try {
        inFlight++;
        try {
          response = await Promise.race([
            options.fetch(url, {
              method,
              headers: {
                'x-auth-token': options.accessToken,
                accept: 'application/json',
                ...(body === undefined ? {} : { 'content-type': 'application/json' }),
              },
              body: body === undefined ? null : JSON.stringify(body),
              signal,
              redirect: 'manual',
            }),
            aborted,
          ]).finally(() => inFlight--);
        } catch (error) {
          if (signal.aborted) throw new HttpError('ERR_BC_UPSTREAM_TIMEOUT', { cause: error });
          // Connection refused or reset: worth the same bounded retries as a 5xx.
          const wait = jitter(retryBaseMs * 2 ** serverErrors);
          if (serverErrors < MAX_SERVER_ERROR_RETRIES && fits(wait)) {
            serverErrors++;
            logger.warn('upstream_retry', { route, reason: 'network', attempt });
            await sleep(wait);
            continue;
          }
          logger.warn('upstream_failed', {
            route,
            reason: 'network',
            detail: error instanceof Error ? error.message : '',
          });
          throw new HttpError('ERR_BC_UPSTREAM', { cause: error });
        }

        const status = response.status;
        const announced = countOf(response.headers, 'x-rate-limit-time-reset-ms');
        const reset = announced === undefined ? undefined : Math.min(announced, MAX_QUOTA_PAUSE_MS);
        const requestsLeft = countOf(response.headers, 'x-rate-limit-requests-left');
        if (reset !== undefined && (status === 429 || requestsLeft === 0)) {
          quotaResetsAt = Math.max(quotaResetsAt, monotonic() + reset);
          options.sharedQuota?.hold(reset);
        }
        learn(status === 429 ? 0 : requestsLeft, reset, countOf(response.headers, 'x-rate-limit-requests-quota'));
        if (status >= 200 && status < 300) {
          let text: string;
          try {
            text = await readCapped(response, MAX_UPSTREAM_BYTES, aborted);
          } catch (error) {
            if (signal.aborted) throw new HttpError('ERR_BC_UPSTREAM_TIMEOUT', { cause: error });
            logger.warn('upstream_failed', { route, status, reason: 'unreadable body' });
            throw error instanceof HttpError ? error : new HttpError('ERR_BC_UPSTREAM', { cause: error });
          }
          const type = response.headers.get('content-type') ?? '';
          if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type.trim())) {
            logger.warn('upstream_failed', { route, status, reason: 'not json', contentType: type.slice(0, 100) });
            throw new HttpError('ERR_BC_UPSTREAM');
          }
          try {
            return JSON.parse(text) as unknown;
          } catch (error) {
            logger.warn('upstream_failed', { route, status, reason: 'malformed json', bytes: text.length });
            throw new HttpError('ERR_BC_UPSTREAM', { cause: error });
          }
        }

        // Not a success: the body is never read into anything the browser could see.
        void response.body?.cancel().catch(() => {});

        if (status === 429) {
          if (reset !== undefined) {
            if (rateLimitWaits === 0 && fits(reset)) {
              rateLimitWaits++;
              logger.warn('upstream_rate_limited', { route, waitMs: reset });
              await sleep(reset);
              continue;
            }
            logger.warn('upstream_rate_limited', { route, waitMs: reset, gaveUp: true });
            throw new HttpError('ERR_BC_UPSTREAM_UNAVAILABLE', { headers: retryAfter(reset) });
          }
          const wait = jitter(backoffBaseMs * 2 ** backoffs);
          if (backoffs < MAX_BACKOFF_RETRIES && fits(wait)) {
            backoffs++;
            logger.warn('upstream_rate_limited', { route, backoffMs: wait });
            await sleep(wait);
            continue;
          }
          logger.warn('upstream_rate_limited', { route, gaveUp: true });
          throw new HttpError('ERR_BC_UPSTREAM_UNAVAILABLE', { headers: { 'retry-after': '1' } });
        }
        if (status >= 500) {
          const wait = jitter(retryBaseMs * 2 ** serverErrors);
          if (serverErrors < MAX_SERVER_ERROR_RETRIES && fits(wait)) {
            serverErrors++;
            logger.warn('upstream_retry', { route, status, attempt });
            await sleep(wait);
            continue;
          }
          logger.warn('upstream_failed', { route, status });
          throw new HttpError('ERR_BC_UPSTREAM');
        }
        if (status === 401 || status === 403) {
          // Our credentials are wrong or lack a scope: nothing a shopper can fix, everything an operator must.
          logger.error('upstream_auth_failed', {
            route,
            status,
            hint: 'check BC_ACCESS_TOKEN, its scopes and BC_STORE_HASH',
          });
          throw new UpstreamStatusError(status);
        }
        logger.warn('upstream_failed', { route, status });
        throw new UpstreamStatusError(status);
      } catch (error) {
        if (error instanceof HttpError) throw error;
        if (signal.aborted) throw new HttpError('ERR_BC_UPSTREAM_TIMEOUT', { cause: error });
        throw new HttpError('ERR_BC_UPSTREAM', { cause: error });
      } finally {
        clear();
      }
    }
  };
}
