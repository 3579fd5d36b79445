/**
 * Backend throughput on Node with autocannon on loopback: /session and /prices (warm cache) of the real backend,
 * next to the naive baseline (per-request key import, no cache); and the single-flight figure: how many upstream
 * calls 200 identical concurrent cold asks make.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createEmulator } from '../src/emulator/index.js';
import { createHandler } from '../src/server/index.js';
import { listen } from '../src/server/node.js';

export interface LoadFigures {
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
}

const PRICES_BODY = JSON.stringify({
  currency: 'USD',
  items: [{ productId: 80 }, { productId: 81 }, { productId: 82 }],
});

async function load(url: string, token: string, body: string, seconds: number): Promise<LoadFigures> {
  const options = {
    url,
    connections: 50,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  };
  // A discarded warm-up, so neither side is measured while the JIT is still compiling its hot path.
  await autocannon({ ...options, duration: 1 });
  const result = await autocannon({ ...options, duration: seconds });
  return {
    rps: Math.round(result.requests.average),
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function startServers(): Promise<{ urls: { backend: string; naive: string; token: string }; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/servers.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench servers exited with ${code}`)));
  });
  return { urls: JSON.parse(line), stop: () => child.kill() };
}

export async function measureBackend(seconds = 5) {
  const { urls, stop } = await startServers();
  try {
    const warm = (url: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${urls.token}` },
        body: PRICES_BODY,
      });
    await warm(`${urls.backend}/prices`);
    return {
      session: await load(`${urls.backend}/session`, urls.token, '{}', seconds),
      sessionNaive: await load(`${urls.naive}/session`, urls.token, '{}', seconds),
      prices: await load(`${urls.backend}/prices`, urls.token, PRICES_BODY, seconds),
      pricesNaive: await load(`${urls.naive}/prices`, urls.token, PRICES_BODY, seconds),
      singleFlight: await singleFlight(),
    };
  } finally {
    stop();
  }
}

/** 200 identical concurrent asks on a cold backend: the upstream pricing calls they cost. */
async function singleFlight(): Promise<{ asks: number; upstreamCalls: number }> {
  const emulator = createEmulator({ rateLimit: { quota: 1_000_000, windowMs: 30_000 } });
  const api = await listen(emulator.handle);
  try {
    const handler = createHandler({
      ...emulator.app,
      storefrontUrl: api.url,
      apiBaseUrl: api.url,
      rateLimit: false,
      logger: { info() {}, warn() {}, error() {} },
    });
    const asks = 200;
    emulator.calls.reset();
    const answers = await Promise.all(
      Array.from({ length: asks }, () =>
        handler(
          new Request('http://backend.test/prices', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: PRICES_BODY,
          }),
        ),
      ),
    );
    if (answers.some((r) => r.status !== 200)) throw new Error('single-flight asks failed');
    return { asks, upstreamCalls: emulator.calls.count('pricing') };
  } finally {
    await api.close();
  }
}
