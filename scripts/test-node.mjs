// Runs the Node suites (test/node/**/*.test.ts) with Node's own test runner, TypeScript loaded through tsx.
// Extra arguments are passed on (e.g. a file to run alone).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const args = process.argv.slice(2);
const files = args.some((a) => !a.startsWith('-')) ? [] : testFiles('test/node').sort();
const reporters = process.env.BC_TEST_COUNTS
  ? [
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=./scripts/node-count-reporter.mjs',
      '--test-reporter-destination=stdout',
    ]
  : [];
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=1', ...reporters, ...args, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
