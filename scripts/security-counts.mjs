// Prints the cases each security class's Node suites try (docs/security.md is written from its output): the tests
// run and passed per suite (the suites are run for real), the generated inputs of their property-based tests (the
// `numRuns: N` each declares: a passing property ran exactly that many), and the figures the reliability suites
// print (fuzz inputs per class, faults, soak). Takes about two minutes. Usage: node scripts/security-counts.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLASSES = [
  ['A. token forgery and claims', ['test/node/server/token.test.ts']],
  ['B. transport', ['test/node/server/transport.test.ts', 'test/node/server/node-adapter.test.ts']],
  ['C. redirects and SSO', ['test/node/server/checkout.test.ts']],
  ['D. pricing requests', ['test/node/server/prices.test.ts']],
  ['E. upstream faults', ['test/node/server/emulator.test.ts']],
  ['F. browser side (bundles)', ['test/node/reliability/bundle-secrets.test.ts', 'test/node/bundle.test.ts']],
  ['fuzzing', ['test/node/reliability/fuzz.test.ts']],
  ['fault matrix', ['test/node/reliability/faults.test.ts']],
  ['load (short soak)', ['test/node/reliability/soak.test.ts']],
];

const work = mkdtempSync(join(tmpdir(), 'bc-security-'));
const rows = [];
for (const [name, files] of CLASSES) {
  const counts = join(work, 'counts.json');
  rmSync(counts, { force: true });
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=./scripts/node-count-reporter.mjs',
      '--test-reporter-destination=stdout',
      '--test-reporter=spec',
      `--test-reporter-destination=${join(work, 'spec.txt')}`,
      ...files,
    ],
    { env: { ...process.env, BC_TEST_COUNTS: counts }, encoding: 'utf8' },
  );
  const tests = existsSync(counts) ? JSON.parse(readFileSync(counts, 'utf8')) : { passed: 0, failed: 1 };
  const propertyRuns = files
    .map((file) => readFileSync(file, 'utf8'))
    .reduce((sum, text) => sum + [...text.matchAll(/numRuns: (\d+)/g)].reduce((n, m) => n + Number(m[1]), 0), 0);
  const spec = existsSync(join(work, 'spec.txt')) ? readFileSync(join(work, 'spec.txt'), 'utf8') : '';
  const notes = spec
    .split('\n')
    .filter((line) => /^\s*(fuzz|faults|soak):/.test(line))
    .map((line) => line.trim());
  rows.push({ name, files, tests, propertyRuns, status: result.status, notes });
  console.error(`${name}: ${tests.passed} passed, ${tests.failed} failed, ${propertyRuns} property runs`);
}
rmSync(work, { recursive: true, force: true });

console.log('| Class | Suites | Tests passed / failed | Property-based runs | Result |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) {
  const ok = r.tests.failed === 0 && r.status === 0;
  console.log(
    `| ${r.name} | ${r.files.map((f) => `\`${f}\``).join(', ')} | ${r.tests.passed} / ${r.tests.failed} | ${r.propertyRuns} | ${ok ? 'pass' : 'FAIL'} |`,
  );
}
for (const r of rows) for (const note of r.notes) console.log(`\n${note}`);
process.exit(rows.every((r) => r.tests.failed === 0 && r.status === 0) ? 0 : 1);
