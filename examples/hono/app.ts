// The backend inside a Hono app. The handler is a Fetch handler, so the same app runs on Node
// (`serve({ fetch: app.fetch })` from @hono/node-server), Bun (`export default app`), Deno (`Deno.serve(app.fetch)`)
// and Cloudflare Workers (`export default app`, options from `c.env`).
import { Hono } from 'hono';
import { createHandler, forwardedClientIp, type HandlerOptions } from 'bc-customer-elements/server';

export const BASE_PATH = '/bc';

export function createApp(options: HandlerOptions): Hono {
  // Created once per app (one process or isolate), not per request: it keeps the price cache, the rate-limit
  // buckets and the imported signing key.
  const bc = createHandler({
    ...options,
    basePath: BASE_PATH,
    // The per-client limits need the shopper's address. Behind one proxy or load balancer (the usual deployment)
    // it is the right-most x-forwarded-for entry; on Workers pass `(r) => r.headers.get('cf-connecting-ip') ?? undefined`.
    clientIp: options.clientIp ?? forwardedClientIp({ trustedHops: 1 }),
  });
  const app = new Hono();
  // c.req.raw is the original Request: its body has not been read, so the handler's size limits apply.
  app.all(`${BASE_PATH}/*`, (c) => bc(c.req.raw));
  app.get('/', (c) => c.text('Your app; the bc-customer-elements backend is under /bc.'));
  return app;
}
