/**
 * `POST /prices`: the verified customer's group prices (guests get guest prices), cached per
 * (group, channel, currency, item), fetched for the missing items only, in one upstream call per request.
 * The REST Pricing API is the default source; `pricing: 'graphql'` swaps in graphql-pricing.ts's.
 */
import type { Customer, PricedItem, PricesResponse } from '../protocol.js';
import type { GraphqlClient } from './graphql-client.js';
import { HttpError, retryAfter } from './http.js';
import { createSingleFlightCache } from './single-flight-cache.js';
import type { Limiter } from './rate-limit.js';
import {
  itemKey,
  normalisePricingAnswer,
  upstreamPricingBody,
  type ParsedPricesRequest,
  type PriceItem,
} from './price-items.js';
import type { SharedPriceCache } from './shared-price-cache.js';
import { UpstreamStatusError, type Upstream } from './upstream.js';

/** How often an instance waiting for another's answer looks in the shared cache, in ms. */
export const LOCK_POLL_MS = 20;

export interface PriceService {
  /**
   * Prices for the shopper; `client` (the client's address, when known) is charged for the upstream calls made.
   * `speakAs`: a GraphQL client speaking for `customer` with the request's own credential (the customer access token
   * of the backend's session), for a source that asks GraphQL as the customer.
   */
  prices(
    request: ParsedPricesRequest,
    customer: Customer | undefined,
    client?: string,
    speakAs?: GraphqlClient,
  ): Promise<PricesResponse>;
}

/** What a source is asked to price for. */
export interface PriceAsk {
  readonly channelId: number;
  readonly currency: string;
  readonly customer: Customer | undefined;
  /** A GraphQL client speaking for `customer` by the request's own credential (see `PriceService.prices`). */
  readonly speakAs?: GraphqlClient | undefined;
}

/** Where prices come from: the REST Pricing API (below) or the GraphQL Storefront API (graphql-pricing.ts). */
export interface PriceSource {
  /** Whether the source can price in this channel at all. */
  servesChannel(channelId: number): boolean;
  /** What a shopper's prices depend on: the cache scope, so shoppers who see the same prices share answers. */
  scope(customer: Customer | undefined): string;
  /** Prices the items for the shopper, keyed by `itemKey`; an item the store cannot price is left out. */
  fetch(items: readonly PriceItem[], asked: PriceAsk): Promise<Map<string, PricedItem>>;
}

/**
 * The /prices service over a source: validates the channel, answers what is cached (or in flight for another
 * request) per (scope, channel, currency, item), and asks the source once for the missing items only.
 */
export function createPriceService(options: {
  source: PriceSource;
  /** A cache shared with other instances, consulted after the in-memory one (with locks: single flight across them). */
  shared?: SharedPriceCache;
  /** How long a single-flight lock across instances lives, and how long another instance waits for its answer, in ms. */
  lockTtlMs?: number;
  channelId: number;
  channelIds: ReadonlySet<number>;
  ttlMs: number;
  maxEntries: number;
  now: () => number;
  /**
   * Upstream calls per client: the store's API quota is shared by every shopper, and asks for never-cached items
   * cost one call each, so one client may only spend so much of it. Cached answers cost nothing and are not counted.
   */
  budget?: Limiter;
}): PriceService {
  const { source, shared, channelIds, budget } = options;
  const lockTtlMs = options.lockTtlMs ?? 8_000;
  const cache = createSingleFlightCache<PricedItem | null>({
    ttlMs: options.ttlMs,
    maxEntries: options.maxEntries,
    now: options.now,
  });

  /** Counts one upstream call against the client's budget; over it, 429 before anything is sent. */
  const charge = (client: string | undefined): void | Promise<void> => {
    if (!budget || client === undefined) return;
    const refuse = (waitMs: number) => {
      if (waitMs > 0) throw new HttpError('ERR_BC_RATE_LIMITED', { headers: retryAfter(waitMs) });
    };
    // The in-memory budget answers at once, so a refusal is thrown before anything becomes a cache entry.
    const waitMs = budget.take(client);
    return typeof waitMs === 'number' ? refuse(waitMs) : waitMs.then(refuse);
  };

  /**
   * The missing items from the shared cache where it has them, the rest from the source (and then shared). With
   * locks (a shared state), single flight spans the instances: an instance asks BigCommerce only for the items whose
   * lock it takes, and waits for the other items' answers in the shared cache while another instance holds their
   * lock, for at most `lockTtlMs` (the lock's own expiry); an item whose lock was freed without an answer (that
   * instance's call failed) is claimed again, and after the wait the instance asks for what is still missing itself.
   */
  const fetchMissing = async (
    missing: readonly PriceItem[],
    asked: PriceAsk,
    prefix: string,
    client: string | undefined,
  ): Promise<Map<string, PricedItem>> => {
    if (!shared) return source.fetch(missing, asked);
    const found = new Map<string, PricedItem>();
    /** Looks `items` up in the shared cache; answers the ones it lacks. */
    const lookUp = async (items: readonly PriceItem[]) => {
      const stored = await Promise.all(items.map((item) => shared.get(prefix + itemKey(item))));
      return items.filter((item, i) => {
        const hit = stored[i];
        if (hit?.v) found.set(itemKey(item), hit.v);
        return hit === undefined;
      });
    };
    /** Asks the source for `items` (charged to the client), shares the answers, then frees the items' locks. */
    const fetchAndShare = async (claimedItems: readonly PriceItem[], claimed: readonly string[], locked: boolean) => {
      try {
        // Looked up again under the lock: another instance may have answered and let go between the first look and
        // the claim.
        const items = locked ? await lookUp(claimedItems) : claimedItems;
        if (items.length === 0) return void shared.settle([], claimed);
        await charge(client);
        const fresh = await source.fetch(items, asked);
        const answers = items.map((item) => [prefix + itemKey(item), fresh.get(itemKey(item)) ?? null] as const);
        for (const [key, priced] of answers) if (priced) found.set(key.slice(prefix.length), priced);
        void shared.settle(answers, claimed);
      } catch (error) {
        void shared.settle([], claimed);
        throw error;
      }
    };

    let waiting = await lookUp(missing);
    const fetches: Promise<void>[] = [];
    const waitEnds = performance.now() + lockTtlMs;
    while (waiting.length > 0) {
      const keys = waiting.map((item) => prefix + itemKey(item));
      const late = performance.now() >= waitEnds;
      const { ours: claimed, locked } = late
        ? { ours: keys.map(() => true), locked: false }
        : await shared.claim(keys, lockTtlMs);
      const ours = waiting.filter((_, i) => claimed[i]);
      if (ours.length > 0) {
        const fetching = fetchAndShare(ours, late ? [] : keys.filter((_, i) => claimed[i]), locked);
        // Handled here at once (awaited below): a failure while this request still waits is no unhandled rejection.
        fetching.catch(() => {});
        fetches.push(fetching);
      }
      waiting = waiting.filter((_, i) => !claimed[i]);
      if (waiting.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
      waiting = await lookUp(waiting);
    }
    await Promise.all(fetches);
    return found;
  };

  return {
    async prices({ currency, channelId: asked, items }, customer, client, speakAs) {
      const channelId = asked ?? options.channelId;
      if (!channelIds.has(channelId) || !source.servesChannel(channelId)) {
        throw new HttpError('ERR_BC_INVALID_REQUEST', { message: 'channelId is not a channel this endpoint serves.' });
      }
      const prefix = `${source.scope(customer)}|${channelId}|${currency}|`;

      // One promise per asked item, in the asked order: cached (or in flight for another request), or fresh.
      const answers: (Promise<PricedItem | null> | undefined)[] = items.map((item) =>
        cache.get(prefix + itemKey(item)),
      );
      const missing = items.filter((_, i) => answers[i] === undefined);
      if (missing.length > 0) {
        // Without a shared cache every miss goes upstream: charged here, before the misses become cache entries that
        // other requests could join. With one, only what the shared cache lacks is charged (in fetchMissing).
        // No await unless the budget is counted elsewhere: the misses must become entries before another request looks.
        const charged = shared ? undefined : charge(client);
        if (charged) await charged;
        const batch = fetchMissing(missing, { channelId, currency, customer, speakAs }, prefix, client);
        items.forEach((item, i) => {
          if (answers[i] !== undefined) return;
          const key = itemKey(item);
          const answer = batch.then((found) => found.get(key) ?? null);
          cache.set(prefix + key, answer);
          answers[i] = answer;
        });
      }
      const resolved = await Promise.all(answers as Promise<PricedItem | null>[]);
      return {
        currency,
        channelId,
        groupId: customer?.groupId ?? null,
        items: resolved.filter((item): item is PricedItem => item !== null),
      };
    },
  };
}

/** Prices from `POST /v3/pricing/products`, one upstream call for all the missing items. */
export function restPriceSource(upstream: Upstream): PriceSource {
  // The group comes from the verified token (or the backend's session) only. A signed-in customer in no group prices as group 0 (catalog
  // price); a guest sends no group at all, so BigCommerce applies the store's guest group.
  const groupOf = (customer: Customer | undefined) => (customer ? (customer.groupId ?? 0) : undefined);
  return {
    servesChannel: () => true,
    scope: (customer) => {
      const groupId = groupOf(customer);
      return groupId === undefined ? 'guest' : `g${groupId}`;
    },
    fetch: (items, { channelId, currency, customer }) =>
      upstream({
        route: 'pricing',
        method: 'POST',
        path: '/v3/pricing/products',
        body: upstreamPricingBody(items, { channelId, currency, groupId: groupOf(customer) }),
        // Prices degrade gracefully (the page's own price shows); checkout must not find the quota spent by them.
        spareReserve: true,
      }).then(
        (body) => normalisePricingAnswer(body, items),
        (error: unknown) => {
          // 422: BigCommerce refused what was asked (a currency the store does not sell): the browser's mistake.
          if (error instanceof UpstreamStatusError && error.upstreamStatus === 422) {
            throw new HttpError('ERR_BC_INVALID_REQUEST', {
              message: 'BigCommerce cannot price these items in this currency.',
            });
          }
          throw error;
        },
      ),
  };
}
