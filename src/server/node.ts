/**
 * The Node adapter: runs a Fetch-API handler (the backend, the emulator, or both) on node:http.
 * The only server file that may import node:* modules; everything else runs on Web APIs alone.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { createHandler } from './handler.js';
import { errorResponse, HttpError } from './http.js';
import { integerEnv, portEnv } from './env.js';
import { OptionError, resolveOptions, type HandlerOptions } from './options.js';

/** A Fetch-API request handler. */
export type FetchHandler = (request: Request) => Promise<Response>;

const clientAddresses = new WeakMap<Request, string>();

/** The socket address a request built by `toRequest` came from (Web APIs do not carry it). */
export function clientAddress(request: Request): string | undefined {
  return clientAddresses.get(request);
}

// Methods Fetch refuses to build a `Request` for. Of these node:http passes only TRACE to a request listener (it
// refuses TRACK itself and sends CONNECT to its own event); the others are listed for servers that might pass them.
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

// A Host value as RFC 9110 allows it, without userinfo, path or spaces: a name or IPv4 address, or a bracketed IPv6
// address, and an optional port (its range is left to the URL parser).
const HOST = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * Builds the Fetch `Request` for a Node request; the body streams, so size limits apply before it is read.
 * Its signal aborts when the client goes away before the response is finished. Never throws: what a client sent
 * that Fetch cannot represent (a malformed `Host`, a forbidden method) comes back as the `HttpError` to answer.
 */
export function toRequest(req: IncomingMessage, res: ServerResponse): Request | HttpError {
  const method = req.method ?? 'GET';
  if (FORBIDDEN_METHODS.has(method)) return new HttpError('ERR_BC_METHOD_NOT_ALLOWED');
  const host = req.headers.host ?? 'localhost';
  if (!HOST.test(host)) return new HttpError('ERR_BC_INVALID_REQUEST');
  let url: URL;
  try {
    // Served by node:https (a TLS socket), the request's URL is https: what the handler decides by it (a cookie's
    // `Secure`, its own origin for CORS) must see the scheme the browser used.
    const scheme = (req.socket as Socket & { encrypted?: boolean }).encrypted ? 'https' : 'http';
    url = new URL(req.url ?? '/', `${scheme}://${host}`);
  } catch {
    return new HttpError('ERR_BC_INVALID_REQUEST'); // e.g. a port over 65535
  }
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const [name, value] = [req.rawHeaders[i], req.rawHeaders[i + 1]];
    if (name !== undefined && value !== undefined) headers.append(name, value);
  }
  const controller = new AbortController();
  // One listener per response: a listener per request on a kept-alive socket would pile up.
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const hasBody = method !== 'GET' && method !== 'HEAD';
  let request: Request;
  try {
    request = new Request(url, {
      method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
      signal: controller.signal,
      // Node's fetch needs this for a streamed request body.
      ...(hasBody ? { duplex: 'half' } : {}),
    });
  } catch (cause) {
    // Anything else Fetch refuses that node:http let through is the client's doing, not ours.
    return new HttpError('ERR_BC_INVALID_REQUEST', { cause });
  }
  if (req.socket.remoteAddress) clientAddresses.set(request, req.socket.remoteAddress);
  return request;
}

/** Writes a Fetch `Response` to a Node response, streaming its body (a slow upstream stays slow). */
export async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key !== 'set-cookie') headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  // A body not read to its end (a 413 or 415 answered early) leaves the rest of it on the socket, where it would be
  // parsed as the next request: close the connection after this answer instead of keeping it alive.
  if (!res.req.complete) headers['connection'] = 'close';
  res.writeHead(response.status, response.statusText, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.once('close', () => void reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise((resolve) => res.once('drain', resolve));
    }
  } catch {
    // The client went away or the body failed mid-stream: nothing more can be sent.
  }
  res.end();
}

/**
 * A node:http request listener for a Fetch-API handler; its promise settles once the response is written (it never
 * rejects). Client garbage gets a coded 4xx, a throwing handler a generic 500, both with the usual headers.
 */
export function toNodeListener(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    let response: Response;
    try {
      const request = toRequest(req, res);
      response = request instanceof HttpError ? errorResponse(request) : await handler(request);
    } catch {
      response = errorResponse(new HttpError('ERR_BC_INTERNAL'));
    }
    await writeResponse(response, res);
  };
}

/** A running server: its base URL and a way to stop it. */
export interface Listening {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/** Where `listen()` serves, and the limits that keep slow or numerous connections from starving everyone else. */
export interface ListenOptions {
  /** Port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface; default 127.0.0.1. */
  host?: string;
  /** Milliseconds a client has to send a request's headers; default 10 000. */
  headersTimeoutMs?: number;
  /** Milliseconds a client has to send a whole request, body included; default 30 000. */
  requestTimeoutMs?: number;
  /** Connections open at once; more are closed on arrival. Default 10 000. */
  maxConnections?: number;
  /** Connections open at once from one client address; more are closed on arrival. Default 256; 0 turns it off. */
  maxConnectionsPerAddress?: number;
}

/** The limits `listen()` applies unless told otherwise. */
export const LISTEN_DEFAULTS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxConnections: 10_000,
  maxConnectionsPerAddress: 256,
} as const;

/** Serves a handler on `host:port` (port 0 picks a free one) and resolves once it is listening. */
export function listen(handler: FetchHandler, options: ListenOptions = {}): Promise<Listening> {
  const {
    port = 0,
    host = '127.0.0.1',
    headersTimeoutMs = LISTEN_DEFAULTS.headersTimeoutMs,
    requestTimeoutMs = LISTEN_DEFAULTS.requestTimeoutMs,
    maxConnections = LISTEN_DEFAULTS.maxConnections,
    maxConnectionsPerAddress = LISTEN_DEFAULTS.maxConnectionsPerAddress,
  } = options;
  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      // node:http looks for expired requests every 30 s by default, which holds a slow client up to 30 s past its
      // timeout; look often enough that the timeouts above mean what they say.
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, headersTimeoutMs / 4)),
    },
    toNodeListener(handler),
  );
  server.keepAliveTimeout = 5_000;
  // node:http closes connections over this on arrival (before any 'connection' event).
  server.maxConnections = maxConnections;
  if (maxConnectionsPerAddress > 0) limitPerAddress(server, maxConnectionsPerAddress);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address() as AddressInfo;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve({
        server,
        url: `http://${shownHost}:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

// node:http has no per-address limit: count each address's open sockets and close any over the limit at once, so
// one client cannot hold every connection the server allows.
function limitPerAddress(server: Server, limit: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (address === undefined) return; // already gone
    const count = (open.get(address) ?? 0) + 1;
    if (count > limit) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left === 0) open.delete(address);
      else open.set(address, left);
    });
  });
}

/** What `serve()` takes: the handler's options plus where and how to listen. */
export interface ServeOptions extends HandlerOptions, ListenOptions {}

/**
 * Runs the backend on node:http. The client's socket address feeds the per-client rate limit (and `request_ip`
 * when enabled); proxies' `X-Forwarded-For` is not trusted, pass your own `clientIp` when behind one.
 */
export async function serve(options: ServeOptions): Promise<Listening> {
  const {
    port,
    host,
    headersTimeoutMs,
    requestTimeoutMs,
    maxConnections,
    maxConnectionsPerAddress,
    ...handlerOptions
  } = options;
  const handler = createHandler({ ...handlerOptions, clientIp: handlerOptions.clientIp ?? clientAddress });
  const listenOptions = { port, host, headersTimeoutMs, requestTimeoutMs, maxConnections, maxConnectionsPerAddress };
  return listen(handler, listenOptions);
}

/** The environment variables `serve` reads, and whether each is required. */
export const SERVE_ENV = {
  BC_STORE_HASH: 'store hash (required)',
  BC_CLIENT_ID: 'app client id (required)',
  BC_CLIENT_SECRET: 'app client secret, at least 32 bytes (required)',
  BC_ACCESS_TOKEN: 'Management API access token (required)',
  BC_STOREFRONT_URL: 'storefront origin, e.g. https://shop.example.com (required)',
  BC_API_BASE_URL: 'Management API origin (default https://api.bigcommerce.com)',
  BC_CHANNEL_ID: 'channel id (default 1)',
  BC_ALLOWED_ORIGINS: 'comma-separated origins allowed to call the backend (CORS)',
  BC_BASE_PATH: "path prefix of the routes, e.g. /bc (default '')",
  BC_PRICING: 'where /prices come from: rest (default) or graphql',
  BC_CHECKOUT: 'where checkout URLs come from: rest (default) or graphql',
  BC_GRAPHQL_AUTH: 'how GraphQL calls act for the customer: customer-access-token (default) or impersonation (older)',
  BC_PRIVATE_TOKEN: 'GraphQL Storefront private token (default: created with BC_ACCESS_TOKEN on first use)',
  BC_SESSION_SECRETS: 'comma-separated session cookie secrets, each at least 32 bytes, newest first (enables sign-in)',
  BC_SESSION_MAX_AGE_SECONDS: 'longest a signed-in session lasts, in seconds (default 604800)',
  BC_SIGN_IN_PER_ADDRESS: 'sign-in attempts per client address per window (default 10)',
  BC_SIGN_IN_PER_EMAIL: 'sign-in attempts per email per window, from any address (default 5)',
  BC_SIGN_IN_WINDOW_MS: 'window of the sign-in limits, in ms (default 900000)',
  PORT: 'port, 0–65535 (default 3001; 0 picks a free one)',
  HOST: 'interface (default 127.0.0.1)',
  BC_HEADERS_TIMEOUT_MS: 'ms a client has to send its headers (default 10000)',
  BC_REQUEST_TIMEOUT_MS: 'ms a client has to send a whole request (default 30000)',
  BC_MAX_CONNECTIONS: 'connections open at once (default 10000)',
  BC_MAX_CONNECTIONS_PER_ADDRESS: 'connections open at once per client address (default 256, 0 for no limit)',
  BC_REDIS_URL: 'redis:// URL of a Redis shared by several instances (needs the redis package; default none)',
} as const;

const REQUIRED_ENV = [
  'BC_STORE_HASH',
  'BC_CLIENT_ID',
  'BC_CLIENT_SECRET',
  'BC_ACCESS_TOKEN',
  'BC_STOREFRONT_URL',
] as const;

function optionalIntegerEnv<K extends string>(
  env: Record<string, string | undefined>,
  name: string,
  key: K,
): { [P in K]?: number } {
  const value = integerEnv(env, name, -1);
  return (value === -1 ? {} : { [key]: value }) as { [P in K]?: number };
}

/** `signInLimits` from its three variables; absent when none is set. */
function signInLimitsFromEnv(env: Record<string, string | undefined>): Pick<ServeOptions, 'signInLimits'> {
  const limits = {
    ...optionalIntegerEnv(env, 'BC_SIGN_IN_PER_ADDRESS', 'perAddress'),
    ...optionalIntegerEnv(env, 'BC_SIGN_IN_PER_EMAIL', 'perEmail'),
    ...optionalIntegerEnv(env, 'BC_SIGN_IN_WINDOW_MS', 'windowMs'),
  };
  return Object.keys(limits).length === 0 ? {} : { signInLimits: limits };
}

/** The variable each option read from the environment comes from, to name it in a message about its value. */
const OPTION_ENV: Readonly<Record<string, keyof typeof SERVE_ENV>> = {
  storeHash: 'BC_STORE_HASH',
  clientId: 'BC_CLIENT_ID',
  clientSecret: 'BC_CLIENT_SECRET',
  accessToken: 'BC_ACCESS_TOKEN',
  storefrontUrl: 'BC_STOREFRONT_URL',
  apiBaseUrl: 'BC_API_BASE_URL',
  channelId: 'BC_CHANNEL_ID',
  allowedOrigins: 'BC_ALLOWED_ORIGINS',
  basePath: 'BC_BASE_PATH',
  pricing: 'BC_PRICING',
  checkout: 'BC_CHECKOUT',
  graphqlAuth: 'BC_GRAPHQL_AUTH',
  privateToken: 'BC_PRIVATE_TOKEN',
  sessionSecrets: 'BC_SESSION_SECRETS',
  sessionMaxAgeSeconds: 'BC_SESSION_MAX_AGE_SECONDS',
  'signInLimits.perAddress': 'BC_SIGN_IN_PER_ADDRESS',
  'signInLimits.perEmail': 'BC_SIGN_IN_PER_EMAIL',
  'signInLimits.windowMs': 'BC_SIGN_IN_WINDOW_MS',
};

/**
 * `ServeOptions` from environment variables (see `SERVE_ENV`), checked as `createHandler` checks them. Throws an
 * `Error` listing every missing required variable, or naming the variable whose value is wrong (and, for
 * `BC_ALLOWED_ORIGINS`, the entry); secrets are never repeated in a message.
 */
export function serveOptionsFromEnv(env: Record<string, string | undefined> = process.env): ServeOptions {
  const required = (name: (typeof REQUIRED_ENV)[number]) => env[name]?.trim() ?? '';
  const missing = REQUIRED_ENV.filter((name) => required(name) === '');
  if (missing.length > 0) {
    throw new Error(
      `missing configuration: ${missing.join(', ')}.\n` +
        Object.entries(SERVE_ENV)
          .map(([name, meaning]) => `  ${name.padEnd(20)} ${meaning}`)
          .join('\n'),
    );
  }
  const origins = (env['BC_ALLOWED_ORIGINS'] ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  const options: ServeOptions = {
    storeHash: required('BC_STORE_HASH'),
    clientId: required('BC_CLIENT_ID'),
    clientSecret: env['BC_CLIENT_SECRET'] ?? '',
    accessToken: required('BC_ACCESS_TOKEN'),
    storefrontUrl: required('BC_STOREFRONT_URL'),
    ...(env['BC_API_BASE_URL']?.trim() ? { apiBaseUrl: env['BC_API_BASE_URL'].trim() } : {}),
    channelId: integerEnv(env, 'BC_CHANNEL_ID', 1),
    allowedOrigins: origins,
    basePath: env['BC_BASE_PATH']?.trim() ?? '',
    ...(env['BC_PRICING']?.trim() ? { pricing: env['BC_PRICING'].trim() as ServeOptions['pricing'] } : {}),
    ...(env['BC_CHECKOUT']?.trim() ? { checkout: env['BC_CHECKOUT'].trim() as ServeOptions['checkout'] } : {}),
    ...(env['BC_GRAPHQL_AUTH']?.trim()
      ? { graphqlAuth: env['BC_GRAPHQL_AUTH'].trim() as ServeOptions['graphqlAuth'] }
      : {}),
    ...(env['BC_PRIVATE_TOKEN']?.trim() ? { privateToken: env['BC_PRIVATE_TOKEN'].trim() } : {}),
    // Base64 secrets (`openssl rand -base64 32`) hold no comma.
    ...(env['BC_SESSION_SECRETS']?.trim()
      ? { sessionSecrets: env['BC_SESSION_SECRETS'].split(',').map((s) => s.trim()) }
      : {}),
    ...optionalIntegerEnv(env, 'BC_SESSION_MAX_AGE_SECONDS', 'sessionMaxAgeSeconds'),
    ...signInLimitsFromEnv(env),
    port: portEnv(env, 3001),
    host: env['HOST']?.trim() || '127.0.0.1',
    // Unset limits stay unset, so listen()'s defaults (LISTEN_DEFAULTS) are the only ones.
    ...optionalIntegerEnv(env, 'BC_HEADERS_TIMEOUT_MS', 'headersTimeoutMs'),
    ...optionalIntegerEnv(env, 'BC_REQUEST_TIMEOUT_MS', 'requestTimeoutMs'),
    ...optionalIntegerEnv(env, 'BC_MAX_CONNECTIONS', 'maxConnections'),
    ...optionalIntegerEnv(env, 'BC_MAX_CONNECTIONS_PER_ADDRESS', 'maxConnectionsPerAddress'),
  };
  try {
    resolveOptions(options);
  } catch (error) {
    const name = error instanceof OptionError ? OPTION_ENV[error.option] : undefined;
    throw name ? new Error(`${name} ${(error as OptionError).rule}`, { cause: error }) : error;
  }
  return options;
}
