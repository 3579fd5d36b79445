import { BcError } from '../errors.js';
import {
  MAX_PRICE_ITEMS,
  type PriceItemRequest,
  type PricedItem,
  type PricesRequest,
  type PricesResponse,
} from '../protocol.js';
import { answers, itemKey, normalizeItem } from './price-item.js';

/** Sends one `/prices` request; the price service calls it once per batch (per chunk past `maxItems`). */
export type PriceTransport = (request: PricesRequest, signal: AbortSignal) => Promise<PricesResponse>;

/** Calls `flush` once, later: when the asks of the current frame or task are in. */
export type BatchScheduler = (flush: () => void) => void;

export interface PriceBatcherOptions {
  readonly transport: PriceTransport;
  readonly currency: string;
  readonly channelId?: number;
  /** Default: the next animation frame, or 100 ms when frames do not come (a hidden tab). */
  readonly schedule?: BatchScheduler;
  /** Most items per request; larger batches are split. Default `MAX_PRICE_ITEMS`. */
  readonly maxItems?: number;
}

export interface PriceAskOptions {
  /** Aborting withdraws the ask (a variant changed): the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

/**
 * Collects the price asks of every element on the page, sends each item once per batch, and caches the answers.
 * The cache belongs to one shopper identity: `invalidate()` (called when the customer changes) drops it, cancels
 * the batches in flight and asks their waiting items again under the new identity.
 */
export interface PriceBatcher {
  /** The item's price: from the cache, or from the next batch. */
  get(item: PriceItemRequest, options?: PriceAskOptions): Promise<PricedItem>;
  /** The cached price, without asking. */
  peek(item: PriceItemRequest): PricedItem | undefined;
  /** Drops the cache and re-asks what is in flight; then tells the subscribers to re-price. */
  invalidate(): void;
  /** `listener` runs after each `invalidate()`. */
  subscribe(listener: () => void): () => void;
  /** The group of the last answer (`null` for guests and customers in no group; `undefined` before any). */
  readonly groupId: number | null | undefined;
}

// Internal records: their fields are `_`-prefixed so the script-tag build shortens them (see rollup.config.mjs).
interface Waiter {
  _resolve(item: PricedItem): void;
  _reject(error: unknown): void;
  _signal: AbortSignal | undefined;
  _onAbort: (() => void) | undefined;
}

interface Entry {
  _key: string;
  _item: PriceItemRequest;
  _waiters: Set<Waiter>;
}

/** The default scheduler: the next frame, or 100 ms when frames are throttled away. */
export const frameScheduler: BatchScheduler = (flush) => {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
    clearTimeout(timer);
    flush();
  };
  const frame = typeof requestAnimationFrame === 'function' ? requestAnimationFrame(run) : 0;
  const timer = setTimeout(run, typeof requestAnimationFrame === 'function' ? 100 : 0);
};

/** Creates a price batcher over a transport. Throws `TypeError` for bad options. */
export function createPriceBatcher(options: PriceBatcherOptions): PriceBatcher {
  if (typeof options.transport !== 'function') throw new TypeError('transport must be a function');
  if (!/^[A-Z]{3}$/.test(options.currency))
    throw new TypeError(`currency must be an ISO 4217 code, got "${options.currency}"`);
  const maxItems = options.maxItems ?? MAX_PRICE_ITEMS;
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > MAX_PRICE_ITEMS) {
    throw new TypeError(`maxItems must be an integer from 1 to ${MAX_PRICE_ITEMS}`);
  }
  const schedule = options.schedule ?? frameScheduler;
  const { transport, currency, channelId } = options;

  let cache = new Map<string, PricedItem>();
  const queue = new Map<string, Entry>();
  const inFlight = new Map<AbortController, Entry[]>();
  const flying = new Map<string, Entry>();
  const listeners = new Set<() => void>();
  let scheduled = false;
  let groupId: number | null | undefined;

  const stopWatchingAbort = (waiter: Waiter) => {
    if (waiter._onAbort) waiter._signal?.removeEventListener('abort', waiter._onAbort);
  };

  const enqueue = (entry: Entry) => {
    const queued = queue.get(entry._key);
    if (queued) {
      for (const waiter of entry._waiters) queued._waiters.add(waiter);
      entry._waiters = queued._waiters;
    } else {
      queue.set(entry._key, entry);
    }
    if (!scheduled) {
      scheduled = true;
      schedule(flush);
    }
  };

  const flush = () => {
    scheduled = false;
    const entries = [...queue.values()].filter((entry) => entry._waiters.size > 0);
    queue.clear();
    for (let start = 0; start < entries.length; start += maxItems) {
      void send(entries.slice(start, start + maxItems));
    }
  };

  const send = async (entries: Entry[]) => {
    const controller = new AbortController();
    inFlight.set(controller, entries);
    for (const entry of entries) flying.set(entry._key, entry);
    const request: PricesRequest = {
      currency,
      ...(channelId === undefined ? {} : { channelId }),
      items: entries.map((entry) => entry._item),
    };
    let response: PricesResponse | undefined;
    let failure: unknown;
    try {
      response = await transport(request, controller.signal);
    } catch (error) {
      failure = error;
    }
    // An invalidated batch was already handed to the next one (or dropped): its answer belongs to another identity.
    if (!inFlight.delete(controller)) return;
    for (const entry of entries) if (flying.get(entry._key) === entry) flying.delete(entry._key);
    const items = response && Array.isArray(response.items) ? response.items : undefined;
    if (response && items) groupId = response.groupId ?? null;
    entries.forEach((entry, index) => {
      let priced: PricedItem | undefined;
      if (items) {
        const atIndex = items[index];
        priced =
          atIndex && answers(atIndex, entry._item)
            ? atIndex
            : items.find((candidate) => answers(candidate, entry._item));
        if (priced) cache.set(entry._key, priced);
      }
      const error =
        failure ??
        (items
          ? new BcError('ERR_BC_PRICE_MISSING', `the backend sent no price for product ${entry._item.productId}`)
          : new BcError('ERR_BC_UPSTREAM', 'the backend sent a malformed price answer'));
      for (const waiter of entry._waiters) {
        stopWatchingAbort(waiter);
        if (priced) waiter._resolve(priced);
        else waiter._reject(error);
      }
    });
  };

  return {
    get(item, { signal } = {}) {
      const normalized = normalizeItem(item);
      const key = itemKey(normalized);
      const cached = cache.get(key);
      if (cached) return Promise.resolve(cached);
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<PricedItem>((resolve, reject) => {
        // An item already on its way is not asked again: the ask waits for that answer.
        const entry: Entry = flying.get(key) ?? { _key: key, _item: normalized, _waiters: new Set() };
        const waiter: Waiter = { _resolve: resolve, _reject: reject, _signal: signal, _onAbort: undefined };
        if (signal) {
          waiter._onAbort = () => {
            entry._waiters.delete(waiter);
            reject(signal.reason);
          };
          signal.addEventListener('abort', waiter._onAbort, { once: true });
        }
        entry._waiters.add(waiter);
        if (!flying.has(key)) enqueue(entry);
      });
    },

    peek(item) {
      return cache.get(itemKey(item));
    },

    invalidate() {
      cache = new Map();
      groupId = undefined;
      const pending = [...inFlight];
      inFlight.clear();
      flying.clear();
      for (const [controller, entries] of pending) {
        controller.abort(new BcError('ERR_BC_CUSTOMER_CHANGED', 'the customer changed'));
        for (const entry of entries) if (entry._waiters.size > 0) enqueue(entry);
      }
      for (const listener of [...listeners]) listener();
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    get groupId() {
      return groupId;
    },
  };
}
