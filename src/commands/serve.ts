/** `bc-customer-elements serve`: the backend endpoint, configured from environment variables (see SERVE_ENV). */
import { serve, serveOptionsFromEnv, SERVE_ENV } from '../server/node.js';

export const usage =
  'Usage: bc-customer-elements serve\n\nRuns the backend endpoint, configured from the environment:\n' +
  Object.entries(SERVE_ENV)
    .map(([name, meaning]) => `  ${name.padEnd(20)} ${meaning}`)
    .join('\n') +
  '\n\nGET {endpoint}/health answers while the process runs; GET {endpoint}/ready answers 200 once the credentials\nwork with BigCommerce (503 with a code saying what is wrong otherwise).\n';

export async function run(args: string[], env: Record<string, string | undefined> = process.env): Promise<void> {
  if (args.length > 0) throw new Error(`serve takes no arguments (got "${args[0]}"); it reads environment variables, see serve --help`);
  // Throws an Error naming the missing variables, or the variable whose value is wrong; src/cli.ts prints it.
  const options = serveOptionsFromEnv(env);
  const server = await serve(options);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // The warning first: whoever waits for the address line (a script, a process manager's log) has it by then.
  if (!env['BC_ALLOWED_ORIGINS']?.trim()) {
    process.stderr.write(
      'bc-customer-elements serve: warning: BC_ALLOWED_ORIGINS is not set, so only pages on the backend\'s own origin may ' +
        'call it; pages on other origins get 403. Set it to their origins, comma-separated (https://www.example.com).\n',
    );
  }
  process.stdout.write(`bc-customer-elements serve: ${server.url}${options.basePath ?? ''}/ (store ${options.storeHash})\n`);
}
