/**
 * Headless sign-in (issue #17) under real host names over HTTPS: a CMS on another site than the storefront, with the
 * backend on the CMS's own site (the deployment rule of docs/headless-sign-in.md), in a browser that blocks
 * third-party cookies.
 *
 *   https://shop.example.test:PORT   the storefront: the emulator (login form, current.jwt, session-sync, checkout)
 *                                    and the storefront bridge, as `createLocalStore` assembles them
 *   https://www.other.test:PORT      the CMS page (another site), and the backend at /bc behind its own "proxy"
 *   https://api.other.test:PORT      the same backend on a subdomain of the CMS's site (credentialed CORS)
 *   https://evil.other.test:PORT     a sibling subdomain: same site as the CMS (it gets the SameSite=Lax cookie),
 *                                    not an allowed origin
 *   https://www.evil.test:PORT       a page on a third site
 *
 * One HTTPS listener serves every host (Chromium maps the names to 127.0.0.1). The backend reaches the store as it
 * would reach BigCommerce: the Management API and the storefront's /graphql, here through a plain-HTTP listener on
 * 127.0.0.1 because Node cannot resolve the test names (its `fetch` maps the storefront origin there, as a DNS entry
 * would). Every request the backend answers is recorded (route, Origin, whether the session cookie came, status,
 * code), so a test can tell what the browser sent where a page cannot read the answer (CORS).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { BrowserContext } from 'playwright-core';
import { createBackendFor, createLocalStore, type LocalStore } from '../../src/local-site/local-store.js';
import { createStoreApi } from '../../src/bridge/store-api.js';
import { framingSettingsFor } from '../../src/bridge/framing.js';
import { bridgePageHtml } from '../../src/bridge/page.js';
import { DEFAULT_BRIDGE_PATH } from '../../src/bridge/protocol.js';
import { listen, toNodeListener, type Listening } from '../../src/server/node.js';
import type { FetchHandler } from '../../src/server/index.js';
import { defaultSeed } from '../../src/emulator/seed.js';
import { CHROMIUM_ARGS } from '../support/chromium.js';
import { selfSignedCertificate } from '../support/tls.js';
import { launchWithPrefs, pricesFor, PRODUCT_IDS } from './bridge-support.js';
import { ROOT } from './support.js';

/** Where the backend is mounted, on the CMS's origin and on its subdomain alike. */
export const BACKEND_PATH = '/bc';
/** The backend's session cookie (src/server/sign-in.ts). */
export const SESSION_COOKIE = 'bc_customer_session';

const HOSTS = {
  shop: 'shop.example.test',
  cms: 'www.other.test',
  api: 'api.other.test',
  sibling: 'evil.other.test',
  third: 'www.evil.test',
};

/** What the backend saw of one request. */
export interface BackendCall {
  readonly host: string;
  readonly method: string;
  readonly path: string;
  readonly origin: string | null;
  /** Whether the request carried the session cookie. */
  readonly cookie: boolean;
  /** Whether it carried `Authorization`. */
  readonly bearer: boolean;
  readonly status: number;
  /** The `code` of a JSON error answer. */
  readonly code?: string;
  /** `Set-Cookie` of the answer, when any. */
  readonly setCookie?: string;
}

export interface HeadlessWorld {
  readonly port: number;
  /** `https://shop.example.test:PORT`. */
  readonly shop: string;
  /** `https://www.other.test:PORT`: the CMS (another site than the storefront). */
  readonly cms: string;
  /** `https://api.other.test:PORT`: the backend on the CMS's site, another origin. */
  readonly api: string;
  /** `https://evil.other.test:PORT`: same site as the CMS, not allowed. */
  readonly sibling: string;
  /** `https://www.evil.test:PORT`: a third site. */
  readonly third: string;
  /** `http://127.0.0.1:N`: the store for Node-side clients. */
  readonly plain: string;
  readonly store: LocalStore;
  /** Every request the CMS's backend answered, oldest first; `clear()` empties it. */
  readonly calls: BackendCall[];
  /** Opens a Chromium profile that blocks third-party cookies (the user's setting), fresh cookie jar and storage. */
  browser(name: string): Promise<BrowserContext>;
  stop(): Promise<void>;
}

/**
 * The CMS page: the script-tag bundle, `<bc-store>` naming the storefront and the backend (on `api.other.test`, or
 * `?backend=same` for the CMS's own /bc), `<bc-sign-in>`, identity, prices and a checkout button.
 */
function cmsPage(world: { shop: string; cms: string; api: string }, url: URL): string {
  const cart = /^[0-9a-f-]{36}$/.test(url.searchParams.get('cart') ?? '') ? url.searchParams.get('cart')! : '';
  const endpoint = `${url.searchParams.get('backend') === 'same' ? world.cms : world.api}${BACKEND_PATH}`;
  // Each price holds the CMS's own public price in its light DOM, shown while the element has no better one.
  const publicPrices = pricesFor(defaultSeed().store.guest_customer_group_id);
  const prices = PRODUCT_IDS.map(
    (id) =>
      `<li data-product-id="${id}">Product ${id}: <bc-group-price product-id="${id}">${publicPrices[id]}</bc-group-price></li>`,
  ).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="bc-trusted-origins" content="${world.shop} ${new URL(endpoint).origin}">
<title>CMS page</title>
<script>
  window.bcErrors = [];
  window.signIns = [];
  document.addEventListener('bc-error', (e) => bcErrors.push({ code: e.code, message: e.message }));
  document.addEventListener('bc-sign-in', (e) => signIns.push(e.customer));
</script>
<script src="/dist/bc-customer-elements.iife.min.js"></script>
</head>
<body>
<bc-store app-client-id="${defaultSeed().app.client_id}" storefront="${world.shop}" endpoint="${endpoint}"></bc-store>
<header><bc-current-customer><span slot="signed-out">Guest</span></bc-current-customer></header>
<bc-sign-in></bc-sign-in>
<ul>${prices}</ul>
<bc-checkout-button${cart ? ` cart-id="${cart}"` : ''}>Checkout</bc-checkout-button>
</body>
</html>
`;
}

/** A page of an origin the backend does not allow: tests post to the backend from it by hand. */
const probePage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>probe</title></head><body></body></html>`;

function text(body: string, status = 200, type = 'text/html; charset=utf-8'): Response {
  return new Response(body, { status, headers: { 'content-type': type, 'cache-control': 'no-store' } });
}

/** Records what the backend saw and answered. */
function recording(backend: FetchHandler, calls: BackendCall[]): FetchHandler {
  return async (request) => {
    const url = new URL(request.url);
    const cookie = (request.headers.get('cookie') ?? '')
      .split(';')
      .some((c) => c.trim().startsWith(`${SESSION_COOKIE}=`));
    const response = await backend(request);
    let code: string | undefined;
    if (response.status >= 400 && response.headers.get('content-type')?.includes('json')) {
      code = ((await response.clone().json()) as { error?: { code?: string } }).error?.code;
    }
    calls.push({
      host: url.hostname,
      method: request.method,
      path: url.pathname.slice(BACKEND_PATH.length),
      origin: request.headers.get('origin'),
      cookie,
      bearer: request.headers.has('authorization'),
      status: response.status,
      ...(code ? { code } : {}),
      ...(response.headers.getSetCookie().length ? { setCookie: response.headers.getSetCookie().join('\n') } : {}),
    });
    return response;
  };
}

export async function startHeadlessWorld(tmp: string): Promise<HeadlessWorld> {
  const bundle = readFileSync(new URL('dist/bc-customer-elements.iife.min.js', ROOT), 'utf8');
  const calls: BackendCall[] = [];
  let store: LocalStore | undefined;
  let backend: FetchHandler | undefined;
  const world = { shop: '', cms: '', api: '' };
  const isBackend = (url: URL) => url.pathname === BACKEND_PATH || url.pathname.startsWith(`${BACKEND_PATH}/`);

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname === '/dist/bc-customer-elements.iife.min.js')
      return text(bundle, 200, 'text/javascript; charset=utf-8');
    if (url.hostname === HOSTS.shop || url.hostname === '127.0.0.1')
      return (await store!.handle(request)) ?? text('Not found', 404);
    // The CMS's site: the backend on www.other.test/bc (behind the CMS's proxy) and on api.other.test/bc.
    if ((url.hostname === HOSTS.cms || url.hostname === HOSTS.api) && isBackend(url)) return backend!(request);
    if (url.hostname === HOSTS.cms && url.pathname === '/') return text(cmsPage(world, url));
    if (url.pathname === '/probe.html') return text(probePage);
    return text('Not found', 404);
  };

  const names = Object.values(HOSTS).map((host) => `*.${host.split('.').slice(1).join('.')}`);
  const tls = createServer(selfSignedCertificate([...new Set(names)]), toNodeListener(handle));
  await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
  const port = (tls.address() as AddressInfo).port;
  const origin = (host: string) => `https://${host}:${port}`;
  const shop = origin(HOSTS.shop);
  Object.assign(world, { shop, cms: origin(HOSTS.cms), api: origin(HOSTS.api) });
  const plain: Listening = await listen(handle);
  // Node cannot resolve shop.example.test: the backend's calls to the storefront (/graphql) go to the same server
  // over the loopback listener, as a DNS entry would send them.
  const mappedFetch: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    const url = request.url.startsWith(`${shop}/`) ? `${plain.url}${request.url.slice(shop.length)}` : request.url;
    return fetch(new Request(url, request));
  };
  store = createLocalStore({ origin: shop, backend: { apiBaseUrl: plain.url } });
  // The CMS's backend: the storefront is the emulator, the only allowed page origin is the CMS's, and a session
  // secret made for this run (never a constant: a committed secret would be everyone's).
  backend = recording(
    createBackendFor(store.emulator, shop, {
      basePath: BACKEND_PATH,
      apiBaseUrl: plain.url,
      allowedOrigins: [world.cms],
      sessionSecrets: [randomBytes(32).toString('base64')],
      fetch: mappedFetch,
    }),
    calls,
  );

  // The storefront bridge, installed as `bridge install` does, so the CMS page has the token source it would have in
  // production; with third-party cookies blocked it can never see the storefront's session from www.other.test.
  const { storeHash, accessToken, channelId, clientId } = store.emulator.app;
  const storeApi = createStoreApi({ apiBaseUrl: plain.url, storeHash, accessToken });
  await storeApi.updateFramingSettings(
    channelId,
    framingSettingsFor(await storeApi.framingSettings(channelId), [world.cms]),
  );
  await storeApi.createPage({
    channel_id: channelId,
    name: 'Storefront bridge',
    type: 'raw',
    url: DEFAULT_BRIDGE_PATH,
    body: bridgePageHtml({ appClientId: clientId, allowedOrigins: [world.cms] }),
    is_visible: false,
  });

  const rules = [...new Set(Object.values(HOSTS).map((h) => `MAP *.${h.split('.').slice(1).join('.')} 127.0.0.1`))];
  let profiles = 0;
  return {
    port,
    shop,
    cms: world.cms,
    api: world.api,
    sibling: origin(HOSTS.sibling),
    third: origin(HOSTS.third),
    plain: plain.url,
    store,
    calls,
    browser(name) {
      profiles += 1;
      // cookie_controls_mode 1: "Block third-party cookies", as a user sets it in chrome://settings/cookies.
      return launchWithPrefs(
        `${tmp}/${profiles}-${name}`,
        { profile: { cookie_controls_mode: 1 } },
        { args: [...CHROMIUM_ARGS, `--host-resolver-rules=${rules.join(', ')}`, '--ignore-certificate-errors'] },
      );
    },
    async stop() {
      tls.closeAllConnections();
      await new Promise((resolve) => tls.close(resolve));
      await plain.close();
    },
  };
}
