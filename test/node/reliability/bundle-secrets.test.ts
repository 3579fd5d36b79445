// SECURITY class F, on the built files a browser loads: the script-tag bundles (all the demo server serves at
// /dist/), the browser-side library modules (elements, client, define, index, protocol, errors) and every source
// map of them (sources and sourcesContent), and every page and asset of the React, Vue and Svelte demos (built
// afresh into a temporary folder, so the scan never reads a stale build, whatever ran before). None may hold a secret (the emulator app's client secret and API
// tokens, its storefront token, any seeded customer's password, a BC_CLIENT_SECRET / BC_ACCESS_TOKEN from the
// environment), the words jwtVerify or SignJWT, or any module of the server, the emulator or jose's signing side.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SERVED_BUNDLES } from '../../../src/commands/demo.js';
import { createEmulator } from '../../../src/emulator/index.js';

const BUNDLES = SERVED_BUNDLES.filter((file) => file.endsWith('.min.js')).map((file) => `dist/${file}`);
const BROWSER_MODULES = [
  'dist/define.js',
  'dist/define-prices.js',
  'dist/index.js',
  'dist/protocol.js',
  'dist/errors.js',
];
const BROWSER_DIRS = ['dist/elements', 'dist/client'];

const DEMOS = ['react', 'vue', 'svelte'];

/** Every file under `dir` whose name passes `keep`. */
function filesUnder(dir: string, keep: (name: string) => boolean = (name) => /\.js(\.map)?$/.test(name)): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, keep) : keep(name) ? [path] : [];
  });
}

/** Every value that must never reach a browser. */
function secrets(): string[] {
  const emulator = createEmulator();
  const values = [
    emulator.app.clientSecret,
    emulator.app.accessToken,
    emulator.app.storefrontToken,
    ...(emulator.seed.api_tokens ?? []).map((t) => t.access_token),
    ...emulator.seed.customers.map((c) => c.password),
  ];
  for (const name of ['BC_CLIENT_SECRET', 'BC_ACCESS_TOKEN']) {
    const value = process.env[name]?.trim();
    if (value && value.length >= 8) values.push(value);
  }
  return values;
}

describe('no secret and no server code in what the browser loads', () => {
  const demosDir = mkdtempSync(join(tmpdir(), 'bc-demo-scan-'));
  let files: string[];
  let demoFiles: string[];
  before(() => {
    if (!BUNDLES.every((file) => existsSync(file) && existsSync(`${file}.map`)) || !existsSync('dist/define.js')) {
      execFileSync(process.execPath, ['node_modules/.bin/rollup', '-c', '--silent'], { stdio: 'inherit' });
    }
    execFileSync(process.execPath, ['scripts/build-demos.mjs', '--out-dir', demosDir], { stdio: 'inherit' });
    const modules = [...BROWSER_MODULES, ...BROWSER_DIRS.flatMap((dir) => filesUnder(dir))].flatMap((file) =>
      file.endsWith('.map') ? [file] : [file, `${file}.map`],
    );
    demoFiles = filesUnder(demosDir, () => true).sort();
    files = [...new Set([...BUNDLES, ...BUNDLES.map((file) => `${file}.map`), ...modules])].filter(existsSync).sort();
    files.push(...demoFiles);
  });
  after(() => rmSync(demosDir, { recursive: true, force: true }));

  it('checks the bundles, their maps and every browser-side module with its map', () => {
    const served = SERVED_BUNDLES.map((file) => `dist/${file}`);
    assert.ok(
      BUNDLES.includes('dist/bc-customer-elements.prices.min.js') &&
        BUNDLES.includes('dist/bc-customer-elements.sign-in.min.js'),
      BUNDLES.join(),
    );
    for (const file of [
      ...BUNDLES,
      ...BUNDLES.map((b) => `${b}.map`),
      ...served,
      'dist/define.js.map',
      'dist/elements/bc-group-price.js',
    ]) {
      assert.ok(files.includes(file), `${file} is checked`);
    }
    assert.ok(files.length > 20, `${files.length} files`);
  });

  it('checks every page and asset of the three framework demos', () => {
    for (const name of DEMOS) {
      const own = demoFiles.filter((file) => file.startsWith(join(demosDir, name)));
      assert.ok(own.includes(join(demosDir, name, 'index.html')), `${name}: its page is checked`);
      assert.ok(
        own.some((file) => file.endsWith('.js')),
        `${name}: its script is checked`,
      );
    }
  });

  it('holds none of the app secrets, API tokens or customer passwords', (t) => {
    const values = secrets();
    assert.ok(values.length >= 8);
    const hits = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return values
        .filter((value) => text.includes(value))
        .map((value) => `${file} holds a secret (${value.slice(0, 4)}…)`);
    });
    assert.deepEqual(hits, []);
    t.diagnostic(`${values.length} secrets, ${files.length} files (${demoFiles.length} of the demos)`);
  });

  it('holds no jwtVerify, SignJWT or clientSecret', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const word of ['jwtVerify', 'SignJWT', 'clientSecret', 'client_secret'])
        assert.ok(!text.includes(word), `${file} contains ${word}`);
    }
  });

  it('maps no server, emulator or jose signing/verifying module into a bundle', () => {
    for (const file of files.filter((f) => f.endsWith('.map'))) {
      const map = JSON.parse(readFileSync(file, 'utf8')) as { sources: string[] };
      for (const source of map.sources) {
        assert.ok(!/src\/(server|emulator|commands)\//.test(source), `${file} maps ${source}`);
        assert.ok(
          !/jose\/dist\/.*\/(jwt\/(verify|sign|produce)|jws\/|jwe\/|key\/import|runtime\/)/.test(source),
          `${file} maps ${source}`,
        );
      }
    }
  });
});
