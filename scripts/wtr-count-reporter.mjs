// A @web/test-runner reporter that writes {passed, failed, skipped} to $BC_TEST_COUNTS, so scripts/test.mjs can
// total every suite, and prints them under the engine's name. A test file that fails to load or run counts as one
// failure; a test skipped (`it.skip`, or `this.skip()` for one engine, its reason beside it) counts as skipped.
import { writeFileSync } from 'node:fs';

function countSuite(suite, counts) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite.suites ?? []) countSuite(child, counts);
}

/** `label` (the engine and its version) heads the counts line it prints at the end of the run. */
export function countReporter({ label } = {}) {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        if (session.testResults) countSuite(session.testResults, counts);
        if (!session.passed && (session.errors?.length ?? 0) > 0) counts.failed += 1;
      }
      if (label) console.log(`\n${label}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
      if (process.env.BC_TEST_COUNTS) writeFileSync(process.env.BC_TEST_COUNTS, JSON.stringify(counts));
    },
  };
}
