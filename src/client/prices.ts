/**
 * The page's price batchers: every `<bc-group-price>` of one store configuration shares one batcher, whose batches go
 * to the backend's `/prices` with the shopper's token, and whose cache is dropped when the customer changes.
 */
import { BcError } from '../errors.js';
import { ROUTES, type PricesResponse } from '../protocol.js';
import { createBackendClient } from './backend.js';
import type { StoreConfig } from './config.js';
import { createPriceBatcher, type BatchScheduler, type PriceBatcher } from './price-batcher.js';
import { getSession, type Session, type SessionState } from './session.js';

export interface SessionPriceBatcherOptions {
  readonly session: Session;
  /** Sends the JSON body to a backend route (a `BackendClient`'s `postJson`). */
  readonly postJson: <T>(route: string, body: unknown, options?: { signal?: AbortSignal }) => Promise<T>;
  readonly currency: string;
  readonly channelId: number;
  readonly schedule?: BatchScheduler;
  readonly maxItems?: number;
}

/**
 * A price service over a session and a backend. While the session's first check is under way, a batch goes to
 * `/prices` at once, without a token, in parallel with `current.jwt`: its answer is used only once the session says
 * the shopper is a guest (a guest's first price after one round trip), and dropped (the request aborted) when the
 * shopper turns out signed in, whose batch then goes again with the token, so a signed-in shopper is never shown a
 * guest price. Later batches carry the session's token; the cache is dropped on every change of customer or group.
 * A failed current-customer check keeps the page's own prices: the service rejects with its error.
 */
export function createSessionPriceBatcher(options: SessionPriceBatcherOptions): PriceBatcher {
  const { session, postJson } = options;
  const batcher = createPriceBatcher({
    currency: options.currency,
    channelId: options.channelId,
    ...(options.schedule ? { schedule: options.schedule } : {}),
    ...(options.maxItems ? { maxItems: options.maxItems } : {}),
    transport: async (request, signal) => {
      let guess: Promise<PricesResponse> | null = null;
      const guessing = new AbortController();
      const abortGuess = () => guessing.abort(signal.reason);
      if (session.state.status === 'loading') {
        // `token()` is null until the first answer: this request goes as a guest's.
        signal.addEventListener('abort', abortGuess, { once: true });
        guess = postJson<PricesResponse>(ROUTES.prices, request, { signal: guessing.signal });
        guess.catch(() => undefined); // awaited below only for a guest; otherwise dropped
      }
      let state: SessionState;
      try {
        state = await session.ready();
        if (guess && state.status === 'guest') return await guess;
      } finally {
        signal.removeEventListener('abort', abortGuess);
        if (!guessing.signal.aborted) guessing.abort();
      }
      if (state.status === 'error') {
        throw session.error ?? new BcError('ERR_BC_UPSTREAM_UNAVAILABLE', 'The current customer could not be checked.');
      }
      return postJson<PricesResponse>(ROUTES.prices, request, { signal });
    },
  });
  let identity = identityOf(session.state);
  session.subscribe((state) => {
    const next = identityOf(state);
    if (next === null) return; // a check in progress: wait for its outcome
    if (identity !== null && next !== identity) batcher.invalidate();
    identity = next;
  });
  return batcher;
}

const REGISTRY = Symbol.for('bc-customer-elements.price-services');

/**
 * The shared price service for a store configuration: one per (endpoint, storefront, app, channel, currency) per
 * page, even when the library is loaded twice. Throws `TypeError` when the endpoint or app client id is missing.
 */
export function getPriceBatcher(config: StoreConfig): PriceBatcher {
  if (!config.endpoint) throw new TypeError('endpoint must be the backend URL (set `endpoint` on <bc-store>)');
  if (!config.appClientId) throw new TypeError('app-client-id must be set (on <bc-store> or the element)');
  const scope = globalThis as { [REGISTRY]?: Map<string, PriceBatcher> };
  const services = (scope[REGISTRY] ??= new Map());
  const key = JSON.stringify([
    config.endpoint,
    config.storefront,
    config.appClientId,
    config.channelId,
    config.currency,
  ]);
  let service = services.get(key);
  if (!service) {
    const session = getSession(config);
    const backend = createBackendClient({ endpoint: config.endpoint, session });
    service = createSessionPriceBatcher({
      session,
      postJson: (route, body, init) => backend.postJson(route, body, init),
      currency: config.currency,
      channelId: config.channelId,
    });
    services.set(key, service);
  }
  return service;
}

/** What prices depend on: signed in or not, which customer, which group. `null` while loading. */
function identityOf(state: SessionState): string | null {
  if (state.status === 'loading') return null;
  return JSON.stringify([state.status, state.customer?.id ?? null, state.customer?.groupId ?? null]);
}
