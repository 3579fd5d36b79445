import { BcError } from '../errors.js';
import {
  itemKey,
  MAX_ITEM_OPTIONS,
  normalizeOptions,
  type OptionSelection,
  type PriceItemRequest,
  type PricedItem,
} from '../protocol.js';

// The item rules both sides share live in protocol.ts; re-exported for the browser core's modules.
export { itemKey, normalizeOptions };

/**
 * Parses the `options` attribute of `<bc-group-price>`: JSON (`[{"optionId":1,"valueId":2}]` or `{"1":2}`) or the
 * short form `optionId:valueId,…` (`"1:2, 3:4"`). Empty or absent means no options. Bad input is a coded `BcError`
 * (it comes from page markup, not from the programmer's code), so the element can report it with `bc-error`.
 */
export function parseOptions(text: string | null | undefined): OptionSelection[] {
  const source = (text ?? '').trim();
  if (source === '') return [];
  let pairs: Array<[unknown, unknown]>;
  if (source.startsWith('[') || source.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(source);
    } catch (cause) {
      throw new BcError('ERR_BC_INVALID_OPTIONS', 'options is not valid JSON', { cause });
    }
    if (Array.isArray(parsed)) {
      pairs = parsed.map((entry: unknown) => {
        const record = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
        return [record.optionId, record.valueId];
      });
    } else {
      pairs = Object.entries(parsed as Record<string, unknown>);
    }
  } else {
    pairs = source.split(',').map((pair) => {
      const [optionId, valueId, extra] = pair.split(':');
      return extra === undefined ? [optionId?.trim(), valueId?.trim()] : [undefined, undefined];
    });
  }
  const options = pairs.map(([optionId, valueId]) => ({ optionId: toId(optionId), valueId: toId(valueId) }));
  if (options.some((option) => option.optionId === null || option.valueId === null)) {
    throw new BcError('ERR_BC_INVALID_OPTIONS', 'options must be optionId:valueId pairs of positive integers');
  }
  if (options.length > MAX_ITEM_OPTIONS) {
    throw new BcError('ERR_BC_INVALID_OPTIONS', `at most ${MAX_ITEM_OPTIONS} options per item`);
  }
  return normalizeOptions(options as OptionSelection[]);
}

/** A positive safe integer from a number or a decimal string, else `null`. */
export function toId(value: unknown): number | null {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(number) && number > 0 ? number : null;
}

/** The request form of an item: normalized options, no empty fields. */
export function normalizeItem(item: PriceItemRequest): PriceItemRequest {
  const options = normalizeOptions(item.options ?? []);
  return {
    productId: item.productId,
    ...(item.variantId === undefined ? {} : { variantId: item.variantId }),
    ...(options.length === 0 ? {} : { options }),
  };
}

/**
 * Whether a priced item answers a requested one. An item asked without a variant may come back with the product's
 * default variant filled in, so the variant only has to match when one was asked for.
 */
export function answers(priced: PricedItem, asked: PriceItemRequest): boolean {
  if (priced.productId !== asked.productId) return false;
  if (asked.variantId !== undefined && priced.variantId !== asked.variantId) return false;
  const want = normalizeOptions(asked.options ?? []);
  const got = normalizeOptions(priced.options ?? []);
  return (
    want.length === got.length && want.every((o, i) => o.optionId === got[i]?.optionId && o.valueId === got[i]?.valueId)
  );
}
