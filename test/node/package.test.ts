// What `npm pack` puts in the package: the built library, its declarations, the manifest, the script-tag bundles,
// the docs and the changelog; never sources, tests, the demo (or its builds), examples, or declaration maps that
// point at sources it does not ship. Every file package.json names (exports, bin, types, customElements) is in it.
// Needs `npm run build` first.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

interface PackResult {
  files: { path: string; size: number }[];
  size: number;
  unpackedSize: number;
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
let files: string[] = [];
let pack: PackResult;

/** Every file path package.json points at (exports targets, bin, main, types, customElements). */
function namedTargets(): string[] {
  const targets = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') targets.add(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(pkg.exports);
  walk(pkg.bin);
  for (const field of ['main', 'module', 'types', 'customElements', 'unpkg', 'jsdelivr']) walk(pkg[field]);
  return [...targets].map((target) => target.replace(/^\.\//, ''));
}

describe('npm pack', () => {
  before(() => {
    assert.ok(existsSync('dist/index.js') && existsSync('dist/custom-elements.json'), 'run `npm run build` first');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    pack = (JSON.parse(out) as PackResult[])[0]!;
    files = pack.files.map((file) => file.path).sort();
  });

  it('holds only the built library, docs, README, CHANGELOG, LICENSE and package.json', () => {
    assert.ok(files.includes('LICENSE'), 'the licence ships');
    const allowed = (path: string) =>
      path === 'package.json' ||
      path === 'LICENSE' ||
      path === 'README.md' ||
      path === 'CHANGELOG.md' ||
      /^docs\/[a-z0-9-]+\.md$/.test(path) ||
      (path.startsWith('dist/') && /\.(js|d\.ts|js\.map|json)$/.test(path) && !path.endsWith('.d.ts.map'));
    assert.deepEqual(
      files.filter((path) => !allowed(path)),
      [],
    );
  });

  it('leaves out sources, tests, the demo and its builds, examples, bench and node_modules', () => {
    const forbidden = /(^|\/)(src|test|tests|demo|examples|bench|scripts|node_modules|coverage|test-results)\//;
    assert.deepEqual(
      files.filter((path) => forbidden.test(path.replace(/^dist\//, ''))),
      [],
    );
    assert.deepEqual(
      files.filter((path) => /\.test\.|\.spec\.|\.tsx?$/.test(path) && !path.endsWith('.d.ts')),
      [],
    );
    assert.deepEqual(
      files.filter((path) => /\.(png|jpe?g|html|css|tgz)$/.test(path)),
      [],
    );
  });

  it('holds every file package.json names', () => {
    assert.deepEqual(
      namedTargets().filter((target) => !files.includes(target)),
      [],
    );
  });

  it('ships the framework entries, the script-tag bundles and the manifest', () => {
    for (const path of [
      'dist/react.js',
      'dist/react.d.ts',
      'dist/types/jsx.d.ts',
      'dist/types/vue.d.ts',
      'dist/types/svelte.d.ts',
      'dist/bc-customer-elements.min.js',
      'dist/bc-customer-elements.iife.min.js',
      'dist/custom-elements.json',
      'dist/bc-customer-elements.prices.min.js',
      'dist/bc-customer-elements.prices.iife.min.js',
      'dist/server/index.js',
      'dist/server/node.js',
      'dist/cli.js',
      'docs/protocol.md',
      'docs/deploying.md',
    ]) {
      assert.ok(files.includes(path), path);
    }
  });

  it('imports redis (an optional peer dependency) from the server/redis entry only', () => {
    assert.equal(pkg.peerDependenciesMeta?.redis?.optional, true);
    assert.equal(pkg.dependencies?.redis, undefined);
    const importers = files
      .filter((path) => path.endsWith('.js'))
      .filter((path) => /(\bfrom\s*|\bimport\s*\(?\s*)["'](redis|@redis\/[^"']+)["']/.test(readFileSync(path, 'utf8')));
    assert.deepEqual(importers, ['dist/server/redis.js']);
  });

  it('points CDNs (unpkg, jsDelivr) at the classic script-tag bundle, which works in <script> with or without type="module"', () => {
    assert.deepEqual(
      [pkg.unpkg, pkg.jsdelivr],
      ['./dist/bc-customer-elements.iife.min.js', './dist/bc-customer-elements.iife.min.js'],
    );
    // A classic script: no import or export statement at its top level.
    const bundle = readFileSync('dist/bc-customer-elements.iife.min.js', 'utf8');
    assert.match(bundle, /^!function\(|^\(function\(|^var BcCustomerElements=/);
    assert.doesNotMatch(bundle, /(^|[;}])\s*(import|export)\s*[{*'"]/);
  });

  // A guard against shipping something by mistake (a folder, a fixture). The four script-tag bundles' source maps are
  // the largest files (about 100 kB each unpacked, Lit's sources included so a page's debugger shows real code).
  it('stays small (under 700 kB packed)', () => {
    assert.ok(pack.size < 700_000, `packed size ${pack.size} B`);
  });
});

// The CLI as `npm install` leaves it: the tarball unpacked, its dependencies resolved from this checkout's
// node_modules (linked beside it, read only). The demo needs demo/, which the package does not ship, so the
// installed CLI neither lists nor runs it, and says where it runs instead.
describe('the installed CLI (from the packed tarball)', () => {
  let work: string;
  let cli: string;
  const run = (args: string[]) => {
    const result = spawnSync(process.execPath, [cli, ...args], {
      cwd: work,
      env: { PATH: process.env.PATH },
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  before(() => {
    assert.ok(existsSync('dist/cli.js'), 'run `npm run build` first');
    work = mkdtempSync(join(tmpdir(), 'bc-installed-'));
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const out = execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const tarball = join(work, (JSON.parse(out) as { filename: string }[])[0]!.filename);
    execFileSync('tar', ['-xzf', tarball, '-C', work]);
    symlinkSync(resolve('node_modules'), join(work, 'node_modules'), 'dir');
    cli = join(work, 'package', pkg.bin['bc-customer-elements']);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('lists serve, emulator and bridge, not demo', () => {
    const { status, stdout } = run(['--help']);
    assert.equal(status, 0);
    assert.deepEqual(
      [...stdout.matchAll(/^ {2}(\w+) {2,}/gm)].map((m) => m[1]),
      ['serve', 'emulator', 'bridge'],
    );
    assert.equal(run(['--version']).stdout, `${pkg.version}\n`);
  });

  it('answers demo with where the demo runs, exit 2, instead of crashing', () => {
    const { status, stdout, stderr } = run(['demo']);
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /^The demo runs from a checkout of the repository \(npm install && npm start there\)/);
    assert.ok(!stderr.includes('ENOENT'), stderr);
  });

  it('runs its commands: serve --help, and the emulator answers', async () => {
    assert.match(run(['serve', '--help']).stdout, /^Usage: bc-customer-elements serve/);
    const child = spawn(process.execPath, [cli, 'emulator', '--port', '0', '--json'], {
      cwd: work,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const line = await new Promise<string>((done) => createInterface({ input: child.stdout }).once('line', done));
      const info = JSON.parse(line) as { url: string; storeHash: string; accessToken: string };
      const time = await fetch(`${info.url}/stores/${info.storeHash}/v2/time`, {
        headers: { 'x-auth-token': info.accessToken },
      });
      assert.equal(time.status, 200);
    } finally {
      child.kill();
    }
  });
});

// What each entry point publishes, name by name: a module that starts exporting something (an internal helper through
// a re-export, a wildcard) or stops exporting it changes the package's API, and must change this list with it.
// Types are checked by the type suites (test/types); this is the runtime surface.
const ELEMENTS = ['bc-store', 'bc-current-customer', 'bc-group-price', 'bc-checkout-button', 'bc-sign-in'];
const ELEMENT_CLASSES = ['BcCheckoutButton', 'BcCurrentCustomer', 'BcGroupPrice', 'BcSignIn', 'BcStore'];
const EVENT_CLASSES = [
  'BcBeforeCheckoutEvent',
  'BcCheckoutEvent',
  'BcCustomerChangeEvent',
  'BcErrorEvent',
  'BcPriceChangeEvent',
];
const ENTRY_EXPORTS: Record<string, readonly string[]> = {
  '.': [
    ...ELEMENT_CLASSES,
    ...EVENT_CLASSES,
    'BcSignInEvent',
    'BcError',
    'ConfigController',
    'CustomerController',
    'StoreSettingsElement',
    'cookieCartIdSource',
    'createPriceBatcher',
    'formatPrice',
    'registerMessages',
    'signIn',
    'signOut',
  ],
  './define': [...ELEMENT_CLASSES, 'registerMessages', 'signIn', 'signOut'],
  ...Object.fromEntries(
    ELEMENTS.map((tag) => [`./elements/${tag}`, [tag.replace(/(^|-)(\w)/g, (_, _dash, c: string) => c.toUpperCase())]]),
  ),
  './client': [
    ...EVENT_CLASSES,
    'DEFAULT_CART_COOKIE',
    'MAX_TOKEN_CHARS',
    'STORE_CHANGE_EVENT',
    'checkStorefrontUrl',
    'cookieCartIdSource',
    'createBackendClient',
    'createPriceBatcher',
    'createSession',
    'createSessionPriceBatcher',
    'formatPrice',
    'getPriceBatcher',
    'getSession',
    'messagesFor',
    'notifyConfigChange',
    'observeConfig',
    'parseOptions',
    'readCookie',
    'readDisplayClaims',
    'registerMessages',
    'requestCheckoutUrl',
    'resolveConfig',
    'signIn',
    'signOut',
    'tokenFromBody',
  ],
  './react': ELEMENT_CLASSES,
  './jsx': [],
  './vue': [],
  './svelte': [],
  './protocol': [
    'ERROR_STATUS',
    'MAX_BODY_BYTES',
    'MAX_EMAIL_LENGTH',
    'MAX_ITEM_OPTIONS',
    'MAX_PASSWORD_LENGTH',
    'MAX_PRICE_ITEMS',
    'ROUTES',
    'customerFromClaim',
    'groupIdFromClaim',
    'isCartId',
    'isErrorBody',
    'itemKey',
    'normalizeOptions',
  ],
  './server': [
    'MIN_SECRET_BYTES',
    'OptionError',
    'checkedRedirectPath',
    'createHandler',
    'forwardedClientIp',
    'jsonLineLogger',
  ],
  './server/node': [
    'LISTEN_DEFAULTS',
    'SERVE_ENV',
    'clientAddress',
    'listen',
    'serve',
    'serveOptionsFromEnv',
    'toNodeListener',
    'toRequest',
    'writeResponse',
  ],
  './server/redis': ['REDIS_RECONNECT_MAX_MS', 'createRedisState'],
  './emulator': ['ROUTE_NAMES', 'createEmulator', 'defaultSeed', 'isEmulatorPath'],
};
// Files, not modules to import: the script-tag bundles (they register the elements in a browser), the manifest.
const FILE_ENTRIES = [
  './bundle',
  './bundle.iife',
  './bundle.prices',
  './bundle.prices.iife',
  './custom-elements.json',
  './package.json',
];

describe('entry points', () => {
  it('are listed one by one: no wildcard, each module entry with its types', () => {
    const entries = Object.keys(pkg.exports);
    assert.deepEqual(
      entries.filter((entry) => entry.includes('*')),
      [],
    );
    assert.deepEqual([...entries].sort(), [...Object.keys(ENTRY_EXPORTS), ...FILE_ENTRIES].sort());
    for (const entry of Object.keys(ENTRY_EXPORTS)) {
      const target = pkg.exports[entry] as { types: string; default: string };
      assert.deepEqual(Object.keys(target), ['types', 'default'], entry);
      assert.equal(target.types, target.default.replace(/\.js$/, '.d.ts'), entry);
    }
  });

  for (const [entry, names] of Object.entries(ENTRY_EXPORTS)) {
    it(`${entry} exports exactly its public names`, async () => {
      assert.ok(existsSync('dist/index.js'), 'run `npm run build` first');
      const module = (await import(pathToFileURL(resolve(pkg.exports[entry].default)).href)) as Record<string, unknown>;
      assert.deepEqual(Object.keys(module).sort(), [...names].sort());
    });
  }

  it("the root entry leaves the protocol's rules to ./protocol and the browser core's internals to ./client", () => {
    const root = ENTRY_EXPORTS['.']!;
    assert.deepEqual(
      root.filter((name) => ENTRY_EXPORTS['./protocol']!.includes(name)),
      [],
    );
    for (const internal of [
      'resolveConfig',
      'observeConfig',
      'readDisplayClaims',
      'tokenFromBody',
      'createBackendClient',
    ]) {
      assert.ok(!root.includes(internal), internal);
    }
  });

  it('no built module imports tslib (it is a build-time need of the TypeScript plugin only)', () => {
    assert.equal(pkg.dependencies.tslib, undefined);
    assert.deepEqual(
      files.filter((path) => path.endsWith('.js') && /["']tslib["']/.test(readFileSync(path, 'utf8'))),
      [],
    );
  });

  it('builds before packing', () => {
    assert.match(pkg.scripts.prepack, /\bnpm run build\b|\brollup\b/);
  });
});
