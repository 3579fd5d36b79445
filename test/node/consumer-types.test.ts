// The consumer check: test/types/* import the package by name, as apps do, and must type-check against the built
// declarations (plain TypeScript, React 19 JSX, Vue's GlobalComponents, Svelte's SvelteHTMLElements), including
// the `@ts-expect-error` lines that prove wrong prop and handler types are refused. Needs `npm run build` first
// (`npm test` builds before the Node suites).
// test/consumers/* are apps written as the README shows, checked by their ecosystems' own checkers (tsc, vue-tsc,
// svelte-check, astro check) against the packed package installed as a user installs it
// (test/support/consumer-package.ts): real .vue templates with attributes, properties and events, and, for each
// kind of app, a script that imports only an entry that registers elements and listens to their events.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { CONSUMERS, installPackedPackage } from '../support/consumer-package.js';

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

describe('consumer apps (test/consumers) against the packed package', () => {
  before(() => installPackedPackage());

  /** Runs a checker of `node_modules` with node; fails with everything it printed. */
  const check = (tool: string, args: string[], cwd = process.cwd()) => {
    const result = spawnSync(
      process.execPath,
      [new URL(`../../node_modules/${tool}`, import.meta.url).pathname, ...args],
      {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      },
    );
    assert.equal(result.status, 0, `${tool} reported:\n${result.stdout}${result.stderr}`);
  };

  it('plain TypeScript: `bc-customer-elements/define` alone types the tags and their events', () => {
    check('typescript/bin/tsc', ['-p', `${CONSUMERS}plain-app/tsconfig.json`]);
  });

  it("plain TypeScript: one element's entry alone types its events", () => {
    check('typescript/bin/tsc', ['-p', `${CONSUMERS}plain-app/tsconfig.element.json`]);
  });

  it('Vue: .vue templates as the README writes them (product-id="84", :productId.prop, @bc-…) pass vue-tsc; wrong ones are refused', () => {
    check('vue-tsc/bin/vue-tsc.js', ['-p', `${CONSUMERS}vue-app/tsconfig.json`]);
  });

  it('Vue: a component importing only `bc-customer-elements/define` hears typed events', () => {
    check('vue-tsc/bin/vue-tsc.js', ['-p', `${CONSUMERS}vue-app/tsconfig.define.json`]);
  });

  it('Svelte: a component importing only `bc-customer-elements/define` hears typed events (svelte-check)', () => {
    check('svelte-check/bin/svelte-check', [
      '--workspace',
      `${CONSUMERS}svelte-app`,
      '--tsconfig',
      './tsconfig.json',
      '--output',
      'human',
      '--fail-on-warnings',
    ]);
  });

  it("Astro: a page's script importing only `bc-customer-elements/define` hears typed events (astro check)", () => {
    check('astro/astro.js', ['check'], `${CONSUMERS}astro-app`);
  });
});
