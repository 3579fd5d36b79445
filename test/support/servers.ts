/**
 * What the browser test server mounts besides the test files: the embedded store (the emulator's storefront and
 * Management API, and the backend under `/bc`) at the test page's origin, as a storefront page reaches them.
 * Loaded in Node by web-test-runner.config.mjs.
 *
 * Browser tests read `GET /__test/config.json` for the app client id, the backend endpoint and the seeded
 * customers (emails, passwords, groups), and drive the emulator through its `/__emulator/…` admin routes.
 */
import { BACKEND_PATH, createLocalStore } from '../../src/commands/local-store.js';
import { fetchMiddleware } from './fetch-middleware.js';

type Middleware = ReturnType<typeof fetchMiddleware>;

const silent = { info() {}, warn() {}, error() {} };

export interface TestServers {
  readonly middleware: Middleware[];
}

/** The shape of `/__test/config.json`. */
export interface TestConfig {
  appClientId: string;
  storeHash: string;
  endpoint: string;
  customers: Array<{ id: number; email: string; password: string; groupId: number | null }>;
}

/** `origin` is the test page's origin (`http://localhost:PORT`), which plays the storefront. */
export async function createTestServers({ origin }: { origin: string }): Promise<TestServers> {
  const store = createLocalStore({
    origin,
    // Every suite shares this store: quotas high enough that no suite trips another's limit. The rate-limit
    // behaviour itself is tested in the Node suites.
    emulator: { rateLimit: { quota: 1_000_000, windowMs: 30_000 } },
    backend: { rateLimit: false, logger: silent },
  });
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
  };
  const testConfig = async () =>
    new Response(JSON.stringify(config), { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
  return {
    middleware: [
      fetchMiddleware(testConfig, (url) => url.pathname === '/__test/config.json'),
      fetchMiddleware(async (request) => (await store.handle(request))!, store.owns),
    ],
  };
}
