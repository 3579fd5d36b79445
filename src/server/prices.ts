/**
 * `POST /prices`: the verified customer's group prices (guests get guest prices), cached per
 * (group, channel, currency, item), fetched for the missing items only, in one upstream call per request.
 */
import type { Customer, PricedItem, PricesResponse } from '../protocol.js';
import { HttpError } from './http.js';
import { createSingleFlightCache } from './price-cache.js';
import { itemKey, normalisePricingAnswer, upstreamPricingBody, type ParsedPricesRequest } from './pricing.js';
import { UpstreamStatusError, type Upstream } from './upstream.js';

export interface PriceService {
  prices(request: ParsedPricesRequest, customer: Customer | undefined): Promise<PricesResponse>;
}

export function createPriceService(options: {
  upstream: Upstream;
  channelId: number;
  channelIds: ReadonlySet<number>;
  ttlMs: number;
  maxEntries: number;
  now: () => number;
}): PriceService {
  const { upstream, channelIds } = options;
  const cache = createSingleFlightCache<PricedItem | null>({ ttlMs: options.ttlMs, maxEntries: options.maxEntries, now: options.now });

  return {
    async prices({ currency, channelId: asked, items }, customer) {
      const channelId = asked ?? options.channelId;
      if (!channelIds.has(channelId)) {
        throw new HttpError('ERR_BC_INVALID_REQUEST', { message: 'channelId is not a channel this endpoint serves.' });
      }
      // The group comes from the verified token only. A signed-in customer in no group prices as group 0 (catalog
      // price); a guest sends no group at all, so BigCommerce applies the store's guest group.
      const groupId = customer ? (customer.groupId ?? 0) : undefined;
      const prefix = `${groupId === undefined ? 'guest' : `g${groupId}`}|${channelId}|${currency}|`;

      // One promise per asked item, in the asked order: cached (or in flight for another request), or fresh.
      const answers: (Promise<PricedItem | null> | undefined)[] = items.map((item) => cache.get(prefix + itemKey(item)));
      const missing = items.filter((_, i) => answers[i] === undefined);
      if (missing.length > 0) {
        const batch = upstream({
          route: 'pricing',
          method: 'POST',
          path: '/v3/pricing/products',
          body: upstreamPricingBody(missing, { channelId, currency, groupId }),
        }).then(
          (body) => normalisePricingAnswer(body, missing),
          (error: unknown) => {
            // 422: BigCommerce refused what was asked (a currency the store does not sell): the browser's mistake.
            if (error instanceof UpstreamStatusError && error.upstreamStatus === 422) {
              throw new HttpError('ERR_BC_INVALID_REQUEST', { message: 'BigCommerce cannot price these items in this currency.' });
            }
            throw error;
          },
        );
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
