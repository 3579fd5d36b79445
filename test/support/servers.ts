/**
 * What the browser test server mounts besides the test files: the emulated store and the backend, as a storefront
 * page would reach them (same origin). Loaded in Node by web-test-runner.config.mjs.
 */
type Middleware = (ctx: never, next: () => Promise<unknown>) => Promise<unknown>;

export interface TestServers {
  readonly middleware: Middleware[];
}

/** `origin` is the test page's origin (`http://localhost:PORT`), which plays the storefront. */
export async function createTestServers(_options: { origin: string }): Promise<TestServers> {
  return { middleware: [] };
}
