/**
 * Whether `POST /sign-in` tells a wrong email from a wrong password by its timing (issue #17 point 4): the backend on
 * Node (`serve`) against the emulator over loopback, its sign-in limits raised and the emulator's lockout off so every
 * attempt reaches the password comparison (a locked account answers without one, for any email).
 *
 * Three sets of attempts, sent one at a time and interleaved round by round (so drift in a shared machine's load
 * falls on all three alike): unknown emails (each a fresh one) with a password; a seeded customer's email with wrong
 * passwords; and a second set exactly like the second, the baseline. The figure is the difference of the medians of
 * the first two; the run's own noise is what separates two identical sets: the larger of the baseline's difference of
 * medians and the 95% bootstrap half-width of that difference. Target: the wrong-email difference within that noise.
 */
import { createEmulator } from '../src/emulator/index.js';
import { listen, serve } from '../src/server/node.js';

export interface TimingSet {
  /** Median, 25th and 75th percentiles, in ms. */
  median: number;
  p25: number;
  p75: number;
}

export interface SignInTimingFigures {
  attempts: number;
  wrongEmail: TimingSet;
  wrongPassword: TimingSet;
  baseline: TimingSet;
  /** median(wrong email) − median(wrong password), ms. */
  difference: number;
  /** median(baseline) − median(wrong password): two identical sets, ms. */
  baselineDifference: number;
  /** The run's noise, ms (see above). */
  noise: number;
  /** Whether every answer was the one 401 ERR_BC_SIGN_IN_FAILED. */
  allRefused: boolean;
}

const quantile = (sorted: readonly number[], q: number) => {
  const at = (sorted.length - 1) * q;
  const low = sorted[Math.floor(at)] ?? NaN;
  const high = sorted[Math.ceil(at)] ?? NaN;
  return low + (high - low) * (at - Math.floor(at));
};
const median = (values: readonly number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

function describe(values: readonly number[]): TimingSet {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p25: quantile(sorted, 0.25), p75: quantile(sorted, 0.75) };
}

/** A fixed-seed generator in [0, 1) (xorshift32): the same samples, the same figures. */
function generator(seed: number): () => number {
  return () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x1_0000_0000;
  };
}

/** 95% bootstrap half-width of median(a) − median(b). */
function bootstrapHalfWidth(a: readonly number[], b: readonly number[], rounds = 1000): number {
  const random = generator(0x2545f491);
  const resample = (values: readonly number[]) => values.map(() => values[Math.floor(random() * values.length)] ?? NaN);
  const differences = Array.from({ length: rounds }, () => median(resample(a)) - median(resample(b))).sort(
    (x, y) => x - y,
  );
  return (quantile(differences, 0.975) - quantile(differences, 0.025)) / 2;
}

export async function measureSignInTiming(
  attempts = Number(process.env.BENCH_SIGN_IN_ATTEMPTS ?? 300),
): Promise<SignInTimingFigures> {
  const emulator = createEmulator({ loginLockout: false, rateLimit: { quota: 1_000_000_000, windowMs: 30_000 } });
  const api = await listen(emulator.handle);
  const page = 'http://page.example.test';
  const backend = await serve({
    ...emulator.app,
    storefrontUrl: api.url,
    apiBaseUrl: api.url,
    allowedOrigins: [page],
    sessionSecrets: [Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64')],
    rateLimit: false,
    signInLimits: { perAddress: 1_000_000, perEmail: 1_000_000 },
    logger: { info() {}, warn() {}, error() {} },
    port: 0,
  });
  const customer = emulator.seed.customers.find((c) => c.email === 'vip@example.com')!;
  let allRefused = true;
  const attempt = async (email: string, password: string): Promise<number> => {
    const started = performance.now();
    const response = await fetch(`${backend.url}/sign-in`, {
      method: 'POST',
      headers: { origin: page, 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const text = await response.text();
    const elapsed = performance.now() - started;
    if (response.status !== 401 || !text.includes('ERR_BC_SIGN_IN_FAILED')) allRefused = false;
    return elapsed;
  };
  const sets = { wrongEmail: [] as number[], wrongPassword: [] as number[], baseline: [] as number[] };
  try {
    // Warm-up: the private token is created, code paths compiled; not counted.
    for (let i = 0; i < 20; i++) {
      await attempt(`warm-${i}@example.com`, 'wrong-password-1');
      await attempt(customer.email, `warm-wrong-${i}`);
    }
    const random = generator(0x9e3779b9);
    for (let i = 0; i < attempts; i++) {
      // A shuffled order each round (Fisher–Yates), so no set keeps a place or a neighbour.
      const order = ['wrongEmail', 'wrongPassword', 'baseline'] as (keyof typeof sets)[];
      for (let j = order.length - 1; j > 0; j--) {
        const k = Math.floor(random() * (j + 1));
        [order[j], order[k]] = [order[k]!, order[j]!];
      }
      for (const kind of order) {
        const elapsed =
          kind === 'wrongEmail'
            ? await attempt(`nobody-${i}@example.com`, `wrong-password-${i}`)
            : await attempt(customer.email, `wrong-password-${i}`);
        sets[kind].push(elapsed);
      }
    }
  } finally {
    await backend.close();
    await api.close();
  }
  const wrongEmail = describe(sets.wrongEmail);
  const wrongPassword = describe(sets.wrongPassword);
  const baseline = describe(sets.baseline);
  const baselineDifference = baseline.median - wrongPassword.median;
  return {
    attempts,
    wrongEmail,
    wrongPassword,
    baseline,
    difference: wrongEmail.median - wrongPassword.median,
    baselineDifference,
    noise: Math.max(Math.abs(baselineDifference), bootstrapHalfWidth(sets.baseline, sets.wrongPassword)),
    allRefused,
  };
}
