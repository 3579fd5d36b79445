// The script-tag bundles: built, self-contained, registering the elements, and free of server code.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';

const fullBundles = ['dist/bc-customer-elements.min.js', 'dist/bc-customer-elements.iife.min.js'];
/** The price page's: `<bc-store>` and `<bc-group-price>` only. */
const priceBundles = ['dist/bc-customer-elements.prices.min.js', 'dist/bc-customer-elements.prices.iife.min.js'];
const bundles = [...fullBundles, ...priceBundles];

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

  for (const file of priceBundles) {
    it(`${file} registers <bc-store> and <bc-group-price> and holds no other element`, () => {
      const code = readFileSync(file, 'utf8');
      assert.ok(code.includes('"bc-group-price"'), 'the bundle registers bc-group-price');
      for (const absent of ['bc-current-customer', 'bc-checkout-button', 'bc-sign-in', 'cart-cookie', 'signed-in-announcement']) {
        assert.ok(!code.includes(`"${absent}"`), `${file} holds ${absent}`);
      }
    });
  }
});
