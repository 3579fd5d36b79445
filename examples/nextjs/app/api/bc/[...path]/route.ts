// The backend as a Next.js App Router route handler: app/api/bc/[...path]/route.ts answers /api/bc/session,
// /api/bc/prices, /api/bc/checkout, /api/bc/health and CORS preflights. Pages use
// <bc-store endpoint="/api/bc" …>. Works in the Node.js runtime and the Edge runtime (Web APIs only).
import { createHandler, forwardedClientIp, type FetchHandler } from 'bc-customer-elements/server';

// No route segment config (`dynamic`): Next.js never caches or prerenders a handler that reads its Request, and a
// new app (create-next-app 16, Cache Components on) refuses `export const dynamic` at `next build`.

// Made on the first request, not at import: `next build` imports route modules without the secrets, and
// createHandler checks its options eagerly. Reused while the server process (or edge isolate) lives.
let handler: FetchHandler | undefined;

function bc(): FetchHandler {
  handler ??= createHandler({
    storeHash: required('BC_STORE_HASH'),
    clientId: required('BC_CLIENT_ID'),
    clientSecret: required('BC_CLIENT_SECRET'),
    accessToken: required('BC_ACCESS_TOKEN'),
    storefrontUrl: required('BC_STOREFRONT_URL'),
    allowedOrigins: (process.env.BC_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    ...(process.env.BC_API_BASE_URL ? { apiBaseUrl: process.env.BC_API_BASE_URL } : {}),
    channelId: Number(process.env.BC_CHANNEL_ID ?? 1),
    basePath: '/api/bc',
    // The client writes the left of x-forwarded-for; each proxy appends on the right. Count the proxies you run
    // (Vercel: 1, it sets the header itself; nginx in front of `next start`: 1; a CDN then nginx: 2).
    clientIp: forwardedClientIp({ trustedHops: Number(process.env.BC_TRUSTED_HOPS ?? 1) }),
  });
  return handler;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export function GET(request: Request): Promise<Response> {
  return bc()(request);
}

export function POST(request: Request): Promise<Response> {
  return bc()(request);
}

export function OPTIONS(request: Request): Promise<Response> {
  return bc()(request);
}
