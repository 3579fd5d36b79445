// A @web/test-runner reporter that writes {passed, failed, skipped} to $BC_TEST_COUNTS, so scripts/test.mjs can
// total every suite. A test file that fails to load or run counts as one failure.
import { writeFileSync } from 'node:fs';

function countSuite(suite, counts) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) counts.skipped += 1;
    else if (test.passed) counts.passed += 1;
    else counts.failed += 1;
  }
  for (const child of suite.suites ?? []) countSuite(child, counts);
}

export function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        if (session.testResults) countSuite(session.testResults, counts);
        if (!session.passed && (session.errors?.length ?? 0) > 0) counts.failed += 1;
      }
      if (process.env.BC_TEST_COUNTS) writeFileSync(process.env.BC_TEST_COUNTS, JSON.stringify(counts));
    },
  };
}
