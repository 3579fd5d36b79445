/**
 * `GET /ready`: whether the backend can work with BigCommerce, proven with one cheap authenticated Management API
 * call (`GET /v2/time`, which needs a valid access token for the configured store hash; it does not prove the token's
 * scopes). The answer, good or bad, is kept for `ttlMs`, and concurrent checks share one call, so probes cannot spend
 * the store's API quota: at most one call per `ttlMs` per backend instance, and never from the checkout reserve.
 * `/health` stays liveness: it never asks BigCommerce.
 */
import type { ReadyResponse } from '../protocol.js';
import { HttpError, errorResponse, jsonResponse, retryAfter } from './http.js';
import type { Logger } from './log.js';
import { UpstreamStatusError, type Upstream } from './upstream.js';

/** How long a readiness answer is kept, in ms. */
export const READINESS_TTL_MS = 30_000;

/** What BigCommerce answering these to the access token means: the store hash or the token is wrong. */
const CREDENTIAL_STATUSES = new Set([401, 403, 404]);

type Verdict = { ready: true } | { ready: false; error: HttpError };

export function createReadiness(options: {
  upstream: Upstream;
  now: () => number;
  logger: Logger;
  ttlMs?: number;
}): () => Promise<Response> {
  const { upstream, now, logger, ttlMs = READINESS_TTL_MS } = options;
  let kept: { verdict: Verdict; at: number } | undefined;
  let pending: Promise<{ verdict: Verdict; at: number }> | undefined;

  const ask = async (): Promise<Verdict> => {
    try {
      await upstream({ route: 'time', method: 'GET', path: '/v2/time', spareReserve: true });
      return { ready: true };
    } catch (error) {
      const status = error instanceof UpstreamStatusError ? error.upstreamStatus : undefined;
      const code =
        status !== undefined && CREDENTIAL_STATUSES.has(status) ? 'ERR_BC_CREDENTIALS_REJECTED' : 'ERR_BC_NOT_READY';
      logger.warn('not_ready', {
        code,
        upstreamStatus: status,
        reason: error instanceof HttpError ? error.code : 'error',
      });
      return { ready: false, error: new HttpError(code, { cause: error }) };
    }
  };

  return async () => {
    let current = kept;
    if (!current || now() - current.at >= ttlMs) {
      pending ??= ask().then((verdict) => {
        kept = { verdict, at: now() };
        pending = undefined;
        return kept;
      });
      current = await pending;
    }
    const { verdict, at } = current;
    if (verdict.ready) return jsonResponse(200, { ready: true } satisfies ReadyResponse);
    const response = errorResponse(verdict.error);
    // Asking again before the kept answer expires would get the same answer.
    for (const [name, value] of Object.entries(retryAfter(ttlMs - (now() - at)))) response.headers.set(name, value);
    return response;
  };
}
