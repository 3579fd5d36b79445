/** Small Request/Response helpers shared by the emulator's routes. */

/** Where BigCommerce's v3 error bodies point `type`. */
export const ERROR_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

const TITLES: Record<number, string> = {
  400: 'The request is malformed',
  401: 'Unauthorized: the X-Auth-Token header is missing or invalid',
  403: 'You don\u2019t have a required scope to access the endpoint',
  404: 'The requested resource was not found',
  405: 'Method not allowed',
  409: 'The request conflicts with the current state of the resource',
  413: 'The request payload is too large',
  415: 'The Content-Type header must be application/json',
  422: 'JSON data is missing or invalid',
  429: 'Too many requests: the rate limit was exceeded',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

/** Largest request body the emulator reads. */
const MAX_BODY_BYTES = 1024 * 1024;

export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  const response = new Response(JSON.stringify(body), { status, headers });
  response.headers.set('content-type', 'application/json');
  return response;
}

/** BigCommerce's v3 error body: `{status, title, type, errors}`, plus fields some APIs add (Pages: `detail`). */
export function v3Error(
  status: number,
  errors: Record<string, string> = {},
  title = TITLES[status] ?? 'Error',
  extra: Record<string, unknown> = {},
): Response {
  return json({ status, title, type: ERROR_TYPE, ...extra, errors }, status);
}

export function html(body: string, status = 200, headers?: HeadersInit): Response {
  const response = new Response(body, { status, headers });
  response.headers.set('content-type', 'text/html; charset=utf-8');
  response.headers.set('cache-control', 'no-store');
  response.headers.set('x-content-type-options', 'nosniff');
  return response;
}

export function redirect(location: string, headers?: HeadersInit): Response {
  const response = new Response(null, { status: 302, headers });
  response.headers.set('location', location);
  response.headers.set('cache-control', 'no-store');
  return response;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function cookies(request: Request): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) jar.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return jar;
}

/** Reads a body as text within the emulator's size limit; undefined when too large. */
export async function readText(request: Request): Promise<string | undefined> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_BODY_BYTES) return undefined;
  const text = await request.text();
  return new TextEncoder().encode(text).length > MAX_BODY_BYTES ? undefined : text;
}

export type JsonBody = { ok: true; value: Record<string, unknown> } | { ok: false; response: Response };

/**
 * Reads a JSON request body as the Management API does: 415 for other types, 413 when large, 400 when invalid.
 * Any JSON value; `readJson` narrows it to the object most routes take.
 */
export async function readJsonValue(
  request: Request,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) return { ok: false, response: v3Error(415) };
  const text = await readText(request);
  if (text === undefined) return { ok: false, response: v3Error(413) };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, response: v3Error(400, { body: 'The request body is not valid JSON' }) };
  }
}

/** `readJsonValue`, then 422 when the body is not a JSON object. */
export async function readJson(request: Request): Promise<JsonBody> {
  const body = await readJsonValue(request);
  if (!body.ok) return body;
  return isObject(body.value)
    ? { ok: true, value: body.value }
    : { ok: false, response: v3Error(422, { body: 'must be a JSON object' }) };
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isPositiveInt = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

export function randomHex(bytes: number): string {
  const buffer = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(buffer, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The origin the storefront answers on: configured, else the request's own. */
export function storefrontOrigin(request: Request, configured: string | undefined): string {
  return configured ?? new URL(request.url).origin;
}

/**
 * A safe relative redirect target: one path on this origin (no scheme, host, backslash or control character),
 * or undefined.
 */
export function relativePath(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return undefined;
  if (/[\\\u0000-\u001f\u007f]/.test(value) || /%(2f|5c)/i.test(value.slice(0, value.search(/[?#]|$/))))
    return undefined;
  const base = 'http://store.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return undefined;
  }
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : undefined;
}

/**
 * A page of the storefront on `origin`: `value` (a path, a path relative to the root, or an absolute URL on that
 * origin) as a safe relative path (`relativePath`), or undefined for anything off the storefront.
 */
export function storefrontPath(value: unknown, origin: string): string | undefined {
  if (typeof value !== 'string' || /[\\\u0000-\u001f\u007f]/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, `${origin}/`);
  } catch {
    return undefined;
  }
  if (url.origin !== new URL(origin).origin) return undefined;
  return relativePath(`${url.pathname}${url.search}${url.hash}`);
}

/** Whether a request comes from a web browser (browsers send `Origin` on POST and `Sec-Fetch-Site`; servers neither). */
export function fromBrowser(request: Request): boolean {
  return request.headers.has('origin') || request.headers.has('sec-fetch-site');
}
