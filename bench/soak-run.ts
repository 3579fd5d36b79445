/**
 * The soak: the backend (its own child process) in front of the emulator (another child), on loopback only, bounded
 * in time. First its capacity is measured (autocannon, as many requests as it answers), then a sustained load at a
 * fraction of it (half by default) runs for `seconds`. Reported: requests, errors, timeouts and unexpected statuses;
 * the backend child's RSS after a forced GC once warmed up and at the end (growth = retained memory, not garbage);
 * the highest RSS seen; and the backend's event-loop delay (p50/p99/max) over the sustained load.
 */
import autocannonUntyped from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ServerSample, UpstreamInfo } from './soak-server.js';

export interface SoakOptions {
  /** Length of the sustained load, in seconds. */
  seconds: number;
  /** Length of the capacity measurement, in seconds. */
  capacitySeconds: number;
  /** Seconds of the sustained load before the baseline RSS is taken (JIT, caches and pools warm up first). */
  warmupSeconds: number;
  /** Fraction of the measured capacity to sustain; default 0.5. */
  fraction?: number;
  connections?: number;
  /** Called with a line of progress now and then. */
  progress?: (line: string) => void;
}

export interface SoakFigures {
  capacityRps: number;
  targetRps: number;
  achievedRps: number;
  requests: number;
  errors: number;
  timeouts: number;
  /** Answers with any status but the expected 200, by status. */
  unexpected: Record<string, number>;
  latencyP99Ms: number;
  rss: { baseline: number; end: number; growth: number; peak: number };
  heapUsed: { baseline: number; end: number };
  loopDelayMs: { p50: number; p99: number; max: number };
}

const SCRIPT = 'bench/soak-server.ts';

/** The part of autocannon's API the soak uses beyond bench/autocannon.d.ts: a request mix, a fixed rate, status counts. */
interface LoadRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}
interface LoadResult {
  requests: { average: number; total: number };
  latency: { p99: number };
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
const autocannon = autocannonUntyped as unknown as (options: {
  url: string;
  connections: number;
  duration: number;
  requests: LoadRequest[];
  /** Requests per second over all connections. */
  overallRate?: number;
  /** Seconds before a request counts as a timeout. */
  timeout: number;
}) => PromiseLike<LoadResult>;

function start(
  role: 'emulator' | 'backend',
  env: Record<string, string> = {},
): { child: ChildProcess; line: Promise<string> } {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', SCRIPT, role], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
  const line = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`soak ${role} exited with ${code}`)));
  });
  return { child, line };
}

function ask<T>(child: ChildProcess, message: { type: string; gc?: boolean }): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (reply: { type: string; sample?: ServerSample }) => {
      if (reply.type !== message.type) return;
      child.off('message', onMessage);
      resolve((reply.sample ?? reply) as T);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/** The request mix: every backend route, signed in and as a guest, each expecting 200. */
function requestMix(upstream: UpstreamInfo): LoadRequest[] {
  const json = { 'content-type': 'application/json' };
  const signedIn = { ...json, authorization: `Bearer ${upstream.token}` };
  const prices = (ids: number[]) => JSON.stringify({ currency: 'USD', items: ids.map((productId) => ({ productId })) });
  return [
    { method: 'POST', path: '/session', headers: signedIn, body: '{}' },
    { method: 'POST', path: '/prices', headers: signedIn, body: prices([80, 81, 82]) },
    { method: 'POST', path: '/prices', headers: json, body: prices([77, 78, 79, 83]) },
    { method: 'POST', path: '/checkout', headers: signedIn, body: JSON.stringify({ cartId: upstream.cartId }) },
    { method: 'POST', path: '/prices', headers: signedIn, body: prices([84, 85]) },
    { method: 'POST', path: '/checkout', headers: json, body: JSON.stringify({ cartId: upstream.cartId }) },
    { method: 'GET', path: '/health' },
  ];
}

export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const { seconds, capacitySeconds, warmupSeconds, fraction = 0.5, connections = 32 } = options;
  const say = options.progress ?? (() => {});
  if (warmupSeconds >= seconds) throw new RangeError('warmupSeconds must be shorter than seconds');
  const emulator = start('emulator');
  let backend: ReturnType<typeof start> | undefined;
  try {
    const upstream = JSON.parse(await emulator.line) as UpstreamInfo;
    backend = start('backend', { SOAK_UPSTREAM: JSON.stringify(upstream) });
    const { url } = JSON.parse(await backend.line) as { url: string };
    const requests = requestMix(upstream);

    say(`capacity: ${capacitySeconds} s at ${connections} connections…`);
    const capacity = await autocannon({ url, connections, duration: capacitySeconds, requests, timeout: 10 });
    const capacityRps = Math.round(capacity.requests.average);
    const targetRps = Math.max(1, Math.floor(capacityRps * fraction));
    say(`capacity ${capacityRps} req/s; sustaining ${targetRps} req/s for ${seconds} s…`);

    const load = autocannon({
      url,
      connections: Math.min(connections, targetRps),
      overallRate: targetRps,
      duration: seconds,
      requests,
      timeout: 10,
    });
    await new Promise((resolve) => setTimeout(resolve, warmupSeconds * 1000));
    const baseline = await ask<ServerSample>(backend.child, { type: 'sample', gc: true });
    await ask(backend.child, { type: 'reset' });
    let peak = baseline.rss;
    const sampler = setInterval(() => {
      void ask<ServerSample>(backend!.child, { type: 'sample' }).then((s) => {
        peak = Math.max(peak, s.rss);
      });
    }, 1000);
    const result = await Promise.resolve(load).finally(() => clearInterval(sampler));
    const end = await ask<ServerSample>(backend.child, { type: 'sample', gc: true });
    peak = Math.max(peak, end.rss);

    const unexpected: Record<string, number> = {};
    for (const [status, { count }] of Object.entries(result.statusCodeStats ?? {}))
      if (status !== '200') unexpected[status] = count;
    return {
      capacityRps,
      targetRps,
      achievedRps: Math.round(result.requests.average),
      requests: result.requests.total,
      errors: result.errors,
      timeouts: result.timeouts,
      unexpected,
      latencyP99Ms: result.latency.p99,
      rss: { baseline: baseline.rss, end: end.rss, growth: (end.rss - baseline.rss) / baseline.rss, peak },
      heapUsed: { baseline: baseline.heapUsed, end: end.heapUsed },
      loopDelayMs: end.loopDelay,
    };
  } finally {
    backend?.child.kill();
    emulator.child.kill();
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** The figures as a few lines of text. */
export function describeSoak(f: SoakFigures, seconds: number): string {
  const unexpected =
    Object.entries(f.unexpected)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ') || 'none';
  return [
    `capacity ${f.capacityRps} req/s; sustained ${f.achievedRps} req/s (target ${f.targetRps}) for ${seconds} s: ${f.requests} requests, p99 latency ${f.latencyP99Ms} ms`,
    `errors ${f.errors}, timeouts ${f.timeouts}, unexpected statuses ${unexpected}`,
    `backend RSS after GC ${mb(f.rss.baseline)} → ${mb(f.rss.end)} (${(f.rss.growth * 100).toFixed(1)} %), peak ${mb(f.rss.peak)}; heap ${mb(f.heapUsed.baseline)} → ${mb(f.heapUsed.end)}`,
    `backend event-loop delay p50 ${f.loopDelayMs.p50} ms, p99 ${f.loopDelayMs.p99} ms, max ${f.loopDelayMs.max} ms`,
  ].join('\n');
}
