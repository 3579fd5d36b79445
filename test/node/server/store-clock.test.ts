// The store clock (the `iat` of every customer-login token) against a scripted `/v2/time`: answers that cannot be
// the store's time in seconds (milliseconds, fractions, days away) are logged and never used; the last good offset,
// or the local clock before any, serves instead.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError } from '../../../src/server/http.js';
import { MAX_STORE_CLOCK_SKEW_MS, createStoreClock } from '../../../src/server/store-clock.js';
import type { Upstream } from '../../../src/server/upstream.js';
import { recordingLogger } from './helpers.js';

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);
const REFRESH_MS = 60_000;

/** A store clock whose `/v2/time` answers `answers` in turn (a function throws an upstream failure), at local `now`. */
function scripted(answers: unknown[]) {
  let now = T0;
  let calls = 0;
  const logger = recordingLogger();
  const upstream: Upstream = async () => {
    const answer = answers[Math.min(calls++, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  const clock = createStoreClock({ upstream, now: () => now, refreshMs: REFRESH_MS, logger });
  return {
    clock,
    logger,
    calls: () => calls,
    advance: (ms: number) => void (now += ms),
    implausible: () => logger.lines.filter((l) => l.event === 'store_clock_implausible').length,
  };
}

const localSeconds = T0 / 1000;

describe('store clock', () => {
  it('follows a store that runs behind or ahead, by less than the bound', async () => {
    for (const skew of [-3600, -90, 0, 90, 14 * 3600]) {
      const { clock, implausible } = scripted([{ time: localSeconds + skew }]);
      assert.equal(await clock.nowSeconds(), localSeconds + skew);
      assert.equal(implausible(), 0);
    }
  });

  const implausibleAnswers: [string, number][] = [
    ['milliseconds', T0],
    ['microseconds', T0 * 1000],
    ['a fraction', localSeconds + 0.5],
    ['zero', 0],
    ['negative', -localSeconds],
    ['more than the bound ahead', localSeconds + MAX_STORE_CLOCK_SKEW_MS / 1000 + 3600],
    ['more than the bound behind', localSeconds - MAX_STORE_CLOCK_SKEW_MS / 1000 - 3600],
    ['2**53', 2 ** 53],
    ['Infinity (1e309)', Infinity],
  ];

  for (const [name, time] of implausibleAnswers) {
    it(`logs a store time of ${name} and uses the local clock before any good answer`, async () => {
      const { clock, logger, implausible } = scripted([{ time }]);
      assert.equal(await clock.nowSeconds(), localSeconds);
      assert.equal(implausible(), 1);
      const line = logger.lines.find((l) => l.event === 'store_clock_implausible')!;
      assert.equal(line.level, 'warn');
      assert.equal(line.fields['localTime'], localSeconds);
    });

    it(`keeps the last good offset when a refresh answers ${name}`, async () => {
      const { clock, advance, implausible } = scripted([{ time: localSeconds - 120 }, { time }]);
      assert.equal(await clock.nowSeconds(), localSeconds - 120);
      advance(REFRESH_MS + 1);
      assert.equal(await clock.nowSeconds(), localSeconds - 120 + Math.floor((REFRESH_MS + 1) / 1000));
      assert.equal(implausible(), 1);
    });
  }

  it('asks again only after refreshMs when the first answer was implausible, then takes a good one', async () => {
    const { clock, calls, advance } = scripted([{ time: T0 }, { time: localSeconds + 1 }]);
    assert.equal(await clock.nowSeconds(), localSeconds);
    advance(1000);
    assert.equal(await clock.nowSeconds(), localSeconds + 1);
    assert.equal(calls(), 1, 'no call per token while the store answers nonsense');
    advance(REFRESH_MS);
    // The store answered T0 + 1 s when ours read T0 + 61 s: a minute behind from now on.
    assert.equal(await clock.nowSeconds(), localSeconds + 1);
    advance(5000);
    assert.equal(await clock.nowSeconds(), localSeconds + 6);
    assert.equal(calls(), 2);
  });

  it('still fails a cold clock whose answer holds no time at all (502), as any broken upstream answer', async () => {
    for (const answer of [{}, null, { time: '1772366400' }, new HttpError('ERR_BC_UPSTREAM')]) {
      const { clock } = scripted([answer]);
      await assert.rejects(
        clock.nowSeconds(),
        (error: unknown) => error instanceof HttpError && error.code === 'ERR_BC_UPSTREAM',
      );
    }
  });
});
