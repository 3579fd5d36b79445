// Browser suites: test/**/*.test.ts (but test/node and test/e2e) in one engine per run: BC_ENGINE=chromium (the
// default), firefox or webkit (Debian's packages, launched by test/support/wtr-launchers.ts). `npm test` runs all three.
// The emulator and the backend are mounted as same-origin middleware (test/support/servers.ts), so tests hit
// real URLs with real cookies.
import { esbuildPlugin } from '@web/dev-server-esbuild';
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
const { engineFromEnv, engineVersion } = await import('./test/support/engines.ts');
const { launcherFor } = await import('./test/support/wtr-launchers.ts');
const engine = engineFromEnv();
const { createTestServers } = await import('./test/support/servers.ts');
const { reactEsmPlugin } = await import('./test/support/react-esm.ts');
const { middleware } = await createTestServers({ origin: `http://localhost:${port}` });

// The element suites run a second time under Trusted Types (the `trusted-types` group): no HTML sink may take a
// string, and the only policies allowed are Lit's (it passes Lit's own template strings, never data) and, for
// bundle-twice.test.ts, one that creates the script URL of the built bundle and nothing else. Sent as a real
// Content-Security-Policy header on that group's test page, which its testRunnerHtml marks.
export const TRUSTED_TYPES_CSP =
  "require-trusted-types-for 'script'; trusted-types lit-html bc-test-script-url 'allow-duplicates'";
const TRUSTED_TYPES_MARK = '<meta name="bc-trusted-types-group" content="">';
const trustedTypesHeader = async (ctx, next) => {
  await next();
  if (typeof ctx.body === 'string' && ctx.body.includes(TRUSTED_TYPES_MARK))
    ctx.set('content-security-policy', TRUSTED_TYPES_CSP);
};
const trustedTypesPage = (testFramework) => `<!DOCTYPE html><html><head>${TRUSTED_TYPES_MARK}
<script>
  // Any violation is also logged, so one that code catches and swallows still shows in the run's output.
  document.addEventListener('securitypolicyviolation', (e) => console.error('Trusted Types violation:', e.violatedDirective, e.sample));
</script></head><body><script type="module" src="${testFramework}"></script></body></html>`;

export default {
  port,
  hostname: 'localhost',
  files: ['test/**/*.test.ts', '!test/node/**', '!test/e2e/**'],
  nodeResolve: { exportConditions: ['development', 'browser'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 240000,
  browsers: [launcherFor(engine)],
  plugins: [
    reactEsmPlugin(import.meta.dirname),
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }),
  ],
  middleware: [trustedTypesHeader, ...middleware],
  groups: [{ name: 'trusted-types', files: 'test/elements/**/*.test.ts', testRunnerHtml: trustedTypesPage }],
  reporters: [defaultReporter(), countReporter({ label: engineVersion(engine) })],
  filterBrowserLogs: ({ args }) => !String(args[0] ?? '').includes('Lit is in dev mode'),
};
