// Importing a browser entry of the built library in Node (server rendering, Node tests) must not touch `window`,
// `document` or other browser globals, must not throw, and must define no element. Each import runs in a fresh
// Node process whose browser globals are traps that record any access. Lit's `node` export condition brings its
// own DOM shim and sets `globalThis.customElements` to the shim's registry if there is none: that registry may
// appear, but none of our tags may be in it. A read by a dependency (a guarded `typeof document` in lit-html's node
// build, `typeof navigator` in jose) is not ours and is only recorded. Needs `npm run build` first.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, unknown> };

const TRAPPED = [
  'window',
  'document',
  'location',
  'localStorage',
  'sessionStorage',
  'requestAnimationFrame',
  'matchMedia',
  'navigator',
];

/** Runs in the child: installs the traps, imports the entry, reports what happened as JSON on stdout. */
const probe = (entry: string) => `
const touched = [];
const dependencies = [];
for (const name of ${JSON.stringify(TRAPPED)}) {
  if (name in globalThis) delete globalThis[name];
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      // Who read it: our own modules (dist/) must not; dependencies' guarded feature checks (lit-html's node build
      // looks for a document, jose for navigator) are theirs to make and are only listed.
      const caller = (new Error().stack.split('\\n')[2] ?? '').trim();
      (caller.includes('/node_modules/') ? dependencies : touched).push(name + ' (' + caller + ')');
      return undefined;
    },
    set() { touched.push(name + ' set'); },
  });
}
const registryBefore = globalThis.customElements;
let error = null;
let exported = [];
try {
  exported = Object.keys(await import(${JSON.stringify(entry)})).sort();
} catch (e) {
  error = String(e && e.stack || e);
}
const shim = await import('@lit-labs/ssr-dom-shim');
const registry = globalThis.customElements;
const defined = ['bc-store', 'bc-current-customer', 'bc-group-price', 'bc-checkout-button', 'bc-sign-in']
  .filter((tag) => registry && registry.get(tag) !== undefined);
process.stdout.write(JSON.stringify({
  touched, dependencies, error, exported, defined,
  registryBefore: registryBefore === undefined ? 'undefined' : 'present',
  registry: registry === undefined ? 'undefined' : registry === shim.customElements ? 'lit-shim' : 'other',
}));
`;

interface ProbeResult {
  touched: string[];
  dependencies: string[];
  error: string | null;
  exported: string[];
  defined: string[];
  registryBefore: string;
  registry: string;
}

function importInFreshNode(entry: string): ProbeResult {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe(entry)], {
    encoding: 'utf8',
    // The child resolves bare specifiers (lit, react, the shim) from the repository, as an app's server would.
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as ProbeResult;
}

const browserEntries = () => [
  'bc-customer-elements',
  'bc-customer-elements/client',
  'bc-customer-elements/react',
  'bc-customer-elements/protocol',
  // Each element's own entry, as package.json lists them (the modules they share are not entries).
  ...Object.keys(pkg.exports)
    .filter((entry) => entry.startsWith('./elements/'))
    .sort()
    .map((entry) => `bc-customer-elements${entry.slice(1)}`),
];

describe('browser entries imported in Node', () => {
  it('finds the built library', () => {
    assert.ok(existsSync('dist/index.js'), 'dist/ is missing: run `npm run build` first');
    assert.ok(browserEntries().length >= 8);
  });

  for (const entry of existsSync('dist/elements') ? browserEntries() : []) {
    it(`${entry}: no browser global touched, nothing defined, no error`, () => {
      const result = importInFreshNode(entry);
      assert.equal(result.error, null);
      assert.deepEqual(result.touched, []);
      assert.deepEqual(result.defined, []);
      assert.ok(result.exported.length > 0, 'the entry exports something');
      assert.equal(result.registryBefore, 'undefined');
      // Only Lit's own SSR shim may have put a registry there.
      assert.ok(['undefined', 'lit-shim'].includes(result.registry), result.registry);
    });
  }

  it("bc-customer-elements/define registers into Lit's SSR registry only, touching no browser global", () => {
    const result = importInFreshNode('bc-customer-elements/define');
    assert.equal(result.error, null);
    assert.deepEqual(result.touched, []);
    assert.equal(result.registry, 'lit-shim');
    assert.deepEqual(result.defined, [
      'bc-store',
      'bc-current-customer',
      'bc-group-price',
      'bc-checkout-button',
      'bc-sign-in',
    ]);
  });
});
