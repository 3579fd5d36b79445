// The consumer check: test/types/* import the package by name, as apps do, and must type-check against the built
// declarations (plain TypeScript, React 19 JSX, Vue's GlobalComponents, Svelte's SvelteHTMLElements), including
// the `@ts-expect-error` lines that prove wrong prop and handler types are refused. Needs `npm run build` first
// (`npm test` builds before the Node suites).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';

describe('consumer typing (test/types)', () => {
  it('type-checks plain, React 19, Vue and Svelte consumer files against dist/', () => {
    for (const entry of ['dist/index.d.ts', 'dist/types/jsx.d.ts', 'dist/types/vue.d.ts', 'dist/types/svelte.d.ts']) {
      assert.ok(existsSync(entry), `${entry} is missing: run \`npm run build\` first`);
    }
    const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'test/types/tsconfig.json'], {
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, `tsc reported:\n${result.stdout}${result.stderr}`);
    assert.equal(result.stdout.trim(), '');
  });

  it('type-checks the runtime examples (Express, Hono, Next.js, Cloudflare Worker) against dist/', () => {
    assert.ok(existsSync('dist/server/index.d.ts'), 'run `npm run build` first');
    const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'examples/tsconfig.json'], {
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, `tsc reported:\n${result.stdout}${result.stderr}`);
  });
});
