// SECURITY class F, on the built files a browser loads: the script-tag bundles, the browser-side library modules
// (elements, client, define, index, protocol, errors) and every source map of them (sources and sourcesContent).
// None may hold a secret (the emulator app's client secret and API tokens, a BC_CLIENT_SECRET / BC_ACCESS_TOKEN from
// the environment), the words jwtVerify or SignJWT, or any module of the server, the emulator or jose's signing side.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { createEmulator } from '../../../src/emulator/index.js';

const BUNDLES = ['dist/bc-customer-elements.min.js', 'dist/bc-customer-elements.iife.min.js'];
const BROWSER_MODULES = ['dist/define.js', 'dist/index.js', 'dist/protocol.js', 'dist/errors.js'];
const BROWSER_DIRS = ['dist/elements', 'dist/client'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.js(\.map)?$/.test(name) ? [path] : [];
  });
}

/** Every value that must never reach a browser. */
function secrets(): string[] {
  const emulator = createEmulator();
  const values = [emulator.app.clientSecret, emulator.app.accessToken, ...(emulator.seed.api_tokens ?? []).map((t) => t.access_token)];
  for (const name of ['BC_CLIENT_SECRET', 'BC_ACCESS_TOKEN']) {
    const value = process.env[name]?.trim();
    if (value && value.length >= 8) values.push(value);
  }
  return values;
}

describe('no secret and no server code in what the browser loads', () => {
  let files: string[];
  before(() => {
    if (!BUNDLES.every((file) => existsSync(file) && existsSync(`${file}.map`))) {
      execFileSync(process.execPath, ['node_modules/.bin/rollup', '-c', '--silent'], { stdio: 'inherit' });
    }
    const modules = [...BROWSER_MODULES, ...BROWSER_DIRS.flatMap(filesUnder)].flatMap((file) =>
      file.endsWith('.map') ? [file] : [file, `${file}.map`]);
    files = [...new Set([...BUNDLES, ...BUNDLES.map((file) => `${file}.map`), ...modules])].filter(existsSync).sort();
  });

  it('checks the bundles, their maps and every browser-side module with its map', () => {
    for (const file of [...BUNDLES, ...BUNDLES.map((b) => `${b}.map`), 'dist/define.js.map', 'dist/elements/bc-group-price.js']) {
      assert.ok(files.includes(file), `${file} is checked`);
    }
    assert.ok(files.length > 20, `${files.length} files`);
  });

  it('holds none of the app secrets or API tokens', () => {
    const values = secrets();
    assert.ok(values.length >= 3);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const value of values) assert.ok(!text.includes(value), `${file} holds a secret (${value.slice(0, 4)}…)`);
    }
  });

  it('holds no jwtVerify, SignJWT or clientSecret', () => {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const word of ['jwtVerify', 'SignJWT', 'clientSecret', 'client_secret']) assert.ok(!text.includes(word), `${file} contains ${word}`);
    }
  });

  it('maps no server, emulator or jose signing/verifying module into a bundle', () => {
    for (const file of files.filter((f) => f.endsWith('.map'))) {
      const map = JSON.parse(readFileSync(file, 'utf8')) as { sources: string[] };
      for (const source of map.sources) {
        assert.ok(!/src\/(server|emulator|commands)\//.test(source), `${file} maps ${source}`);
        assert.ok(!/jose\/dist\/.*\/(jwt\/(verify|sign|produce)|jws\/|jwe\/|key\/import|runtime\/)/.test(source), `${file} maps ${source}`);
      }
    }
  });
});
