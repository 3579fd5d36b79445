/**
 * The embedded store at one origin: the emulator's storefront and Management API, and the backend under `/bc`,
 * configured against each other as a real deployment would be (the backend reaches the Management API over HTTP at
 * `origin`, exactly as it would reach api.bigcommerce.com). Used by `demo`, the browser test server and the benches.
 */
import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.js';
import { createHandler, type FetchHandler, type HandlerOptions } from '../server/index.js';
import { clientAddress } from '../server/node.js';

/** Where the backend is mounted on the local store's origin. */
export const BACKEND_PATH = '/bc';

export interface LocalStoreOptions {
  /** The origin the store is served at (`http://127.0.0.1:3000`): storefront, API and backend alike. */
  origin: string;
  /**
   * More origins the same server answers at under other host names (`http://localhost:3000` besides
   * `http://127.0.0.1:3000`). Cookies and the storefront's absolute URLs (checkout, sign-in) belong to the host the
   * browser used, so with aliases the emulator builds them on the origin each request came to, and every origin gets
   * a backend whose storefront it is.
   */
  aliases?: readonly string[];
  /** Origins of pages elsewhere allowed to call the backend of a storefront origin (CORS), e.g. a CMS on another port. */
  pageOrigins?: (storefront: string) => readonly string[];
  emulator?: EmulatorOptions;
  /** Backend options to override (rate limits, logger, cache). */
  backend?: Partial<HandlerOptions>;
}

export interface LocalStore {
  readonly emulator: Emulator;
  /** The backend of `origin`. */
  readonly backend: FetchHandler;
  /** Whether a URL is one of the emulator's or the backend's routes. */
  owns(url: URL): boolean;
  /** Answers the emulator's and the backend's routes, `null` for any other path. */
  handle(request: Request): Promise<Response | null>;
}

export function createLocalStore({
  origin,
  aliases = [],
  pageOrigins = () => [],
  emulator: emulatorOptions,
  backend: overrides,
}: LocalStoreOptions): LocalStore {
  const emulator = createEmulator({ ...(aliases.length === 0 ? { storefrontUrl: origin } : {}), ...emulatorOptions });
  const backendOf = (storefront: string) =>
    createBackendFor(emulator, storefront, {
      basePath: BACKEND_PATH,
      allowedOrigins: [storefront, ...pageOrigins(storefront)],
      ...overrides,
    });
  const backend = backendOf(origin);
  const backends = new Map([
    [origin, backend],
    ...aliases.filter((a) => a !== origin).map((a) => [a, backendOf(a)] as const),
  ]);
  const isBackendPath = (url: URL) => url.pathname === BACKEND_PATH || url.pathname.startsWith(`${BACKEND_PATH}/`);
  return {
    emulator,
    backend,
    owns: (url) => isBackendPath(url) || emulator.owns(url),
    async handle(request) {
      const url = new URL(request.url);
      if (isBackendPath(url)) return (backends.get(url.origin) ?? backend)(request);
      if (emulator.owns(url)) return emulator.handle(request);
      return null;
    },
  };
}

/** A backend configured against `emulator`'s app, reaching its Management API over HTTP at `origin`. */
export function createBackendFor(
  emulator: Emulator,
  origin: string,
  overrides: Partial<HandlerOptions> = {},
): FetchHandler {
  const { clientId, clientSecret, storeHash, accessToken, channelId } = emulator.app;
  return createHandler({
    storeHash,
    clientId,
    clientSecret,
    accessToken,
    channelId,
    storefrontUrl: origin,
    apiBaseUrl: origin,
    allowedOrigins: [origin],
    // Served through the Node adapter (listen()), which records each request's socket address: per-client limits.
    clientIp: clientAddress,
    ...overrides,
  });
}

/**
 * A fresh session-cookie secret (32 random bytes, base64) for a local run: the demo makes one at each start, so no
 * secret is ever committed; a real backend reads its own from BC_SESSION_SECRETS.
 */
export function demoSessionSecret(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))));
}
