// Runs the end-to-end suites (test/e2e/*.test.ts) with Node's test runner: each starts the demo server
// (`bc-customer-elements demo` from dist/), or next.test.ts a Next.js app (next build, next start), on a free port
// and drives /usr/bin/chromium through playwright-core; engines.test.ts walks the demo and the bridge in Chromium,
// Firefox ESR and WebKitGTK (test/e2e/drivers.ts; BC_ENGINES narrows them).
// Needs `npm run build && npm run build:demos` first. Extra arguments name files to run alone.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const args = process.argv.slice(2);
const files = args.some((a) => !a.startsWith('-'))
  ? []
  : readdirSync('test/e2e')
      .filter((name) => name.endsWith('.test.ts'))
      .sort()
      .map((name) => `test/e2e/${name}`);
const result = spawnSync(process.execPath, ['scripts/test-node.mjs', ...args, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
