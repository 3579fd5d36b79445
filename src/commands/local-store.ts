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
  emulator?: EmulatorOptions;
  /** Backend options to override (rate limits, logger, cache). */
  backend?: Partial<HandlerOptions>;
}

export interface LocalStore {
  readonly emulator: Emulator;
  readonly backend: FetchHandler;
  /** Whether a URL is one of the emulator's or the backend's routes. */
  owns(url: URL): boolean;
  /** Answers the emulator's and the backend's routes, `null` for any other path. */
  handle(request: Request): Promise<Response | null>;
}

export function createLocalStore({ origin, emulator: emulatorOptions, backend: overrides }: LocalStoreOptions): LocalStore {
  const emulator = createEmulator({ storefrontUrl: origin, ...emulatorOptions });
  const backend = createBackendFor(emulator, origin, { basePath: BACKEND_PATH, ...overrides });
  const isBackendPath = (url: URL) => url.pathname === BACKEND_PATH || url.pathname.startsWith(`${BACKEND_PATH}/`);
  return {
    emulator,
    backend,
    owns: (url) => isBackendPath(url) || emulator.owns(url),
    async handle(request) {
      const url = new URL(request.url);
      if (isBackendPath(url)) return backend(request);
      if (emulator.owns(url)) return emulator.handle(request);
      return null;
    },
  };
}

/** A backend configured against `emulator`'s app, reaching its Management API over HTTP at `origin`. */
export function createBackendFor(emulator: Emulator, origin: string, overrides: Partial<HandlerOptions> = {}): FetchHandler {
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
