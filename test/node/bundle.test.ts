// The script-tag bundles: built, self-contained, registering the elements, and free of server code.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { SERVED_BUNDLES } from '../../src/commands/demo.js';

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
    it(`${file} inlines everything but its own chunks, and registers the elements`, () => {
      const code = readFileSync(file, 'utf8');
      // An ES module imports nothing but, on demand, its chunks beside it; a classic script imports nothing at all.
      const chunk = file.endsWith('.iife.min.js')
        ? null
        : new RegExp(`^\\./${file.slice('dist/'.length, -'.min.js'.length)}\\.[a-z-]+\\.min\\.js$`);
      const specifiers = [...code.matchAll(/\bimport\s*\(\s*["']([^"']*)["']\s*\)/g)].map((m) => m[1]!);
      assert.ok(
        specifiers.every((specifier) => chunk?.test(specifier)),
        `imports ${specifiers.join(', ')}`,
      );
      assert.ok(!/\bfrom\s*["']|(^|[;}])import\s*["']|\brequire\(/.test(code), 'a static import is left to resolve');
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

  it('loads on demand only what some pages need: the bridge client (pages off the storefront) and the sign-in request', () => {
    const chunks = readdirSync('dist').filter((name) => name.endsWith('.min.js') && !bundles.includes(`dist/${name}`));
    assert.deepEqual(chunks.sort(), [
      'bc-customer-elements.bridge-source.min.js',
      'bc-customer-elements.prices.bridge-source.min.js',
      'bc-customer-elements.sign-in.min.js',
    ]);
    // The demo serves every file a bundle may fetch.
    for (const name of [...chunks, ...bundles.map((file) => file.slice('dist/'.length))])
      assert.ok(SERVED_BUNDLES.includes(name), name);
    for (const name of chunks) {
      const code = readFileSync(`dist/${name}`, 'utf8');
      const own = name.startsWith('bc-customer-elements.prices.')
        ? 'bc-customer-elements.prices.min.js'
        : 'bc-customer-elements.min.js';
      const from = [...code.matchAll(/\bfrom\s*["']([^"']*)["']/g)].map((m) => m[1]);
      assert.deepEqual([...new Set(from)], [`./${own}`], `${name} imports what it shares from its own bundle only`);
    }
  });

  for (const file of priceBundles) {
    it(`${file} registers <bc-store> and <bc-group-price> and holds no other element`, () => {
      const code = readFileSync(file, 'utf8');
      assert.ok(code.includes('"bc-group-price"'), 'the bundle registers bc-group-price');
      for (const absent of [
        'bc-current-customer',
        'bc-checkout-button',
        'bc-sign-in',
        'cart-cookie',
        'signed-in-announcement',
      ]) {
        assert.ok(!code.includes(`"${absent}"`), `${file} holds ${absent}`);
      }
    });
  }
});
