#!/usr/bin/env node
/**
 * `bc-customer-elements <command>`: the package's command line.
 *   serve      the backend endpoint, configured from environment variables
 *   emulator   the local BigCommerce store
 *   demo       the emulator, the backend and the demo pages, on the storefront's origin and another (what `npm start` runs; a checkout only)
 *   bridge     install, print, uninstall or check the storefront bridge page
 * Each command lives in src/commands/ and is loaded only when asked for. `<command> --help` prints the command's
 * usage (its module's `usage`, or the command's own answer to `--help`) without running it.
 */
import { existsSync, readFileSync } from 'node:fs';

interface CommandModule {
  run(args: string[]): Promise<void>;
  /** The command's `--help`; a module without one answers `--help` itself. */
  usage?: string;
}

interface Command {
  summary: string;
  load: () => Promise<CommandModule>;
}

/**
 * The demo serves demo/ (its page, styles and the framework demos' builds), which only a checkout of the repository
 * has: the published package leaves it out, and its CLI does not offer the command.
 */
const demoAvailable = () => existsSync(new URL('../demo/index.html', import.meta.url));

const commands: Record<string, Command> = {
  serve: {
    summary: 'the backend endpoint, configured from environment variables',
    load: () => import('./commands/serve.js'),
  },
  emulator: {
    summary: 'the local BigCommerce store (emulator) on its own port',
    load: () => import('./commands/emulator.js'),
  },
  ...(demoAvailable()
    ? {
        demo: {
          summary: 'the emulator, the backend and the demo pages (storefront origin and another)',
          load: () => import('./commands/demo.js'),
        },
      }
    : {}),
  bridge: {
    summary: 'install | print | uninstall | check the storefront bridge page',
    load: () => import('./commands/bridge.js'),
  },
};

const HELP = ['--help', '-h'];

function version(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

function usage(): string {
  const lines = Object.entries(commands).map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`);
  return (
    `Usage: bc-customer-elements <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n` +
    `Options:\n  --help, -h     this help; <command> --help: that command's\n  --version, -v  the package's version\n`
  );
}

async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || HELP.includes(name)) {
    process.stdout.write(usage());
    return;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${version()}\n`);
    return;
  }
  const command = commands[name];
  if (!command) {
    const why =
      name === 'demo'
        ? 'The demo runs from a checkout of the repository (npm install && npm start there): the package does not ship its pages.\n\n'
        : `Unknown command "${name}".\n\n`;
    process.stderr.write(`${why}${usage()}`);
    process.exitCode = 2;
    return;
  }
  const module = await command.load();
  if (module.usage !== undefined && args.some((arg) => HELP.includes(arg))) {
    process.stdout.write(module.usage);
    return;
  }
  await module.run(args);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // Configuration mistakes are reported plainly; no stack trace for a user to wade through.
  process.stderr.write(`bc-customer-elements: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
