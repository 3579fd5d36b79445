// Test support for the backend suites: per-run secrets, current-customer tokens signed like BigCommerce's, a
// recording logger, and a small scriptable stand-in for the Management API (for unit-level tests; the
// integration suite uses the emulator).
import { CompactSign, type JWTPayload } from 'jose';
import {
  createHandler,
  type FetchHandler,
  type HandlerOptions,
  type Logger,
  type LogFields,
} from '../../../src/server/index.js';

export const STORE_HASH = 'teststore1';
export const CLIENT_ID = 'test-client-id';
export const STOREFRONT = 'https://shop.example.com';
export const API_BASE = 'https://api.example.test';
export const PAGE_ORIGIN = 'https://www.example.com';

/** A fresh random secret for this run (never a fixed string in the tree). */
export function newSecret(bytes = 48): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('base64url');
}

export const SECRET = newSecret();
export const ACCESS_TOKEN = `at-${newSecret(24)}`;

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Claims of a valid current-customer token, as BigCommerce issues them. */
export function currentCustomerClaims(overrides: Record<string, unknown> = {}): JWTPayload {
  const iat = nowSeconds();
  return {
    customer: { id: 42, email: 'jo@example.com', group_id: '6' },
    iss: 'bc/apps',
    sub: STORE_HASH,
    iat,
    exp: iat + 900,
    version: 1,
    aud: CLIENT_ID,
    application_id: CLIENT_ID,
    store_hash: STORE_HASH,
    operation: 'current_customer',
    ...overrides,
  };
}

/**
 * Claims as JSON text, written the way a forger would: a non-finite number becomes `1e309` / `-1e309` (which a
 * JSON parser reads back as ±Infinity) and NaN becomes `null`, where JSON.stringify would write `null` for all three.
 */
function claimsText(claims: JWTPayload): string {
  const marker = '\u0000non-finite:';
  const text = JSON.stringify(claims, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isFinite(value) ? `${marker}${value}` : value,
  );
  return text
    .replaceAll(JSON.stringify(`${marker}Infinity`), '1e309')
    .replaceAll(JSON.stringify(`${marker}-Infinity`), '-1e309')
    .replaceAll(JSON.stringify(`${marker}NaN`), 'null');
}

/**
 * Signs claims exactly as given (no defaults added, no claim checked: out-of-range numbers are signed too), HS512
 * like real BigCommerce unless told otherwise.
 */
export async function signToken(
  claims: JWTPayload,
  {
    alg = 'HS512',
    secret = SECRET,
    header = {},
  }: { alg?: string; secret?: string | Uint8Array; header?: Record<string, unknown> } = {},
): Promise<string> {
  const key = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  return new CompactSign(new TextEncoder().encode(claimsText(claims)))
    .setProtectedHeader({ typ: 'JWT', ...header, alg })
    .sign(key);
}

export async function customerToken(overrides: Record<string, unknown> = {}, alg = 'HS512'): Promise<string> {
  return signToken(currentCustomerClaims(overrides), { alg });
}

/** A logger that keeps every line, as text, for assertions (and for "no secret in any log line"). */
export function recordingLogger(): Logger & {
  lines: { level: string; event: string; fields: LogFields }[];
  text(): string;
} {
  const lines: { level: string; event: string; fields: LogFields }[] = [];
  const add =
    (level: string) =>
    (event: string, fields: LogFields = {}) =>
      void lines.push({ level, event, fields });
  return { lines, info: add('info'), warn: add('warn'), error: add('error'), text: () => JSON.stringify(lines) };
}

/** A price object as BigCommerce writes it. */
export function bcMoney(value: number) {
  return {
    as_entered: value,
    entered_inclusive: false,
    tax_exclusive: value,
    tax_inclusive: Math.round(value * 110) / 100,
  };
}

/** The routes the fake tells apart. */
export type FakeRoute = 'time' | 'pricing' | 'redirect_urls' | 'other';

export interface FakeBigCommerce {
  fetch: typeof fetch;
  /** Calls seen, per route. */
  calls: Record<FakeRoute, number>;
  /** Bodies of the pricing calls seen. */
  pricingBodies: Record<string, unknown>[];
  /** Next answers to give, per route (consumed first); otherwise the default answer. */
  script: Record<string, ((request: Request) => Response | Promise<Response>)[]>;
  storeTime: number;
  checkoutUrl: (cartId: string) => string;
}

/** An in-process Management API: `/v2/time`, `/v3/pricing/products`, `/v3/carts/{id}/redirect_urls`. */
export function fakeBigCommerce(): FakeBigCommerce {
  const fake: FakeBigCommerce = {
    calls: { time: 0, pricing: 0, redirect_urls: 0, other: 0 },
    pricingBodies: [],
    script: {},
    storeTime: nowSeconds(),
    checkoutUrl: (cartId) => `${STOREFRONT}/cart.php?action=loadInCheckout&id=${cartId}&token=${'ab'.repeat(32)}`,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      const prefix = `/stores/${STORE_HASH}`;
      let route: FakeRoute = 'other';
      if (url.pathname === `${prefix}/v2/time`) route = 'time';
      else if (url.pathname === `${prefix}/v3/pricing/products`) route = 'pricing';
      else if (/\/v3\/carts\/[^/]+\/redirect_urls$/.test(url.pathname)) route = 'redirect_urls';
      fake.calls[route] += 1;
      if (request.headers.get('x-auth-token') !== ACCESS_TOKEN)
        return json(401, { status: 401, title: 'Unauthorized' });
      const scripted = fake.script[route]?.shift();
      if (scripted) return scripted(request);
      if (route === 'time') return json(200, { time: fake.storeTime });
      if (route === 'pricing') {
        const body = (await request.json()) as { customer_group_id?: number; items: Record<string, unknown>[] };
        fake.pricingBodies.push(body);
        const discount = body.customer_group_id ? 0.9 : 1;
        return json(200, {
          data: body.items.map((item) => {
            const base = 10 * Number(item['product_id']) + Number(item['variant_id'] ?? 0);
            return {
              product_id: item['product_id'],
              variant_id: item['variant_id'] ?? 1000 + Number(item['product_id']),
              options: item['options'] ?? [],
              reference_request: item,
              price: bcMoney(base),
              sale_price: bcMoney(base - 1),
              calculated_price: bcMoney(Math.round((base - 1) * discount * 100) / 100),
              saved: bcMoney(1),
              price_range: { minimum: bcMoney(base), maximum: bcMoney(base + 5) },
              bulk_pricing: [
                { minimum: 5, maximum: 0, discount_amount: 10, discount_type: 'percent', tax_discount_amount: [] },
              ],
            };
          }),
          meta: {},
        });
      }
      if (route === 'redirect_urls') {
        const cartId = decodeURIComponent(url.pathname.split('/').at(-2)!);
        if (cartId === 'unknown-cart') return json(404, { status: 404, title: 'Not found' });
        return json(201, {
          data: {
            cart_url: `${STOREFRONT}/cart.php?action=load&id=${cartId}&token=${'ab'.repeat(32)}`,
            checkout_url: fake.checkoutUrl(cartId),
            embedded_checkout_url: `${STOREFRONT}/cart.php?embedded=1&action=loadInCheckout&id=${cartId}&token=${'ab'.repeat(32)}`,
          },
          meta: {},
        });
      }
      return json(404, { status: 404 });
    },
  };
  return fake;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function baseOptions(overrides: Partial<HandlerOptions> = {}): HandlerOptions {
  return {
    storeHash: STORE_HASH,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    accessToken: ACCESS_TOKEN,
    storefrontUrl: STOREFRONT,
    apiBaseUrl: API_BASE,
    allowedOrigins: [PAGE_ORIGIN],
    ...overrides,
  };
}

/** A handler on the fake Management API, with a recording logger. */
export function testHandler(overrides: Partial<HandlerOptions> = {}) {
  const bc = fakeBigCommerce();
  const logger = recordingLogger();
  const handler = createHandler(baseOptions({ fetch: bc.fetch, logger, rateLimit: false, ...overrides }));
  return { bc, logger, handler };
}

/** A request to the handler, JSON by default. */
export function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`https://backend.example.com${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: PAGE_ORIGIN, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/**
 * `handler`'s answer, called in process, to `post(path, body)` from `origin`, bearing the shopper's current-customer
 * token when there is one: the status, the headers (one `name,value` a line) and the body as text and parsed.
 */
export async function send(
  handler: FetchHandler,
  path: string,
  body: unknown,
  options: { token?: string | undefined; origin?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.origin) headers['origin'] = options.origin;
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  const response = await handler(post(path, body, headers));
  const text = await response.text();
  return {
    status: response.status,
    headers: [...response.headers].join('\n'),
    text,
    body: JSON.parse(text) as Record<string, any>,
  };
}

export const UNAUTHORIZED_BODY = {
  error: { code: 'ERR_BC_UNAUTHORIZED', message: 'The customer token is missing, invalid or expired.' },
};

/** The backend's session cookie a response sets: its value and its attributes (asserts there is one). */
export function sessionCookieOf(response: Response): { value: string; attributes: string[] } {
  const header = response.headers.get('set-cookie');
  if (!header) throw new Error('no Set-Cookie header');
  const [pair = '', ...attributes] = header.split(';').map((p) => p.trim());
  const at = pair.indexOf('=');
  if (pair.slice(0, at) !== 'bc_customer_session') throw new Error(`another cookie: ${pair.slice(0, at)}`);
  return { value: pair.slice(at + 1), attributes };
}

/** The page origin the session-cookie tests sign in from (an allowed origin of their backends). */
export const SESSION_PAGE = 'http://page.example.test:8080';
/** The emulator's wholesale customer's credentials (group 1). */
export const WHOLESALE = { email: 'wholesale@example.com', password: 'wholesale-demo-1' };

/** POSTs `body` (JSON, or a string as it is) to `url + route`, by default as the page would; the answer read. */
export async function postAsPage(
  url: string,
  route: string,
  body: unknown,
  headers: Record<string, string> = { origin: SESSION_PAGE, 'content-type': 'application/json' },
) {
  const response = await fetch(url + route, {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { response, text, body: JSON.parse(text) as Record<string, any> };
}
