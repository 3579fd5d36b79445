/**
 * What the browser test server mounts besides the test files: the embedded store (the emulator's storefront and
 * Management API, and the backend under `/bc`) at the test page's origin, as a storefront page reaches them.
 * Loaded in Node by web-test-runner.config.mjs.
 *
 * A second mount of the same backend against the same emulator, under `/bc-short`, has a 1 s upstream deadline
 * and no price cache, so the fault suite's hanging and trickling answers end in about a second instead of eight.
 *
 * Browser tests read `GET /__test/config.json` for the app client id, the backend endpoint and the seeded
 * customers (emails, passwords, groups), and drive the emulator through its `/__emulator/…` admin routes.
 *
 * A recorder on another origin (`foreignOrigin`, see foreign-recorder.ts) stands for an attacker's server in the
 * hostile-markup suite.
 */
import { BACKEND_PATH, createBackendFor, createLocalStore } from '../../src/local-site/local-store.js';
import { fetchMiddleware } from './fetch-middleware.js';
import { startForeignRecorder } from './foreign-recorder.js';

type Middleware = ReturnType<typeof fetchMiddleware>;

const silent = { info() {}, warn() {}, error() {} };

/** The browser suites' backend session secret (32 bytes and more; a test value, never a deployment's). */
const TEST_SESSION_SECRET = 'browser-suites-session-secret-0123456789abcdef';

/** Where the short-deadline backend is mounted, and its upstream deadline. */
export const SHORT_DEADLINE_PATH = '/bc-short';
export const SHORT_DEADLINE_MS = 1000;

export interface TestServers {
  readonly middleware: Middleware[];
}

/** The shape of `/__test/config.json`. */
export interface TestConfig {
  appClientId: string;
  storeHash: string;
  endpoint: string;
  customers: Array<{ id: number; email: string; password: string; groupId: number | null }>;
  /** Origin of the recorder that plays an attacker's server (another origin than the page). */
  foreignOrigin: string;
}

/** `origin` is the test page's origin (`http://localhost:PORT`), which plays the storefront. */
export async function createTestServers({ origin }: { origin: string }): Promise<TestServers> {
  const store = createLocalStore({
    origin,
    // Every suite shares this store: quotas high enough that no suite trips another's limit. The rate-limit
    // behaviour itself is tested in the Node suites.
    emulator: { rateLimit: { quota: 1_000_000, windowMs: 30_000 } },
    // One loopback client sends every suite's requests: the per-client limits are tested in the Node suites, not here.
    // The checkout reserve stays at its default, so the elements run against the backend as it ships.
    // Sign-in through the backend (#17) is on, with a test secret; its per-email limit applies (the rate-limited test
    // relies on it), its per-address one does not (no clientIp): every suite's sign-ins come from one loopback client.
    backend: {
      rateLimit: false,
      upstreamBudget: false,
      logger: silent,
      sessionSecrets: [TEST_SESSION_SECRET],
      clientIp: undefined,
    },
  });
  const foreign = await startForeignRecorder();
  const config: TestConfig = {
    appClientId: store.emulator.app.clientId,
    storeHash: store.emulator.app.storeHash,
    endpoint: `${origin}${BACKEND_PATH}`,
    customers: store.emulator.seed.customers.map((c) => ({
      id: c.id,
      email: c.email,
      password: c.password,
      groupId: c.customer_group_id || null,
    })),
    foreignOrigin: foreign.url,
  };
  const shortDeadline = createBackendFor(store.emulator, origin, {
    basePath: SHORT_DEADLINE_PATH,
    timeoutMs: SHORT_DEADLINE_MS,
    priceCacheTtlMs: 0,
    rateLimit: false,
    upstreamBudget: false,
    quotaReserve: 0,
    logger: silent,
  });
  const testConfig = async () =>
    new Response(JSON.stringify(config), {
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
    });
  return {
    middleware: [
      fetchMiddleware(testConfig, (url) => url.pathname === '/__test/config.json'),
      fetchMiddleware(async (request) => (await store.handle(request))!, store.owns),
      fetchMiddleware(shortDeadline, (url) => url.pathname.startsWith(`${SHORT_DEADLINE_PATH}/`)),
    ],
  };
}
