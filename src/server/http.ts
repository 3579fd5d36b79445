/**
 * HTTP hygiene shared by every route: JSON answers with safe headers, generic error bodies, request bodies read
 * with a byte limit before parsing, and JSON parsed without prototype pollution or unbounded nesting.
 */
import { BcError } from '../errors.js';
import { ERROR_STATUS, MAX_BODY_BYTES, type ErrorBody, type ErrorCode } from '../protocol.js';

/** Deepest `[`/`{` nesting a request body may have (the protocol needs 4). */
export const MAX_JSON_DEPTH = 16;

/** The message sent with each code: generic, safe to show, never carrying anything from the request or upstream. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  ERR_BC_INVALID_REQUEST: 'The request is invalid.',
  ERR_BC_INVALID_REDIRECT: 'The checkout address is not on the storefront.',
  ERR_BC_UNAUTHORIZED: 'The customer token is missing, invalid or expired.',
  ERR_BC_SIGN_IN_FAILED: 'The email or password is incorrect, or the account cannot sign in now.',
  ERR_BC_ORIGIN_FORBIDDEN: 'This origin may not call the endpoint.',
  ERR_BC_NOT_FOUND: 'Not found.',
  ERR_BC_CART_NOT_FOUND: 'The cart does not exist.',
  ERR_BC_METHOD_NOT_ALLOWED: 'Method not allowed.',
  ERR_BC_PAYLOAD_TOO_LARGE: 'The request body is too large.',
  ERR_BC_UNSUPPORTED_MEDIA_TYPE: 'The request body must be application/json.',
  ERR_BC_RATE_LIMITED: 'Too many requests; try again later.',
  ERR_BC_INTERNAL: 'Internal error.',
  ERR_BC_UPSTREAM: 'BigCommerce gave an unexpected answer.',
  ERR_BC_UPSTREAM_UNAVAILABLE: 'BigCommerce is busy; try again shortly.',
  ERR_BC_UPSTREAM_TIMEOUT: 'BigCommerce did not answer in time.',
  ERR_BC_CREDENTIALS_REJECTED: 'BigCommerce refused the store hash or access token.',
  ERR_BC_NOT_READY: 'BigCommerce could not be reached to check the credentials; try again shortly.',
};

/** A protocol error: its code picks the status; `message` defaults to the generic one; `headers` ride along. */
export class HttpError extends BcError {
  readonly status: number;
  readonly headers: Record<string, string>;
  declare readonly code: ErrorCode;

  constructor(code: ErrorCode, options: { message?: string; cause?: unknown; headers?: Record<string, string> } = {}) {
    super(code, options.message ?? ERROR_MESSAGES[code], { cause: options.cause });
    this.status = ERROR_STATUS[code];
    this.headers = options.headers ?? {};
  }
}

/** Headers on every answer: nothing is cacheable (answers are per customer), nothing is sniffed. */
export const BASE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** The `Retry-After` header, in whole seconds (at least 1), for a wait of `ms`. */
export function retryAfter(ms: number): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...BASE_HEADERS, ...headers } });
}

export function errorResponse(error: HttpError): Response {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  return jsonResponse(error.status, body, error.headers);
}

/** Whether a `Content-Type` value is JSON (`application/json`, optionally with a UTF-8 charset). */
export function isJsonContentType(value: string | null): boolean {
  if (value === null) return false;
  const [type, ...params] = value.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => p === '' || p === 'charset=utf-8' || p === 'charset="utf-8"');
}

/**
 * Reads a request body as text, counting bytes as they arrive: a body over `limit` is refused (413) without being
 * read further, whatever its `Content-Length` says. A declared length over the limit is refused before reading.
 */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && (!/^\d+$/.test(declared.trim()) || Number(declared) > limit)) {
    await request.body?.cancel().catch(() => {});
    throw new HttpError(
      declared !== null && /^\d+$/.test(declared.trim()) ? 'ERR_BC_PAYLOAD_TOO_LARGE' : 'ERR_BC_INVALID_REQUEST',
    );
  }
  let bytes: Uint8Array | null;
  try {
    bytes = await readCappedBytes(request.body, limit);
  } catch (error) {
    throw new HttpError('ERR_BC_INVALID_REQUEST', { cause: error });
  }
  if (bytes === null) throw new HttpError('ERR_BC_PAYLOAD_TOO_LARGE');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (error) {
    throw new HttpError('ERR_BC_INVALID_REQUEST', { message: 'The request body is not valid UTF-8.', cause: error });
  }
}

/** A running deadline: see `startDeadline`. */
export interface Deadline {
  /** Aborts with the deadline's reason when it passes: give it to fetch. */
  readonly signal: AbortSignal;
  /** Rejects with the same reason: race every await against it (an injected fetch may ignore its signal). */
  readonly aborted: Promise<never>;
  /** Stops the timer (call it when the work is done). */
  clear(): void;
}

/** The backend's one deadline for calls to BigCommerce: `ms` from now, failing with `reason()`. */
export function startDeadline(ms: number, reason: () => unknown): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(reason()), Math.max(0, ms));
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => {});
  return { signal: controller.signal, aborted, clear: () => clearTimeout(timer) };
}

/**
 * The backend's one capped reader (request bodies, BigCommerce's answers): the bytes of `body`, or `null` when it is
 * longer than `limit` (the rest is cancelled, never downloaded). Each read is raced against `aborted` when given (an
 * answer trickling past the deadline, a fetch that ignores its signal); any failure cancels the stream too.
 */
export async function readCappedBytes(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  aborted?: Promise<never>,
): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await (aborted ? Promise.race([reader.read(), aborted]) : reader.read());
    } catch (error) {
      void reader.cancel().catch(() => {});
      throw error;
    }
    if (chunk.done) break;
    size += chunk.value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(chunk.value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** The deepest `[`/`{` nesting of a JSON text, brackets inside strings ignored; stops counting past `max`. */
export function jsonDepth(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > max) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses a JSON request body: nesting over `MAX_JSON_DEPTH` is refused (413) before `JSON.parse` sees it, keys that
 * could reach a prototype (`__proto__`, `constructor`, `prototype`) are refused (400), and objects come back without
 * a prototype so nothing downstream can be tricked through one.
 */
export function parseJsonBody(text: string): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new HttpError('ERR_BC_PAYLOAD_TOO_LARGE', { message: 'The request body is nested too deeply.' });
  }
  try {
    return JSON.parse(text, function reviver(key, value: unknown) {
      if (FORBIDDEN_KEYS.has(key)) throw new HttpError('ERR_BC_INVALID_REQUEST');
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        return Object.assign(Object.create(null) as object, value);
      }
      return value;
    });
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError('ERR_BC_INVALID_REQUEST', { message: 'The request body is not valid JSON.' });
  }
}

/** Reads and parses a JSON request body with every check above; 415 when the content type is not JSON. */
export async function readJsonBody(request: Request): Promise<unknown> {
  if (!isJsonContentType(request.headers.get('content-type'))) {
    await request.body?.cancel().catch(() => {});
    throw new HttpError('ERR_BC_UNSUPPORTED_MEDIA_TYPE');
  }
  return parseJsonBody(await readBodyText(request));
}
