// `npm test`: the type check, the lint (ESLint and Prettier's check), the build, the browser suites (web-test-runner)
// in each engine — Chromium, Firefox ESR, WebKitGTK (docs/engines.md) — the Node suites, then the framework demos'
// type check (tsc, vue-tsc, svelte-check) and build, and the end-to-end suites (Chromium through playwright-core
// against the demo server and the bridge's host names; the demo and bridge walks of test/e2e/engines.test.ts in all
// three engines).
// The engines run one after the other: all three at once is ~70 s faster on 2 cores but made timing-sensitive tests
// fail (measured; docs/engines.md). BC_ENGINES=firefox,webkit runs only those engines' browser suites and walks.
// Every suite runs even when an earlier one fails; the last line is the total, `N passed, N failed`, and the exit
// code is non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const work = mkdtempSync(join(tmpdir(), 'bc-test-'));
const totals = { passed: 0, failed: 0, skipped: 0, skipReasons: [] };
const perSuite = [];
const ENGINES = ['chromium', 'firefox', 'webkit'];
const engines = process.env.BC_ENGINES ? process.env.BC_ENGINES.split(',').map((e) => e.trim()) : ENGINES;

function run(name, command, args, { counted = true, env = {} } = {}) {
  console.log(`\n== ${name} ==`);
  const countsFile = join(work, `${name}.json`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, ...env, BC_TEST_COUNTS: countsFile },
  });
  let counts = { passed: 0, failed: 0, skipped: 0, skipReasons: [] };
  if (counted) {
    try {
      counts = JSON.parse(readFileSync(countsFile, 'utf8'));
    } catch {
      // The runner died before reporting.
    }
  } else if (result.status === 0) {
    counts.passed = 1;
  }
  // A runner that exits non-zero without reporting a failed test still failed.
  if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  for (const reason of counts.skipReasons ?? [])
    if (!totals.skipReasons.includes(reason)) totals.skipReasons.push(reason);
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${seconds} s)`);
  perSuite.push([name, counts, seconds]);
}

const bin = (name) => join('node_modules', '.bin', name);

run('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], { counted: false });
// ESLint and Prettier's check, one suite: unclean fails the run (scripts/lint.mjs).
run('lint', process.execPath, ['scripts/lint.mjs'], { counted: false });
run('build', process.execPath, [bin('rollup'), '-c', '--silent'], { counted: false });
for (const engine of engines) {
  run(`browser ${engine}`, bin('wtr'), ['--config', 'web-test-runner.config.mjs'], { env: { BC_ENGINE: engine } });
}
run('node', process.execPath, ['scripts/test-node.mjs']);
run('demos', process.execPath, ['scripts/build-demos.mjs', '--typecheck'], { counted: false });
run('e2e', process.execPath, ['scripts/test-e2e.mjs']);

rmSync(work, { recursive: true, force: true });
console.log('\nPer suite:');
for (const [name, counts, seconds] of perSuite) {
  console.log(
    `  ${name.padEnd(18)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped, ${seconds} s`,
  );
}
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
// Why anything was skipped (e.g. the contract tests without their spec files), one line each, above the total.
console.log(totals.skipReasons.map((reason) => `\nskipped: ${reason}`).join(''));
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed > 0 ? 1 : 0);
