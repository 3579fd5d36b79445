// The backend as a Cloudflare Worker (no nodejs_compat needed: jose and fetch run on workerd's Web APIs).
// Configure with `wrangler secret put BC_CLIENT_SECRET` / `BC_ACCESS_TOKEN` and [vars] in wrangler.toml.
import { createHandler, type FetchHandler } from 'bc-customer-elements/server';

export interface Env {
  BC_STORE_HASH: string;
  BC_CLIENT_ID: string;
  BC_CLIENT_SECRET: string;
  BC_ACCESS_TOKEN: string;
  BC_STOREFRONT_URL: string;
  BC_ALLOWED_ORIGINS?: string;
  BC_API_BASE_URL?: string;
  BC_CHANNEL_ID?: string;
  BC_BASE_PATH?: string;
}

// One handler per isolate, made on the first request (env is only known then) and reused while the isolate
// lives: its price cache and rate-limit buckets are per isolate (see docs/deploying.md).
let handler: FetchHandler | undefined;

function handlerFor(env: Env): FetchHandler {
  handler ??= createHandler({
    storeHash: env.BC_STORE_HASH,
    clientId: env.BC_CLIENT_ID,
    clientSecret: env.BC_CLIENT_SECRET,
    accessToken: env.BC_ACCESS_TOKEN,
    storefrontUrl: env.BC_STOREFRONT_URL,
    allowedOrigins: (env.BC_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    ...(env.BC_API_BASE_URL ? { apiBaseUrl: env.BC_API_BASE_URL } : {}),
    channelId: env.BC_CHANNEL_ID ? Number(env.BC_CHANNEL_ID) : 1,
    basePath: env.BC_BASE_PATH ?? '',
    // Cloudflare puts the shopper's address in this header; it cannot be forged through Cloudflare.
    clientIp: (request) => request.headers.get('cf-connecting-ip') ?? undefined,
  });
  return handler;
}

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    return handlerFor(env)(request);
  },
};
