/**
 * Mounts a Fetch-API handler (the emulator, the backend) in @web/test-runner's dev server, so browser tests reach
 * it same-origin over real HTTP with real cookies, as a storefront page reaches BigCommerce.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toNodeListener, type FetchHandler } from '../../src/server/node.js';

interface KoaContext {
  url: string;
  req: IncomingMessage;
  res: ServerResponse;
  respond?: boolean;
}

/** A Koa-style middleware handing the requests `matches` accepts to `handler`. */
export function fetchMiddleware(handler: FetchHandler, matches: (url: URL) => boolean) {
  const listener = toNodeListener(handler);
  return async (ctx: KoaContext, next: () => Promise<unknown>) => {
    const url = new URL(ctx.url, 'http://localhost');
    if (!matches(url)) return next();
    ctx.respond = false;
    await listener(ctx.req, ctx.res);
  };
}
