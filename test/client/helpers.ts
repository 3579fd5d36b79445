/** Test doubles the session takes through its options: a controllable clock and timers, a scripted fetch, JWTs. */

export interface FakeClock {
  now(): number;
  readonly timers: { setTimeout(callback: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  /** Moves the clock forward, firing each due timer at its own time, and lets the promises they start settle. */
  advance(ms: number): Promise<void>;
  /** Delays of the timers still pending, in ms from now. */
  pending(): number[];
}

export function fakeClock(start = Date.UTC(2026, 0, 1)): FakeClock {
  let now = start;
  let next = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    timers: {
      setTimeout(callback, ms) {
        next += 1;
        timers.set(next, { at: now + ms, callback });
        return next;
      },
      clearTimeout(handle) {
        timers.delete(handle as number);
      },
    },
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        let due: [number, { at: number; callback: () => void }] | undefined;
        for (const entry of timers) if (entry[1].at <= target && (!due || entry[1].at < due[1].at)) due = entry;
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].callback();
        await settle();
      }
      now = target;
      await settle();
    },
    pending: () => [...timers.values()].map((timer) => timer.at - now),
  };
}

/** Lets pending promise chains (fetch → text → state) run to the end. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Lets tasks run until `condition` holds, for at most `tasks` turns of the event loop: engines take different numbers
 * of turns to hand over a fetch body (Firefox more than Chromium). Throws when it still does not hold.
 */
export async function settleUntil(condition: () => boolean, tasks = 50): Promise<void> {
  for (let i = 0; i < tasks && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
  if (!condition()) throw new Error(`the awaited condition still did not hold after ${tasks} tasks`);
}

export interface FetchCall {
  readonly url: string;
  readonly init: RequestInit;
}

/** A fetch answering from `respond`, recording every call. */
export function scriptedFetch(respond: (call: FetchCall, index: number) => Response | Promise<Response>) {
  const calls: FetchCall[] = [];
  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const call = { url: String(input), init };
    calls.push(call);
    return respond(call, calls.length - 1);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

/** A fetch that never answers, but rejects with the signal's reason when aborted (as the real one does). */
export function hangingFetch() {
  return scriptedFetch(
    (call) =>
      new Promise<Response>((_resolve, reject) => {
        call.init.signal?.addEventListener('abort', () => reject(call.init.signal!.reason));
      }),
  );
}

const encoder = new TextEncoder();

export function base64url(value: string | Uint8Array): string {
  const bytes = typeof value === 'string' ? encoder.encode(value) : value;
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A current-customer-shaped JWT (unsigned: the browser never verifies, so a signature is only its shape). */
export function customerToken(
  customer: { id: unknown; email: unknown; group_id?: unknown } | null,
  options: { iat?: number; exp?: number; extra?: Record<string, unknown> } = {},
): string {
  const iat = options.iat ?? Math.floor(Date.UTC(2026, 0, 1) / 1000);
  const payload: Record<string, unknown> = {
    iss: 'bc/apps',
    sub: 'abc123',
    iat,
    exp: options.exp ?? iat + 900,
    version: 1,
    aud: 'client-id',
    operation: 'current_customer',
    ...(customer ? { customer } : {}),
    ...options.extra,
  };
  return [
    base64url(JSON.stringify({ typ: 'JWT', alg: 'HS512' })),
    base64url(JSON.stringify(payload)),
    base64url('signature-bytes-not-checked-here'),
  ].join('.');
}

export function textResponse(body: string, status = 200, contentType = 'text/plain'): Response {
  return new Response(body, { status, headers: { 'content-type': contentType } });
}

let unique = 0;
/** A client id no other test uses, so sessions and BroadcastChannels of different tests never meet. */
export function uniqueClientId(): string {
  unique += 1;
  return `test-${Date.now().toString(36)}-${unique}`;
}

/** Lists `origins` in a `<meta name="bc-trusted-origins">` of `<head>`, as a page's author does; returns its remover. */
export function trustOrigins(...origins: string[]): () => void {
  const meta = Object.assign(document.createElement('meta'), {
    name: 'bc-trusted-origins',
    content: origins.join(' '),
  });
  document.head.append(meta);
  return () => meta.remove();
}

/** `list[index]`, failing the test with what was there when the item is missing (a call never made, an element absent). */
export function nth<T>(list: ArrayLike<T>, index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`expected an item at index ${index}, got ${list.length} item(s)`);
  return item;
}
