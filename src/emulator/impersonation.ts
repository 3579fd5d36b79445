/**
 * `POST /v3/storefront/api-token-customer-impersonation`: a GraphQL Storefront token that may act for any customer
 * (with `X-Bc-Customer-Id`). Body `{channel_id | channel_ids, expires_at}` — exactly one of the channel fields;
 * anything else is 422. The token is opaque to its holder; the emulator remembers it until it expires or `reset()`.
 */
import type { EmulatorContext } from './context.js';
import { fromBrowser, isPositiveInt, json, randomHex, readJson, v3Error } from './http.js';

export async function createImpersonationToken(ctx: EmulatorContext, request: Request): Promise<Response> {
  // Server-side only, as BigCommerce: a browser's request (it sends Origin / Sec-Fetch-Site) is refused.
  if (fromBrowser(request)) return v3Error(403, { origin: 'customer impersonation tokens cannot be created from a browser' });
  const body = await readJson(request);
  if (!body.ok) return body.response;
  const input = body.value;
  const errors: Record<string, string> = {};
  const now = Math.floor(ctx.clock.now() / 1000);
  if (!Number.isSafeInteger(input.expires_at)) errors.expires_at = 'is required: a Unix time in seconds';
  else if ((input.expires_at as number) <= now) errors.expires_at = 'must be in the future';
  const hasOne = input.channel_id !== undefined;
  const hasMany = input.channel_ids !== undefined;
  let channelIds: number[] = [];
  if (hasOne === hasMany) errors.channel_id = 'send exactly one of channel_id and channel_ids';
  else if (hasOne) {
    if (!isPositiveInt(input.channel_id)) errors.channel_id = 'must be a positive integer';
    else channelIds = [input.channel_id];
  } else if (!Array.isArray(input.channel_ids) || input.channel_ids.length === 0 || !input.channel_ids.every(isPositiveInt)) {
    errors.channel_ids = 'must be a non-empty array of channel ids';
  } else channelIds = input.channel_ids as number[];
  const unknown = channelIds.find((id) => id !== ctx.catalog.seed.store.channel_id);
  if (unknown !== undefined) errors.channel_id = `channel ${unknown} does not exist`;
  if (Object.keys(errors).length > 0) return v3Error(422, errors);

  // Shaped like a JWT (as real ones are), but only the emulator can check it: it is a random handle.
  const token = `eyJhbGciOiJFUzI1NiJ9.${randomHex(48)}.${randomHex(32)}`;
  ctx.state.impersonationTokens.set(token, { channelIds, expiresAt: input.expires_at as number });
  return json({ data: { token }, meta: {} });
}
