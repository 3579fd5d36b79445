// The short soak `npm test` runs (the long one is `npm run soak`): the backend in its own process at half its
// measured capacity, loopback only, for SOAK_TEST_SECONDS (default 10). No errors, no timeouts, no status but 200,
// and the backend's RSS, taken after a forced GC once warmed up and again at the end, grows by less than 10 %.
// (Taking both after GC and after the warm-up keeps this meaningful over a short run: it measures retained memory,
// not how far the heap happened to have grown between collections.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeSoak, runSoak } from '../../../bench/soak-run.js';

const seconds = Number(process.env['SOAK_TEST_SECONDS'] ?? 10);

describe('soak (short)', () => {
  it(`sustains half its capacity for ${seconds} s without errors or memory growth`, async () => {
    const figures = await runSoak({ seconds, capacitySeconds: 3, warmupSeconds: 3 });
    console.log(`soak: ${describeSoak(figures, seconds).replaceAll('\n', '\nsoak: ')}`);
    assert.ok(figures.requests > 0, 'requests were answered');
    assert.equal(figures.errors, 0, 'errors');
    assert.equal(figures.timeouts, 0, 'timeouts');
    assert.deepEqual(figures.unexpected, {}, 'statuses other than 200');
    assert.ok(figures.rss.growth < 0.1, `RSS grew ${(figures.rss.growth * 100).toFixed(1)} %`);
  });
});
