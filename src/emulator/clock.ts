/** The emulator's clock: the injected `now` plus an offset that tests move with `set` and `advance`. */
export interface Clock {
  now(): number;
  set(ms: number): void;
  advance(ms: number): void;
}

export function createClock(base: () => number = Date.now): Clock {
  let offset = 0;
  return {
    now: () => base() + offset,
    set(ms) {
      if (!Number.isFinite(ms)) throw new TypeError('clock.set needs a finite number of milliseconds');
      offset = ms - base();
    },
    advance(ms) {
      if (!Number.isFinite(ms)) throw new TypeError('clock.advance needs a finite number of milliseconds');
      offset += ms;
    },
  };
}
