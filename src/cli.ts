#!/usr/bin/env node
/**
 * `bc-customer-elements <command>`: the package's command line.
 *   serve      the backend endpoint, configured from environment variables
 *   emulator   the local BigCommerce store
 *   demo       the emulator, the backend and the demo pages on one port (what `npm start` runs)
 *   bridge     install, print, uninstall or check the storefront bridge page
 * Each command lives in src/commands/ and is loaded only when asked for.
 */
const commands: Record<string, { summary: string; load: () => Promise<{ run(args: string[]): Promise<void> }> }> = {
  serve: { summary: 'the backend endpoint, configured from environment variables', load: () => import('./commands/serve.js') },
  emulator: { summary: 'the local BigCommerce store (emulator) on its own port', load: () => import('./commands/emulator.js') },
  demo: { summary: 'the emulator, the backend and the demo pages on one port', load: () => import('./commands/demo.js') },
  bridge: { summary: 'install | print | uninstall | check the storefront bridge page', load: () => import('./commands/bridge.js') },
};

function usage(): string {
  const lines = Object.entries(commands).map(([name, { summary }]) => `  ${name.padEnd(10)} ${summary}`);
  return `Usage: bc-customer-elements <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${usage()}`);
    process.exitCode = 2;
    return;
  }
  await (await command.load()).run(args);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // Configuration mistakes are reported plainly; no stack trace for a user to wade through.
  process.stderr.write(`bc-customer-elements: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
