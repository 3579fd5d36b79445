// A node:test reporter that writes {passed, failed, skipped, skipReasons} of the leaf tests to $BC_TEST_COUNTS. A suite
// skipped whole (the contract tests without their spec files) counts as one skipped test: its tests are never listed.
import { writeFileSync } from 'node:fs';

export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, skipReasons: [] };
  const skip = (reason) => {
    counts.skipped += 1;
    if (typeof reason === 'string' && !counts.skipReasons.includes(reason)) counts.skipReasons.push(reason);
  };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { details } = event.data;
    if (details?.type === 'suite') {
      // A suite that failed outside its tests (a hook, a load error) still counts as a failure.
      if (event.type === 'test:fail' && details.error?.failureType !== 'subtestsFailed') counts.failed += 1;
      else if (event.data.skip) skip(event.data.skip);
      continue;
    }
    if (event.data.skip || event.data.todo) skip(event.data.skip);
    else if (event.type === 'test:pass') counts.passed += 1;
    else counts.failed += 1;
  }
  if (process.env.BC_TEST_COUNTS) writeFileSync(process.env.BC_TEST_COUNTS, JSON.stringify(counts));
  yield '';
}
