// The command line as a user meets it: a bare call and --help print the usage, --version the package's version,
// every command answers --help without running, and `serve`'s messages name the environment variable that is wrong
// (the BC_ALLOWED_ORIGINS entry, a pattern, PORT) and warn when BC_ALLOWED_ORIGINS is unset. Real processes.
// (The installed package's CLI, from its tarball: test/node/package.test.ts.)
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';

const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const SERVE_ENV = {
  BC_STORE_HASH: 'abc123',
  BC_CLIENT_ID: 'cid',
  BC_CLIENT_SECRET: 'y'.repeat(40),
  BC_ACCESS_TOKEN: 'tok',
  BC_STOREFRONT_URL: 'https://shop.example.com',
};

/** Runs the CLI to its end (a command that would keep running is a failure: the timeout kills it). */
function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('bc-customer-elements (the CLI)', () => {
  it('a bare call, help, --help and -h print the usage with every command and exit 0', () => {
    for (const args of [[], ['help'], ['--help'], ['-h']]) {
      const { status, stdout, stderr } = cli(args);
      assert.equal(status, 0, args.join(' '));
      assert.equal(stderr, '');
      assert.match(stdout, /^Usage: bc-customer-elements <command> \[options\]\n/);
      for (const command of ['serve', 'emulator', 'demo', 'bridge'])
        assert.match(stdout, new RegExp(`\\n  ${command} `), command);
      assert.match(stdout, /--version/);
    }
  });

  it('--version and -v print the package version', () => {
    for (const flag of ['--version', '-v'])
      assert.deepEqual(cli([flag]), { status: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('every command answers --help and -h with its usage, exit 0, without running', () => {
    for (const command of ['serve', 'emulator', 'demo', 'bridge']) {
      for (const flag of ['--help', '-h']) {
        // No configuration at all: a command that ran instead would fail or keep running.
        const { status, stdout, stderr } = cli([command, flag]);
        assert.equal(status, 0, `${command} ${flag}: ${stderr}`);
        assert.equal(stderr, '');
        assert.match(stdout, new RegExp(`^Usage: bc-customer-elements ${command}`), `${command} ${flag}`);
      }
    }
    assert.match(cli(['serve', '--help']).stdout, /BC_ALLOWED_ORIGINS .*\n[\s\S]*\/ready/);
    assert.match(cli(['emulator', '--help']).stdout, /--port N[\s\S]*--json/);
    assert.match(cli(['demo', '--help']).stdout, /PORT[\s\S]*HOST/);
  });

  it('an unknown command or argument is refused with the usage', () => {
    const unknown = cli(['nope']);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /^Unknown command "nope"\.\n\nUsage:/);
    for (const args of [
      ['demo', 'now'],
      ['serve', '--port', '80'],
    ]) {
      const { status, stderr } = cli(args, SERVE_ENV);
      assert.equal(status, 1, args.join(' '));
      assert.match(stderr, new RegExp(`^bc-customer-elements: ${args[0]} takes no arguments \\(got "${args[1]}"\\)`));
    }
  });

  it('serve names the variable a user set wrong, never echoing a secret', () => {
    const cases: [Record<string, string>, string][] = [
      [{ BC_CLIENT_SECRET: 'short' }, 'BC_CLIENT_SECRET must be at least 32 bytes'],
      [
        { BC_ALLOWED_ORIGINS: 'https://www.example.com,https://shop.example.com/' + 'cart' },
        'BC_ALLOWED_ORIGINS entry "https://shop.example.com/cart" must be an http(s) origin such as https://shop.example.com (no path, query or credentials)',
      ],
      [
        { BC_ALLOWED_ORIGINS: 'https://*.example.com' },
        'BC_ALLOWED_ORIGINS entry "https://*.example.com" is a pattern: origins are compared exactly, so list each one (https://a.example.com,https://b.example.com)',
      ],
      [{ PORT: '80808' }, 'PORT must be at most 65535 (got "80808").'],
      [{ PORT: 'http' }, 'PORT must be a whole number (got "http").'],
      [{ BC_REDIS_URL: 'https://user:hunter2@redis.example.com' }, 'BC_REDIS_URL must be a redis:// or rediss:// URL'],
    ];
    for (const [extra, message] of cases) {
      const { status, stdout, stderr } = cli(['serve'], { ...SERVE_ENV, ...extra });
      assert.equal(status, 1, message);
      assert.equal(stdout, '');
      assert.equal(stderr, `bc-customer-elements: ${message}\n`);
    }
  });

  it('emulator: a bad PORT is named; --port overrides it', () => {
    const bad = cli(['emulator'], { PORT: '99999' });
    assert.equal(bad.status, 1);
    assert.equal(bad.stderr, 'bc-customer-elements: PORT must be at most 65535 (got "99999").\n');
    assert.equal(
      cli(['emulator', '--port', '65536']).stderr,
      'bc-customer-elements: --port must be at most 65535 (got "65536").\n',
    );
  });

  /** Starts `serve` on a free port, stops it once it has printed its address; answers that line and all of stderr. */
  async function startServe(extra: Record<string, string>) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve'], {
      env: { PATH: process.env.PATH, ...SERVE_ENV, PORT: '0', ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const closed = once(child, 'close');
    let line: string;
    try {
      [line] = (await Promise.race([
        new Promise((resolve) => createInterface({ input: child.stdout }).once('line', (l) => resolve([l]))),
        closed.then(() => Promise.reject(new Error(`serve exited: ${stderr}`))),
      ])) as [string];
    } finally {
      child.kill('SIGTERM');
    }
    // Stopped and read to its end ('close' comes after its streams end): whatever it wrote at start is in `stderr`.
    await closed;
    return { line, stderr };
  }

  it('serve warns at start when BC_ALLOWED_ORIGINS is unset, and not when it is set', async () => {
    const unset = await startServe({});
    assert.match(unset.line, /^bc-customer-elements serve: http:\/\/127\.0\.0\.1:\d+\/ \(store abc123\)$/);
    assert.match(
      unset.stderr,
      /^bc-customer-elements serve: warning: BC_ALLOWED_ORIGINS is not set, so only pages on the backend's own origin may call it; pages on other origins get 403\. Set it to their origins, comma-separated \(https:\/\/www\.example\.com\)\.\n$/,
    );
    const set = await startServe({ BC_ALLOWED_ORIGINS: 'https://www.example.com' });
    assert.equal(set.stderr, '');
  });
});
