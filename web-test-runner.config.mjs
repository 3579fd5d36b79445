// Browser suites: test/**/*.test.ts (but test/node and test/e2e) in Debian's Chromium.
// The emulator and the backend are mounted as same-origin middleware (test/support/servers.ts), so tests hit
// real URLs with real cookies.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { defaultReporter } from '@web/test-runner';
import { register } from 'tsx/esm/api';
import { countReporter } from './scripts/wtr-count-reporter.mjs';

import { createServer } from 'node:net';

register();
// The port is chosen here so the mounted servers know the page origin (the storefront URL the backend signs
// customers into) before the test server starts.
const port = await new Promise((resolve, reject) => {
  const probe = createServer().once('error', reject);
  probe.listen(0, 'localhost', () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const { createTestServers } = await import('./test/support/servers.ts');
const { middleware } = await createTestServers({ origin: `http://localhost:${port}` });

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default {
  port,
  hostname: 'localhost',
  files: ['test/**/*.test.ts', '!test/node/**', '!test/e2e/**'],
  nodeResolve: { exportConditions: ['development', 'browser'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 240000,
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: chromiumArgs,
      },
    }),
  ],
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' })],
  middleware,
  reporters: [defaultReporter(), countReporter()],
  filterBrowserLogs: ({ args }) => !String(args[0] ?? '').includes('Lit is in dev mode'),
};
