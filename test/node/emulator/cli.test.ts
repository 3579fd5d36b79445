// `bc-customer-elements emulator`: a real process on a free port, its one-line JSON, a custom seed, bad options.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../src/cli.ts', import.meta.url));
const SEED = fileURLToPath(new URL('../../../src/emulator/seed.json', import.meta.url));

/** Starts the command and answers its first stdout line. */
async function start(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'emulator', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: child.stdout });
  const [line] = (await once(lines, 'line')) as [string];
  return { line, stop: () => child.kill() };
}

describe('bc-customer-elements emulator', () => {
  it('--json prints one JSON object on one line with everything a backend needs', async () => {
    const { line, stop } = await start(['--port', '0', '--json']);
    try {
      const info = JSON.parse(line) as Record<string, unknown> & { url: string };
      assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.deepEqual(info, {
        url: info.url,
        storefrontUrl: info.url,
        apiBaseUrl: info.url,
        storeHash: 'emu0store',
        channelId: 1,
        clientId: 'emulatorclientid0000000000000001',
        clientSecret: 'emulator-client-secret-0123456789abcdef0123456789abcdef',
        accessToken: 'emulatoraccesstoken000000000001',
        customers: [
          { id: 1, email: 'wholesale@example.com', password: 'wholesale-demo-1', group: { id: 1, name: 'Wholesale' } },
          { id: 2, email: 'vip@example.com', password: 'vip-demo-1', group: { id: 2, name: 'VIP' } },
          { id: 3, email: 'plain@example.com', password: 'plain-demo-1', group: null },
          { id: 4, email: 'buyer@example.com', password: 'buyer-demo-1', group: { id: 1, name: 'Wholesale' } },
          {
            id: 5,
            email: '"<img src=x onerror=alert(1)>"@example.com',
            password: 'tricky-demo-1',
            group: { id: 2, name: 'VIP' },
          },
        ],
      });
      const time = await fetch(`${info.url}/stores/emu0store/v2/time`, {
        headers: { 'x-auth-token': info.accessToken },
      });
      assert.equal(time.status, 200);
    } finally {
      stop();
    }
  });

  it('--seed replaces the store', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emulator-seed-'));
    try {
      const seed = JSON.parse(await readFile(SEED, 'utf8'));
      seed.store.store_hash = 'otherstore';
      seed.customers = [seed.customers[0]];
      await writeFile(join(dir, 'seed.json'), JSON.stringify(seed));
      const { line, stop } = await start(['--port', '0', '--json', '--seed', join(dir, 'seed.json')]);
      stop();
      const info = JSON.parse(line) as { storeHash: string; customers: unknown[] };
      assert.equal(info.storeHash, 'otherstore');
      assert.equal(info.customers.length, 1);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('reports a bad option or seed plainly and exits 1', async () => {
    for (const args of [['--port', 'x'], ['--seed', '/nonexistent/seed.json'], ['--nope']]) {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'emulator', ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const [code] = (await once(child, 'exit')) as [number];
      assert.equal(code, 1, args.join(' '));
      assert.match(stderr, /^bc-customer-elements: /);
      assert.ok(!stderr.includes('    at '), 'no stack trace');
    }
  });
});
