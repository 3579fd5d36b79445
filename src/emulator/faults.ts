/**
 * Fault injection: per route, set programmatically (`emulator.faults.set`) or through `/__emulator/faults`.
 * A fault wraps the route's real answer: it delays it, replaces it with a status, damages its body, trickles it or
 * never sends it.
 */
import { v3Error } from './http.js';
import type { Fault } from './types.js';

const BODIES = ['malformed', 'truncated', 'html', 'empty', 'huge'] as const;
const RATE_HEADER = /^x-rate-limit-/i;
/** Delay between the bytes of a trickled body. */
const TRICKLE_MS = 50;
/** What a load balancer in front of an API answers when it fails. */
const GATEWAY_PAGE =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>';
/** Size of a `huge` body. */
const HUGE_BYTES = 12 * 1024 * 1024;

export interface FaultTable {
  set(route: string, fault: Fault): void;
  clear(): void;
  /** The route's fault, counting one use of it. */
  take(route: string): Fault | undefined;
  list(): Record<string, Fault>;
}

/** Checks a fault given by a test or the admin route; a bad one is a TypeError. */
export function checkFault(fault: unknown): Fault {
  if (typeof fault !== 'object' || fault === null || Array.isArray(fault))
    throw new TypeError('A fault must be an object');
  const f = fault as Record<string, unknown>;
  const known = ['status', 'latencyMs', 'body', 'hang', 'trickle', 'rateLimitHeaders', 'resetMs', 'times'];
  for (const key of Object.keys(f)) if (!known.includes(key)) throw new TypeError(`Unknown fault field "${key}"`);
  if (
    f.status !== undefined &&
    !(Number.isSafeInteger(f.status) && (f.status as number) >= 200 && (f.status as number) <= 599)
  )
    throw new TypeError('fault.status must be an HTTP status 200–599');
  if (f.latencyMs !== undefined && !(Number.isSafeInteger(f.latencyMs) && (f.latencyMs as number) >= 0))
    throw new TypeError('fault.latencyMs must be a non-negative integer');
  if (f.body !== undefined && !BODIES.includes(f.body as (typeof BODIES)[number]))
    throw new TypeError(`fault.body must be one of ${BODIES.join(', ')}`);
  for (const key of ['hang', 'trickle', 'rateLimitHeaders'] as const) {
    if (f[key] !== undefined && typeof f[key] !== 'boolean') throw new TypeError(`fault.${key} must be a boolean`);
  }
  if (f.resetMs !== undefined && !(Number.isSafeInteger(f.resetMs) && (f.resetMs as number) >= 0))
    throw new TypeError('fault.resetMs must be a non-negative integer');
  if (f.times !== undefined && !(Number.isSafeInteger(f.times) && (f.times as number) > 0))
    throw new TypeError('fault.times must be a positive integer');
  return { ...(f as Fault) };
}

export function createFaultTable(routes: readonly string[], onClear: () => void): FaultTable {
  const faults = new Map<string, Fault>();
  return {
    set(route, fault) {
      if (!routes.includes(route)) throw new TypeError(`Unknown route "${route}"; one of ${routes.join(', ')}`);
      faults.set(route, checkFault(fault));
    },
    clear() {
      faults.clear();
      onClear();
    },
    take(route) {
      const fault = faults.get(route);
      if (!fault) return undefined;
      if (fault.times !== undefined) {
        if (fault.times <= 1) faults.delete(route);
        else faults.set(route, { ...fault, times: fault.times - 1 });
      }
      return fault;
    },
    list: () => Object.fromEntries(faults),
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A body of valid JSON of about `bytes` bytes, produced as it is read. */
function hugeBody(bytes: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const item = encoder.encode(`${JSON.stringify({ product_id: 0, padding: 'x'.repeat(1000) })},`);
  let sent = 0;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode('{"data":['));
    },
    pull(controller) {
      if (sent >= bytes) {
        controller.enqueue(encoder.encode('{}],"meta":{}}'));
        controller.close();
        return;
      }
      controller.enqueue(item);
      sent += item.length;
    },
  });
}

/** The body one byte at a time, TRICKLE_MS apart. */
function trickled(body: Uint8Array, signal: AbortSignal): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream({
    async pull(controller) {
      if (index >= body.length || signal.aborted) {
        controller.close();
        return;
      }
      await sleep(TRICKLE_MS, signal);
      controller.enqueue(body.slice(index, index + 1));
      index += 1;
    },
  });
}

function withHeaders(body: BodyInit | null, from: Response, keepRateHeaders: boolean, contentType?: string): Response {
  const headers = new Headers();
  from.headers.forEach((value, key) => {
    if (key === 'content-length' || (!keepRateHeaders && RATE_HEADER.test(key))) return;
    headers.set(key, value);
  });
  for (const cookie of from.headers.getSetCookie()) headers.append('set-cookie', cookie);
  if (contentType) headers.set('content-type', contentType);
  return new Response(body, { status: from.status, headers });
}

/**
 * Answers `request` through `fault`: `run` produces the real answer, `rateHeaders` the X-Rate-Limit-* headers a
 * forced status carries. `released` resolves when faults are cleared, ending a hang.
 */
export async function applyFault(
  fault: Fault,
  request: Request,
  run: () => Promise<Response>,
  rateHeaders: () => Record<string, string>,
  released: Promise<void>,
): Promise<Response> {
  const keepRate = fault.rateLimitHeaders !== false;
  if (fault.latencyMs) await sleep(fault.latencyMs, request.signal);
  if (fault.hang) {
    await Promise.race([
      released,
      new Promise<void>((resolve) => request.signal.addEventListener('abort', () => resolve(), { once: true })),
    ]);
    if (request.signal.aborted) return new Response(null, { status: 499 });
  }
  let response: Response;
  if (fault.status !== undefined) {
    response = v3Error(fault.status);
    if (keepRate) {
      const headers = rateHeaders();
      if (fault.status === 429) headers['X-Rate-Limit-Requests-Left'] = '0';
      if (fault.resetMs !== undefined) headers['X-Rate-Limit-Time-Reset-Ms'] = String(fault.resetMs);
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    }
  } else {
    response = await run();
    if (!keepRate) response = withHeaders(response.body, response, false);
  }
  switch (fault.body) {
    case 'malformed':
      response = withHeaders('{"data":[{"product_id":1,', response, keepRate, 'application/json');
      break;
    case 'truncated': {
      const text = await response.text();
      response = withHeaders(text.slice(0, Math.floor(text.length / 2)), response, keepRate);
      break;
    }
    case 'html':
      response = withHeaders(GATEWAY_PAGE, response, keepRate, 'text/html; charset=utf-8');
      break;
    case 'empty':
      response = withHeaders(null, response, keepRate);
      break;
    case 'huge':
      response = withHeaders(hugeBody(HUGE_BYTES), response, keepRate, 'application/json');
      break;
  }
  if (fault.trickle) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    response = withHeaders(trickled(bytes, request.signal), response, keepRate);
  }
  return response;
}
