/**
 * The current customer of a page: one session per (storefront origin, app client id), shared by every element.
 * Its identity comes from one of three sources (identity.ts): the storefront's `GET /customer/current.jwt` read
 * directly (a page on the storefront's origin), the same through the storefront bridge (another origin), and, before
 * the bridge, the backend's own session (backend-session.ts) where the shopper signed in through the backend. The
 * raw token lives in this closure only (never in storage, cookies, URLs or the console); the decoded claims are for
 * display only, the backend verifies the token (or its cookie) itself.
 */
import { BcError } from '../errors.js';
import { GLOBAL_TIMERS, withDeadline, type Timers } from './deadline.js';
import type { Customer } from '../protocol.js';
import { DEFAULT_BRIDGE_PATH } from '../bridge/path.js';
import { backendSessionSource, pageStorage, type HintStorage } from './backend-session.js';
import { endpointOf } from './backend.js';
import { firstOf, tokenIdentities, type Identity } from './identity.js';
import { directSource, lazyBridgeSource, type TokenSource } from './token-source.js';

export type CustomerStatus = 'loading' | 'guest' | 'signed-in' | 'error';

/** The signed-in customer as decoded for display: the protocol's `Customer` (`{id, email, groupId}`). */
export type CurrentCustomer = Customer;

export interface SessionState {
  readonly status: CustomerStatus;
  /** The customer when `status` is `signed-in`, else `null` (`error` is shown as a guest). */
  readonly customer: CurrentCustomer | null;
}

export interface Session {
  /** The latest state; `loading` until the first answer. */
  readonly state: SessionState;
  /** Why the last check failed (status `error`, or a failed background refresh), else `null`. */
  readonly error: BcError | null;
  /**
   * The raw current-customer token for the backend's `Authorization` header, `null` unless signed in with one (a
   * guest, or a shopper the backend knows by its own session cookie: see `credentials()`).
   */
  token(): string | null;
  /**
   * `'include'` while the identity is the backend's own session (signed in through the backend: its cookie is the
   * credential, sent with no token), else `'omit'`. What the backend client passes to `fetch` when it has no token.
   */
  credentials(): RequestCredentials;
  /** Calls `listener` on every change of status, id, email or group (not immediately); returns the unsubscriber. */
  subscribe(listener: (state: SessionState) => void): () => void;
  /** Asks the storefront again (coalesced with a request in flight) and resolves with the resulting state. */
  refresh(): Promise<SessionState>;
  /** Resolves once the status is no longer `loading` (starting the first check if nobody has yet). */
  ready(): Promise<SessionState>;
  /**
   * While the storefront bridge gets no cookies (`error.code` is `ERR_BC_BRIDGE_NO_COOKIES`) in a browser with the
   * Storage Access API: the visible bridge frame holding its "Continue signed in" button, for an element to show.
   * A click there may grant the storefront's cookies; the session then asks again by itself. Otherwise `null`.
   */
  storageAccessFrame(): HTMLIFrameElement | null;
}

/** A session made by `createSession`, which its owner can stop (tests; `getSession`'s sessions live with the page). */
export interface ManagedSession extends Session {
  /** Stops timers and listeners and closes the cross-tab channel; the state stays as it was. */
  dispose(): void;
}

/** The timer functions a session uses; tests pass controllable ones. */
export type { Timers };

/** The part of `BroadcastChannel` a session uses. */
export interface BroadcastChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

export interface SessionOptions {
  /** Storefront origin (any URL on it); `/customer/current.jwt` is fetched from there. */
  storefront: string;
  /** Client id of the app whose secret signs the token. */
  appClientId: string;
  /** Where the token comes from (default: `/customer/current.jwt` of `storefront`, fetched directly). */
  source?: TokenSource;
  /**
   * The backend, for a page off the storefront: a session signed in through it there (a hint in `storage`) is asked
   * first (`POST {endpoint}/session` with its cookie), before `source`. Default: none (what `getSession` does on the
   * storefront's origin).
   */
  endpoint?: string;
  /** Where the backend session's hint is kept (default `localStorage`; `null`: nowhere, so never asked). */
  storage?: HintStorage | null;
  /** Default: the global `fetch` (for the default source). */
  fetch?: typeof fetch;
  /** Clock in ms. Default: `Date.now`. */
  now?: () => number;
  /** Default: the global `setTimeout` / `clearTimeout`. */
  timers?: Timers;
  /** How long one check may take, body included (default 10 000 ms). */
  timeoutMs?: number;
  /** Refresh this long before the token expires (default 60 000 ms). */
  refreshBeforeExpiryMs?: number;
  /** Focus and visibility re-checks at most this often (default 5 000 ms). */
  recheckThrottleMs?: number;
  /** First retry after a failed check; doubles up to 5 minutes (default 15 000 ms). */
  retryMs?: number;
  /** Where `focus`, `online` and the hint's `storage` events are heard (default `window`; `null`: not at all). */
  window?: EventTarget | null;
  /** Where `visibilitychange` is heard (default `document`; `null`: not at all). */
  document?: (EventTarget & { readonly visibilityState: DocumentVisibilityState }) | null;
  /** Opens the cross-tab channel (default `new BroadcastChannel(name)`; `null`: no cross-tab sharing). */
  broadcastChannel?: ((name: string) => BroadcastChannelLike) | null;
}

const LOADING: SessionState = Object.freeze({ status: 'loading', customer: null });
const GUEST: SessionState = Object.freeze({ status: 'guest', customer: null });
const ERROR: SessionState = Object.freeze({ status: 'error', customer: null });

const MIN_DELAY_MS = 5_000;
const MAX_RETRY_MS = 5 * 60_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Creates a session of its own (tests, or a page that wants to manage one). Most code wants `getSession`. */
export function createSession(options: SessionOptions): ManagedSession {
  const storefront = originOf(options.storefront);
  const appClientId = clientIdOf(options.appClientId);
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const now = options.now ?? Date.now;
  const timers: Timers = options.timers ?? GLOBAL_TIMERS;
  const timeoutMs = positive(options.timeoutMs, 10_000, 'timeoutMs');
  const leewayMs = positive(options.refreshBeforeExpiryMs, 60_000, 'refreshBeforeExpiryMs');
  const throttleMs = positive(options.recheckThrottleMs, 5_000, 'recheckThrottleMs');
  const retryMs = positive(options.retryMs, 15_000, 'retryMs');
  const win = options.window === undefined ? (typeof window === 'undefined' ? null : window) : options.window;
  const doc = options.document === undefined ? (typeof document === 'undefined' ? null : document) : options.document;
  const openChannel =
    options.broadcastChannel === undefined
      ? typeof BroadcastChannel === 'undefined'
        ? null
        : (name: string) => new BroadcastChannel(name)
      : options.broadcastChannel;

  const tokens = tokenIdentities(options.source ?? directSource(currentJwtUrl(storefront, appClientId), fetchFn));
  const source = options.endpoint
    ? firstOf(
        backendSessionSource({
          endpoint: endpointOf(options.endpoint),
          fetch: fetchFn,
          storage: options.storage === undefined ? pageStorage() : options.storage,
          window: win,
          now,
        }),
        tokens,
      )
    : tokens;
  const listeners = new Set<(state: SessionState) => void>();
  let state = LOADING;
  let identity: Identity | null = null;
  let identityExpiresAt = 0; // on our clock: receipt time + the identity's lifetime, immune to a skewed device clock
  let error: BcError | null = null;
  let failures = 0;
  let started = false;
  let disposed = false;
  let lastCheckAt = Number.NEGATIVE_INFINITY;
  let inflight: Promise<SessionState> | null = null;
  let queued: Promise<SessionState> | null = null;
  let timer: unknown = null;
  let channel: BroadcastChannelLike | null = null;

  const onFocus = () => recheck();
  const onVisibility = () => {
    if (doc?.visibilityState === 'visible') recheck();
  };
  const onOnline = () => {
    if (error) void refresh();
  };

  function start(): void {
    if (started || disposed) return;
    started = true;
    win?.addEventListener('focus', onFocus);
    win?.addEventListener('online', onOnline);
    doc?.addEventListener('visibilitychange', onVisibility);
    source.onChange?.(() => void refresh());
    try {
      channel = openChannel?.(`bc-customer-elements:session:${storefront}:${appClientId}`) ?? null;
      channel?.addEventListener('message', onMessage);
    } catch {
      channel = null; // an opaque origin (sandboxed iframe) has no BroadcastChannel: work per tab.
    }
    void run();
  }

  function run(): Promise<SessionState> {
    inflight = check().finally(() => {
      inflight = null;
    });
    return inflight;
  }

  function refresh(): Promise<SessionState> {
    if (!started) {
      start();
      return inflight ?? Promise.resolve(state);
    }
    if (disposed) return Promise.resolve(state);
    if (!inflight) return run();
    // A request in flight may have left before the change we are asked about: ask once more after it.
    queued ??= inflight.then(() => {
      queued = null;
      return disposed ? state : run();
    });
    return queued;
  }

  function recheck(): void {
    if (!started || disposed || now() - lastCheckAt < throttleMs) return;
    void refresh();
  }

  function onMessage(event: MessageEvent): void {
    const data = event.data as { type?: unknown; key?: unknown } | null;
    if (data?.type !== 'changed' || typeof data.key !== 'string' || state.status === 'loading') return;
    // Another tab saw a different customer (signed in or out there): ask the storefront ourselves. The token
    // never travels over the channel.
    if (data.key !== changeKey(state)) void refresh();
  }

  async function check(): Promise<SessionState> {
    lastCheckAt = now();
    const timeout = new BcError('ERR_BC_UPSTREAM_TIMEOUT', `The storefront did not answer within ${timeoutMs} ms.`);
    try {
      const found = await withDeadline(timeoutMs, timeout, (signal) => source(signal), timers);
      if (found === null) return succeed(GUEST, null);
      return succeed({ status: 'signed-in', customer: Object.freeze({ ...found.customer }) }, found);
    } catch (cause) {
      // A source's own coded error (a bridge that never answered says why) wins over the bare timeout.
      return fail(cause instanceof BcError ? cause : unreachable(cause));
    }
  }

  function succeed(next: SessionState, found: Identity | null): SessionState {
    if (disposed) return state;
    error = null;
    failures = 0;
    identity = found;
    if (found) {
      const lifetimeMs =
        found.issuedAt === null ? found.expiresAt * 1000 - now() : (found.expiresAt - found.issuedAt) * 1000;
      identityExpiresAt = now() + lifetimeMs;
      schedule(lifetimeMs > 2 * leewayMs ? lifetimeMs - leewayMs : lifetimeMs / 2);
    } else {
      schedule(null);
    }
    return update(next);
  }

  function fail(cause: BcError): SessionState {
    if (disposed) return state;
    error = cause;
    failures += 1;
    const backoff = Math.min(retryMs * 2 ** (failures - 1), MAX_RETRY_MS);
    const transient = cause.code !== 'ERR_BC_TOKEN_MALFORMED';
    const untilExpiry = identityExpiresAt - now();
    if (identity && transient && untilExpiry > 0 && (source.holds?.(identity) ?? true)) {
      // A background refresh failed while the identity is still good: keep showing the customer, retry before expiry.
      schedule(Math.min(backoff, untilExpiry));
      return state;
    }
    identity = null;
    schedule(backoff);
    return update(ERROR);
  }

  function schedule(delayMs: number | null): void {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    if (delayMs === null || disposed) return;
    timer = timers.setTimeout(
      () => {
        timer = null;
        void refresh();
      },
      Math.min(Math.max(delayMs, MIN_DELAY_MS), MAX_TIMER_MS),
    );
  }

  /** The identity, renewed at once when a timer came late (a sleeping tab). */
  function current(): Identity | null {
    if (identity && now() >= identityExpiresAt) void refresh();
    return identity;
  }

  function update(next: SessionState): SessionState {
    if (changeKey(next) === changeKey(state)) return state;
    state = next;
    try {
      if (next.status !== 'error') channel?.postMessage({ type: 'changed', key: changeKey(next) });
    } catch {
      // A closed channel: the other tabs notice on their next focus instead.
    }
    for (const listener of [...listeners]) {
      try {
        listener(state);
      } catch (thrown) {
        queueMicrotask(() => {
          throw thrown; // a failing listener must not keep the others from hearing the change
        });
      }
    }
    return state;
  }

  return {
    get state() {
      return state;
    },
    get error() {
      return error;
    },
    token() {
      return current()?.token ?? null;
    },
    credentials() {
      const found = current();
      return found && found.token === null ? 'include' : 'omit';
    },
    subscribe(listener) {
      listeners.add(listener);
      start();
      return () => {
        listeners.delete(listener);
      };
    },
    refresh,
    storageAccessFrame() {
      return error?.code === 'ERR_BC_BRIDGE_NO_COOKIES' && state.status === 'error'
        ? (source.storageAccessFrame?.() ?? null)
        : null;
    },
    ready() {
      start();
      if (state.status !== 'loading' || disposed) return Promise.resolve(state);
      return queued ?? inflight ?? run();
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      schedule(null);
      win?.removeEventListener('focus', onFocus);
      win?.removeEventListener('online', onOnline);
      doc?.removeEventListener('visibilitychange', onVisibility);
      channel?.close();
      channel = null;
      listeners.clear();
    },
  };
}

const REGISTRY = Symbol.for('bc-customer-elements.sessions');

/**
 * The page's session for a storefront and app client id: the same object for every caller, even across two copies
 * of this library on one page (the registry lives on `globalThis`). On the storefront's origin it reads
 * `/customer/current.jwt` directly, and nothing else; on any other origin, the backend's own session at `endpoint`
 * when the shopper signed in through it (see `SessionOptions.endpoint`), else the storefront bridge at `bridge` (a
 * path on the storefront, default `/bc-bridge/`). Throws `TypeError` on an unusable option.
 */
export function getSession(options: {
  storefront: string;
  appClientId: string;
  bridge?: string;
  endpoint?: string;
}): Session {
  const storefront = originOf(options.storefront);
  const appClientId = clientIdOf(options.appClientId);
  const direct = isStorefrontPage(storefront);
  const bridgeUrl = direct ? null : bridgeUrlOf(storefront, options.bridge || DEFAULT_BRIDGE_PATH);
  const endpoint = direct || !options.endpoint ? '' : endpointOf(options.endpoint);
  const scope = globalThis as { [REGISTRY]?: Map<string, Session> };
  const sessions = (scope[REGISTRY] ??= new Map());
  const key = `${storefront} ${appClientId} ${bridgeUrl ?? ''} ${endpoint}`;
  let session = sessions.get(key);
  if (!session) {
    session = createSession({
      storefront,
      appClientId,
      ...(bridgeUrl ? { source: lazyBridgeSource(bridgeUrl) } : {}),
      ...(endpoint ? { endpoint } : {}),
    });
    sessions.set(key, session);
  }
  return session;
}

/**
 * Whether the page is on the storefront's origin (`storefront`, any URL on it), where the storefront's own session
 * is the identity and signs in and out (no bridge, no backend session); also outside a browser.
 */
export function isStorefrontPage(storefront: string): boolean {
  return typeof location === 'undefined' || location.origin === originOf(storefront);
}

/** The storefront's current-customer URL for an app. */
function currentJwtUrl(storefront: string, appClientId: string): string {
  return `${storefront}/customer/current.jwt?app_client_id=${encodeURIComponent(appClientId)}`;
}

/** The bridge page's URL: a path on the storefront's own origin, never another. */
function bridgeUrlOf(storefront: string, path: string): string {
  const url = new URL(path, storefront);
  if (url.origin !== storefront)
    throw new TypeError(`bridge must be a path on the storefront: ${JSON.stringify(path)}`);
  return url.href;
}

/** Identity of a state for change detection: status, id, email and group. */
function changeKey(state: SessionState): string {
  const { status, customer } = state;
  return JSON.stringify([status, customer?.id ?? null, customer?.email ?? null, customer?.groupId ?? null]);
}

function unreachable(cause: unknown): BcError {
  return new BcError('ERR_BC_UPSTREAM_UNAVAILABLE', 'The storefront could not be reached for the current customer.', {
    cause,
  });
}

function originOf(storefront: unknown): string {
  if (typeof storefront !== 'string') throw new TypeError('storefront must be a URL string');
  let url: URL;
  try {
    url = new URL(storefront);
  } catch {
    throw new TypeError(`storefront is not an absolute URL: ${JSON.stringify(storefront)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError('storefront must be http(s)');
  return url.origin;
}

function clientIdOf(appClientId: unknown): string {
  if (typeof appClientId !== 'string' || appClientId.trim() === '') {
    throw new TypeError('appClientId must be a non-empty string');
  }
  return appClientId.trim();
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`${name} must be a positive number of ms`);
  return value;
}
