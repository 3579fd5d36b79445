/**
 * The Node adapter: runs a Fetch-API handler (the backend, the emulator, or both) on node:http.
 * The only server file that may import node:* modules; everything else runs on Web APIs alone.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

/** A Fetch-API request handler. */
export type FetchHandler = (request: Request) => Promise<Response>;

/** Builds the Fetch `Request` for a Node request; the body streams, so size limits apply before it is read. */
export function toRequest(req: IncomingMessage, origin?: string): Request {
  const base = origin ?? `http://${req.headers.host ?? 'localhost'}`;
  const url = new URL(req.url ?? '/', base);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const method = req.method ?? 'GET';
  const controller = new AbortController();
  req.socket.once('close', () => controller.abort());
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(url, {
    method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
    signal: controller.signal,
    // Node's fetch needs this for a streamed request body.
    ...(hasBody ? { duplex: 'half' } : {}),
  } as RequestInit);
}

/** Writes a Fetch `Response` to a Node response, streaming its body (a slow upstream stays slow). */
export async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key !== 'set-cookie') headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
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

/** A node:http request listener for a Fetch-API handler. */
export function toNodeListener(handler: FetchHandler): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void (async () => {
      let response: Response;
      try {
        response = await handler(toRequest(req));
      } catch {
        response = new Response('{"error":{"code":"ERR_BC_INTERNAL","message":"Internal error"}}', {
          status: 500,
          headers: { 'content-type': 'application/json' },
        });
      }
      await writeResponse(response, res);
    })();
  };
}

/** A running server: its base URL and a way to stop it. */
export interface Listening {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/** Serves a handler on `host:port` (port 0 picks a free one) and resolves once it is listening. */
export function listen(handler: FetchHandler, { port = 0, host = '127.0.0.1' } = {}): Promise<Listening> {
  const server = createServer(toNodeListener(handler));
  server.keepAliveTimeout = 5_000;
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
