// The backend inside an Express 5 app: the bc-customer-elements handler answers /bc/*, the rest is yours.
//   BC_STORE_HASH=… BC_CLIENT_ID=… BC_CLIENT_SECRET=… BC_ACCESS_TOKEN=… BC_STOREFRONT_URL=https://shop.example.com \
//   BC_ALLOWED_ORIGINS=https://www.example.com node --import tsx examples/express/server.ts
// Pages then use <bc-store endpoint="https://this-server/bc" …>.
import express, { type Express } from 'express';
import { createHandler, type HandlerOptions } from 'bc-customer-elements/server';
import { clientAddress, serveOptionsFromEnv, toNodeListener } from 'bc-customer-elements/server/node';
import { pathToFileURL } from 'node:url';

export const BASE_PATH = '/bc';

export function createApp(options: HandlerOptions): Express {
  const bc = toNodeListener(
    createHandler({
      ...options,
      // Express leaves req.url whole on app.all(), so the handler sees /bc/… and routes on basePath.
      basePath: BASE_PATH,
      // The socket's address for the per-client limits. Behind proxies you run, pass
      // `forwardedClientIp({ trustedHops: n })` instead (n = how many of them append to x-forwarded-for).
      clientIp: options.clientIp ?? clientAddress,
    }),
  );
  const app = express();
  app.disable('x-powered-by');
  // Mount before any body parser: the handler reads (and size-limits) the raw body stream itself.
  app.all(`${BASE_PATH}/*path`, bc);
  app.get('/', (_req, res) => {
    res.type('text').send('Your app; the bc-customer-elements backend is under /bc.');
  });
  return app;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { port, host, ...options } = serveOptionsFromEnv();
  createApp(options).listen(port ?? 3001, host ?? '127.0.0.1', () => {
    console.log(`listening on http://${host}:${port}${BASE_PATH}`);
  });
}
