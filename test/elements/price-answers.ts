/** Price services for element tests: answers built from a pricer, and a service that answers at once. */
import { render, type TemplateResult } from 'lit';
import { oneEvent } from '@open-wc/testing';
import { createPriceBatcher, type PriceBatcher } from '../../src/client/price-batcher.js';
import type { Money, PriceItemRequest, PricedItem, PricesRequest, PricesResponse } from '../../src/protocol.js';

export const money = (exclusive: number, inclusive = exclusive): Money => ({
  asEntered: exclusive,
  enteredInclusive: false,
  taxExclusive: exclusive,
  taxInclusive: inclusive,
});

/** What an item costs, over a default of $30.00 list and calculated. */
export type Pricer = (item: PriceItemRequest) => Partial<PricedItem>;

/** The backend's answer to `request`, each item priced by `pricer`. */
export function answerTo(request: PricesRequest, pricer: Pricer): PricesResponse {
  return {
    currency: request.currency,
    channelId: 1,
    groupId: null,
    items: request.items.map((item) => ({
      productId: item.productId,
      variantId: item.variantId ?? null,
      options: item.options ?? [],
      price: money(30),
      calculatedPrice: money(30),
      ...pricer(item),
    })),
  };
}

/** A price service answering each batch at once (a microtask later); `requests()` counts the batches. */
export function instantPrices(pricer: Pricer): PriceBatcher & { requests(): number } {
  let requests = 0;
  const batcher = createPriceBatcher({
    currency: 'USD',
    schedule: (flush) => queueMicrotask(flush),
    transport: async (request) => {
      requests += 1;
      return answerTo(request, pricer);
    },
  });
  return {
    ...batcher,
    get groupId() {
      return batcher.groupId;
    },
    requests: () => requests,
  };
}

const mounted: HTMLElement[] = [];

/** Renders `template` in a new container, with the first event of `type` from inside it (heard from the start). */
export function mount<K extends keyof GlobalEventHandlersEventMap>(template: TemplateResult, type: K) {
  const container = document.createElement('div');
  document.body.append(container);
  mounted.push(container);
  const first = oneEvent(container, type) as unknown as Promise<GlobalEventHandlersEventMap[K]>;
  render(template, container);
  return { container, first };
}

/** Removes what `mount` rendered (an `afterEach`). */
export function unmount(): void {
  for (const container of mounted.splice(0)) container.remove();
}
