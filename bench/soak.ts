/**
 * `npm run soak`: the backend at half its measured capacity for SOAK_SECONDS (default 180), loopback only, in child
 * processes (bench/soak-server.ts). Exits non-zero on any error, timeout or unexpected status, or when the backend's
 * RSS (after GC, warmed up → end) grows by 10 % or more. SOAK_CAPACITY_SECONDS (default 10) sets the capacity run,
 * SOAK_WARMUP_SECONDS (default 10 % of the soak, at least 5) the warm-up before the baseline, SOAK_FRACTION the share
 * of capacity (default 0.5).
 */
import { cpus } from 'node:os';
import { describeSoak, runSoak } from './soak-run.js';

const number = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got "${raw}")`);
  return value;
};

const seconds = number('SOAK_SECONDS', 180);
const capacitySeconds = number('SOAK_CAPACITY_SECONDS', 10);
const warmupSeconds = number('SOAK_WARMUP_SECONDS', Math.max(5, Math.round(seconds / 10)));
const fraction = number('SOAK_FRACTION', 0.5);
const MAX_GROWTH = 0.1;

console.log(`bc-customer-elements soak — ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
const figures = await runSoak({
  seconds,
  capacitySeconds,
  warmupSeconds,
  fraction,
  progress: (line) => console.log(line),
});
console.log(describeSoak(figures, seconds));

const problems: string[] = [];
if (figures.errors > 0) problems.push(`${figures.errors} errors`);
if (figures.timeouts > 0) problems.push(`${figures.timeouts} timeouts`);
if (Object.keys(figures.unexpected).length > 0)
  problems.push(`unexpected statuses ${JSON.stringify(figures.unexpected)}`);
if (figures.rss.growth >= MAX_GROWTH)
  problems.push(`RSS grew ${(figures.rss.growth * 100).toFixed(1)} % (limit ${MAX_GROWTH * 100} %)`);
if (figures.requests === 0) problems.push('no request was answered');
if (problems.length > 0) {
  console.error(`soak FAILED: ${problems.join('; ')}`);
  process.exitCode = 1;
} else console.log('soak passed');
