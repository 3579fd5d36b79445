/** `bc-customer-elements serve`: the backend endpoint, configured from environment variables (see SERVE_ENV). */
import { serve, serveOptionsFromEnv, SERVE_ENV } from '../server/node.js';

export const usage =
  'Usage: bc-customer-elements serve\n\nRuns the backend endpoint, configured from the environment:\n' +
  Object.entries(SERVE_ENV)
    .map(([name, meaning]) => `  ${name.padEnd(20)} ${meaning}`)
    .join('\n') +
  '\n\nGET {endpoint}/health answers while the process runs; GET {endpoint}/ready answers 200 once the credentials\nwork with BigCommerce (503 with a code saying what is wrong otherwise).\n';

export async function run(args: string[], env: Record<string, string | undefined> = process.env): Promise<void> {
  if (args.length > 0)
    throw new Error(`serve takes no arguments (got "${args[0]}"); it reads environment variables, see serve --help`);
  // Throws an Error naming the missing variables, or the variable whose value is wrong; src/cli.ts prints it.
  const options = serveOptionsFromEnv(env);
  const sharedState = await redisState(env['BC_REDIS_URL']?.trim());
  const server = await serve({ ...options, ...(sharedState ? { sharedState } : {}) });
  const stop = () => {
    void server
      .close()
      .then(() => sharedState?.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // The warning first: whoever waits for the address line (a script, a process manager's log) has it by then.
  if (!env['BC_ALLOWED_ORIGINS']?.trim()) {
    process.stderr.write(
      "bc-customer-elements serve: warning: BC_ALLOWED_ORIGINS is not set, so only pages on the backend's own origin may " +
        'call it; pages on other origins get 403. Set it to their origins, comma-separated (https://www.example.com).\n',
    );
  }
  process.stdout.write(
    `bc-customer-elements serve: ${server.url}${options.basePath ?? ''}/ (store ${options.storeHash})\n`,
  );
}

/**
 * State shared with the other instances on Redis (docs/deploying.md), when BC_REDIS_URL is set. The Redis entry is
 * loaded only then: `redis` is an optional peer dependency, absent unless the user installed it.
 */
async function redisState(url: string | undefined) {
  if (!url) return undefined;
  if (!/^rediss?:\/\//.test(url)) throw new Error('BC_REDIS_URL must be a redis:// or rediss:// URL');
  let entry: typeof import('../server/redis.js');
  try {
    entry = await import('../server/redis.js');
  } catch (error) {
    throw new Error('BC_REDIS_URL is set but the redis package is not installed: npm install redis', { cause: error });
  }
  const state = entry.createRedisState({ url });
  // Take traffic once connected, or after a few seconds without Redis (the instance then starts on its own state).
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([state.connected, new Promise((resolve) => (timer = setTimeout(resolve, REDIS_START_WAIT_MS)))]);
  clearTimeout(timer);
  return state;
}

/** How long `serve` waits for Redis at start before it serves without it, in ms. */
const REDIS_START_WAIT_MS = 3_000;
