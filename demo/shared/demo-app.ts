/**
 * What the React, Vue and Svelte demos share: the store settings and products of the emulator seed (the same
 * source the CMS page is rendered from), their page prices, the demo-only cart route, and the event log. No framework
 * in here.
 * The seed's public part comes from `virtual:bc-demo-store` (demo/shared/vite-public-store.ts): whatever a bundle
 * imports, every browser can read.
 */
import seed from 'virtual:bc-demo-store';
import { formatPrice, type FormattedPrice } from 'bc-customer-elements/client';
import type { Money } from 'bc-customer-elements/protocol';
import type { DemoProduct } from '../../src/local-site/demo-catalog.js';

export type { DemoProduct };

/** The `<bc-store>` settings, set as properties by each app. */
export const storeSettings = {
  appClientId: seed.app.client_id,
  endpoint: '/bc',
  currency: seed.store.currency,
  channelId: seed.store.channel_id,
} as const;

export const storeName = seed.store.name;

export const products: readonly DemoProduct[] = seed.products;

const publicMoney = (amount: number): Money => ({
  asEntered: amount,
  enteredInclusive: false,
  taxExclusive: amount,
  taxInclusive: amount,
});

/**
 * The page's own price for a product (the light-DOM fallback of `<bc-group-price>`), formatted by the package's own
 * `formatPrice` from the catalog's public prices: the same shape as the group price that replaces it (was and now,
 * the range, the bulk tiers), so nothing moves when it arrives.
 */
export function publicPrice(product: DemoProduct, options: { range: boolean }): FormattedPrice {
  const amounts = product.variants.map((v) => v.publicPrice);
  return formatPrice(
    {
      productId: product.id,
      variantId: product.defaultVariantId,
      options: [],
      price: publicMoney(product.listPrice ?? product.publicPrice),
      calculatedPrice: publicMoney(product.publicPrice),
      ...(product.ranged
        ? { range: { minimum: publicMoney(Math.min(...amounts)), maximum: publicMoney(Math.max(...amounts)) } }
        : {}),
      bulk: product.bulkTiers,
    },
    { locale: seed.store.locale, currency: seed.store.currency, range: options.range },
  );
}

export interface CartLine {
  readonly productId: number;
  readonly variantId: number;
  readonly quantity: number;
  readonly name: string;
}

/** Adds one of a product (its chosen or default variant) to a list of cart lines. */
export function addLine(lines: readonly CartLine[], product: DemoProduct, variantId: number | null): CartLine[] {
  const variant = variantId ?? product.defaultVariantId;
  const label = product.variants.find((v) => v.id === variant)?.label;
  const name = label ? `${product.name} (${label})` : product.name;
  const found = lines.some((l) => l.productId === product.id && l.variantId === variant);
  return found
    ? lines.map((l) => (l.productId === product.id && l.variantId === variant ? { ...l, quantity: l.quantity + 1 } : l))
    : [...lines, { productId: product.id, variantId: variant, quantity: 1, name }];
}

/** Creates a store cart holding `lines` through the demo server's demo-only `/demo/cart`; resolves with its id. */
export async function createCart(lines: readonly CartLine[]): Promise<string> {
  const response = await fetch('/demo/cart', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      items: lines.map(({ productId, variantId, quantity }) => ({ productId, variantId, quantity })),
    }),
  });
  if (!response.ok) throw new Error(`The demo cart could not be created (${response.status}).`);
  return ((await response.json()) as { cartId: string }).cartId;
}

/** One line of an app's event log. */
export interface LoggedEvent {
  readonly id: number;
  readonly type: string;
  readonly text: string;
}

let nextId = 1;

/** Describes a bc-* event for the log (text only: an email is data, never markup). */
export function describeEvent(event: Event): LoggedEvent {
  let text = '';
  if (event.type === 'bc-customer-change') {
    const e = event as HTMLElementEventMap['bc-customer-change'];
    text = e.customer ? `signed-in: ${e.customer.email} (group ${e.customer.groupId ?? 'none'})` : e.status;
  } else if (event.type === 'bc-price-change') {
    const e = event as HTMLElementEventMap['bc-price-change'];
    const product = products.find((p) => p.id === e.price.productId);
    text = `${product?.name ?? e.price.productId}: ${e.text}`;
  } else if (event.type === 'bc-error') {
    const e = event as HTMLElementEventMap['bc-error'];
    text = `${e.code}: ${e.message}`;
  } else if (event.type === 'bc-checkout') {
    const e = event as HTMLElementEventMap['bc-checkout'];
    text = e.signedIn ? 'to checkout, signed in' : 'to checkout as a guest';
  }
  return { id: nextId++, type: event.type, text };
}

/**
 * Keeps the newest `max` entries, oldest first: a new entry goes below the others instead of pushing every one
 * down (a layout shift each event), and `followLog` keeps it in view.
 */
export function pushLog(log: readonly LoggedEvent[], entry: LoggedEvent, max = 200): LoggedEvent[] {
  return [...log, entry].slice(-max);
}

/**
 * Keeps a scrolling log at its newest entry while the reader is there (scrolling is not a layout shift). Takes the
 * list (a React ref callback gets `null` too) and returns what stops it.
 */
export function followLog(list: HTMLElement | null): (() => void) | undefined {
  if (!list) return undefined;
  let atEnd = true;
  const onScroll = () => (atEnd = list.scrollTop + list.clientHeight >= list.scrollHeight - 4);
  const observer = new MutationObserver(() => {
    if (atEnd) list.scrollTop = list.scrollHeight;
  });
  list.addEventListener('scroll', onScroll);
  observer.observe(list, { childList: true });
  return () => {
    observer.disconnect();
    list.removeEventListener('scroll', onScroll);
  };
}
