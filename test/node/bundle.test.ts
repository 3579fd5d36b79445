// The script-tag bundles: built, self-contained, registering the elements, and free of server code.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';

const bundles = ['dist/bc-customer-elements.min.js', 'dist/bc-customer-elements.iife.min.js'];

describe('script-tag bundles', () => {
  before(() => {
    if (!bundles.every((file) => existsSync(file))) {
      execFileSync(process.execPath, ['node_modules/.bin/rollup', '-c', '--silent'], { stdio: 'inherit' });
    }
  });

  for (const file of bundles) {
    it(`${file} inlines everything and registers the elements`, () => {
      const code = readFileSync(file, 'utf8');
      assert.ok(!/\bfrom\s*["']|(^|[;}])import\s*["']|\bimport\(|\brequire\(/.test(code), 'an import is left to resolve');
      assert.ok(code.includes('"bc-store"') && code.includes('customElements'), 'the bundle registers the elements');
    });

    it(`${file} and its source map hold no server code`, () => {
      for (const text of [readFileSync(file, 'utf8'), readFileSync(`${file}.map`, 'utf8')]) {
        for (const forbidden of ['jwtVerify', 'SignJWT', 'createHandler', 'clientSecret', 'X-Auth-Token']) {
          assert.ok(!text.includes(forbidden), `${file} contains ${forbidden}`);
        }
      }
    });
  }
});
