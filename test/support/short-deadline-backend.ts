/**
 * A second mount of the real backend for the browser fault suite (test/elements/fallback-faults.test.ts): the same
 * handler against the same emulator (reached over HTTP at the page origin, like the main mount under `/bc`), but
 * with a short upstream deadline and no price cache, so hanging and trickling faults end in about a second instead
 * of the default eight. Loaded in Node by web-test-runner.config.mjs.
 */
import { createEmulator } from '../../src/emulator/index.js';
import { createHandler } from '../../src/server/index.js';
import { fetchMiddleware } from './fetch-middleware.js';

/** Where this backend is mounted on the test page's origin. */
export const SHORT_DEADLINE_PATH = '/bc-short';
/** Its upstream deadline (`timeoutMs`). */
export const SHORT_DEADLINE_MS = 1000;

export function shortDeadlineBackend({ origin }: { origin: string }): ReturnType<typeof fetchMiddleware> {
  // The default seed's app: the same credentials the emulator mounted by test/support/servers.ts serves.
  const { clientId, clientSecret, storeHash, accessToken, channelId } = createEmulator().app;
  const handler = createHandler({
    storeHash,
    clientId,
    clientSecret,
    accessToken,
    channelId,
    storefrontUrl: origin,
    apiBaseUrl: origin,
    basePath: SHORT_DEADLINE_PATH,
    allowedOrigins: [origin],
    timeoutMs: SHORT_DEADLINE_MS,
    priceCacheTtlMs: 0,
    rateLimit: false,
    logger: { info() {}, warn() {}, error() {} },
  });
  return fetchMiddleware(handler, (url) => url.pathname.startsWith(`${SHORT_DEADLINE_PATH}/`));
}
