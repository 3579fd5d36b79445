/**
 * What the browser test server mounts besides the test files: the emulated store and the backend.
 * Loaded by web-test-runner.config.mjs in Node.
 */
export const middleware: Array<(ctx: never, next: () => Promise<unknown>) => Promise<unknown>> = [];
