/** `bc-customer-elements serve`: the backend endpoint, configured from environment variables (see SERVE_ENV). */
import { serve, serveOptionsFromEnv, SERVE_ENV } from '../server/node.js';

export async function run(args: string[]): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(
      'Usage: bc-customer-elements serve\n\nEnvironment:\n' +
        Object.entries(SERVE_ENV)
          .map(([name, meaning]) => `  ${name.padEnd(20)} ${meaning}`)
          .join('\n') +
        '\n',
    );
    return;
  }
  // Throws a plain Error (missing variables) or a TypeError (a bad value); src/cli.ts prints it without a stack.
  const options = serveOptionsFromEnv(process.env);
  const server = await serve(options);
  process.stdout.write(`bc-customer-elements serve: ${server.url}${options.basePath ?? ''}/ (store ${options.storeHash})\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
