// `npm start` (scripts/start.mjs) as a newcomer runs it: each build step says what it does before it starts and how
// long it took once done, in order, and then the demo server answers. (It rebuilds dist/ and the demos' builds, which
// come out the same as `npm run build` and `npm run build:demos` make them.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';

describe('npm start', () => {
  it('announces each build step, reports its time, then serves the demo', async () => {
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = once(child, 'exit');
    const lines: string[] = [];
    try {
      for await (const line of createInterface({ input: child.stdout })) {
        lines.push(line);
        if (/^bc-customer-elements demo on /.test(line)) break;
      }
      const url = /demo on (http:\/\/\S+?)\/$/.exec(lines.at(-1) ?? '')?.[1];
      assert.ok(url, `no demo address in:\n${lines.join('\n')}\n${stderr}`);
      const steps = lines.filter((line) => /^\[\d\/4\] |^ {6}done in \d+\.\d s$/.test(line));
      assert.deepEqual(
        steps.map((line) => line.replace(/\d+\.\d s/, 'N s').replace(/\(built in N s\)/, '(built in …)')),
        [
          '[1/4] the library: src/ → dist/ (TypeScript to ES modules and declarations, the elements\u2019 custom-elements.json) …',
          '      done in N s',
          '[2/4] the script-tag bundles: dist/bc-customer-elements.min.js, .prices.min.js and their .iife.min.js twins (minified) …',
          '      done in N s',
          '[3/4] the React, Vue and Svelte demos (Vite builds into demo/<name>/dist) …',
          '      done in N s',
          '[4/4] starting the demo server (built in …) …',
        ],
      );
      assert.equal(lines[0], steps[0], 'the first thing printed is the first step');
      assert.equal(stderr, '', 'no warnings');
      assert.equal((await fetch(`${url}/`)).status, 200);
      assert.equal((await fetch(`${url}/bc/health`)).status, 200);
    } finally {
      // start.mjs waits on the server it started: stopping the server ends both (the server stops on SIGTERM).
      child.kill('SIGTERM');
      await exited;
    }
  });
});
