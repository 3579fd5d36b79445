/** `POST /stores/{hash}/v3/pricing/products`: BigCommerce's batch Pricing API over the seed's price engine. */
import type { EmulatorContext } from './context.js';
import { isObject, isPositiveInt, json, readJson, v3Error } from './http.js';
import type { ItemPricing, OptionRef, PriceRequestItem } from './pricing.js';

type Checked<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

function checkItems(value: unknown): Checked<PriceRequestItem[]> {
  if (!Array.isArray(value) || value.length === 0) return { ok: false, errors: { items: 'must be a non-empty array' } };
  const errors: Record<string, string> = {};
  const items: PriceRequestItem[] = [];
  value.forEach((raw, i) => {
    if (!isObject(raw)) {
      errors[`items.${i}`] = 'must be an object';
      return;
    }
    if (!isPositiveInt(raw.product_id)) errors[`items.${i}.product_id`] = 'must be a positive integer';
    if (raw.variant_id !== undefined && !isPositiveInt(raw.variant_id))
      errors[`items.${i}.variant_id`] = 'must be a positive integer';
    const options: OptionRef[] = [];
    if (raw.options !== undefined) {
      if (!Array.isArray(raw.options)) errors[`items.${i}.options`] = 'must be an array';
      else
        raw.options.forEach((o, j) => {
          if (isObject(o) && isPositiveInt(o.option_id) && isPositiveInt(o.value_id))
            options.push({ option_id: o.option_id, value_id: o.value_id });
          else errors[`items.${i}.options.${j}`] = 'needs integer option_id and value_id';
        });
    }
    items.push({
      product_id: raw.product_id as number,
      ...(raw.variant_id !== undefined ? { variant_id: raw.variant_id as number } : {}),
      ...(raw.options !== undefined ? { options } : {}),
    });
  });
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: items };
}

export async function pricing(ctx: EmulatorContext, request: Request): Promise<Response> {
  const body = await readJson(request);
  if (!body.ok) return body.response;
  const input = body.value;
  const { store } = ctx.catalog.seed;
  const errors: Record<string, string> = {};
  if (!isPositiveInt(input.channel_id)) errors.channel_id = 'is required and must be a positive integer';
  else if (input.channel_id !== store.channel_id) errors.channel_id = `channel ${input.channel_id} does not exist`;
  if (typeof input.currency_code !== 'string') errors.currency_code = 'is required';
  else if (!ctx.prices.supportsCurrency(input.currency_code))
    errors.currency_code = `${input.currency_code} is not a transactional currency of the store`;
  let groupId = store.guest_customer_group_id;
  if (input.customer_id !== undefined) {
    const customer = isPositiveInt(input.customer_id) ? ctx.catalog.customer(input.customer_id) : undefined;
    if (!customer) errors.customer_id = 'does not name a customer';
    else groupId = customer.customer_group_id;
  }
  if (input.customer_group_id !== undefined) {
    if (!(Number.isSafeInteger(input.customer_group_id) && (input.customer_group_id as number) >= 0))
      errors.customer_group_id = 'must be a non-negative integer';
    else if (input.customer_group_id !== 0 && !ctx.catalog.group(input.customer_group_id as number))
      errors.customer_group_id = `customer group ${input.customer_group_id} does not exist`;
    else groupId = input.customer_group_id as number;
  }
  const items = checkItems(input.items);
  if (!items.ok) Object.assign(errors, items.errors);
  if (Object.keys(errors).length > 0 || !items.ok) return v3Error(422, errors);

  const context = { customerGroupId: groupId, currency: input.currency_code as string };
  // Items naming no product, variant or option value of the catalog are left out of `data` [inferred].
  const data = items.value
    .map((item) => ctx.prices.priceItem(item, context))
    .filter((priced): priced is ItemPricing => priced !== undefined);
  return json({ data, meta: {} });
}
