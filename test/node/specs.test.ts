// The spec folder the contract tests read (test/support/specs.ts) and `npm run specs` (scripts/fetch-specs.mjs):
// without the folder the contract suites are skipped with one line saying how to get it (failed under CI=true);
// the script downloads the pinned files from their raw URLs (here a local server standing in for
// raw.githubusercontent.com), writes only bytes whose git blob hash is the pinned one, and `--check` verifies the
// files in place against test/bigcommerce-specs.txt.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SPECS_DIR, specsSkip } from '../support/specs.js';

/** Runs a script with Node in a clean test context; answers its exit code and output. */
async function run(args: string[], env: Record<string, string>) {
  const childEnv: Record<string, string | undefined> = { ...process.env, CI: undefined, ...env };
  // This file runs under node:test, which tells its child runners to report to it; the child is its own run here.
  delete childEnv.NODE_TEST_CONTEXT;
  const child = spawn(process.execPath, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  return { code, output };
}

describe('the spec folder', () => {
  let work: string;
  before(() => (work = mkdtempSync(join(tmpdir(), 'bc-specs-'))));
  after(() => rmSync(work, { recursive: true, force: true }));

  /** The contract suite run by the Node runner with BC_SPECS_DIR pointing at an empty folder; its counts. */
  async function contractSuite(env: Record<string, string>) {
    const empty = join(work, `empty-${Object.keys(env).length}`);
    mkdirSync(empty, { recursive: true });
    const counts = join(work, `counts-${Object.keys(env).length}.json`);
    const { code, output } = await run(['scripts/test-node.mjs', 'test/node/emulator/contract.test.ts'], {
      BC_SPECS_DIR: empty,
      BC_TEST_COUNTS: counts,
      ...env,
    });
    return {
      code,
      output,
      empty,
      counts: JSON.parse(readFileSync(counts, 'utf8')) as {
        passed: number;
        failed: number;
        skipped: number;
        skipReasons: string[];
      },
    };
  }

  it('absent (an empty BC_SPECS_DIR): the contract suite is skipped, counted, with one line saying how to get it', async () => {
    const { code, output, empty, counts } = await contractSuite({});
    assert.equal(code, 0, output);
    assert.deepEqual(counts, {
      passed: 0,
      failed: 0,
      skipped: 1,
      skipReasons: [
        `no BigCommerce spec files in ${empty}: run \`npm run specs\` to download them, or set BC_SPECS_DIR to a copy`,
      ],
    });
    assert.equal(output.split('\n').filter((line) => line.includes('npm run specs')).length, 1, output);
  });

  it('absent under CI=true: the contract suite fails, saying so', async () => {
    const { code, output, counts } = await contractSuite({ CI: 'true' });
    assert.notEqual(code, 0);
    assert.ok(counts.failed > 0 && counts.skipped === 0, JSON.stringify(counts));
    assert.match(output, /CI=true and no BigCommerce spec files in .*npm run specs/);
  });

  it(
    'present: the files in it match the git blob hashes test/bigcommerce-specs.txt pins',
    { skip: specsSkip },
    async () => {
      const { code, output } = await run(['scripts/fetch-specs.mjs', '--check'], { BC_SPECS_DIR: SPECS_DIR });
      assert.equal(code, 0, output);
      assert.match(output, /12 spec files match their pinned git blob hashes\./);
    },
  );
});

describe('npm run specs (scripts/fetch-specs.mjs)', () => {
  let work: string;
  let base: string;
  let served: string[] = [];
  const server = createServer((request, response) => {
    served.push(request.url!);
    const file = join(work, 'origin', decodeURIComponent(request.url!));
    if (!existsSync(file)) return void response.writeHead(404).end('Not Found');
    response.writeHead(200, { 'content-type': 'text/plain' }).end(readFileSync(file));
  });
  // Two files of two repositories at their commits, as raw.githubusercontent.com lays them out.
  const files = [
    {
      file: 'a.yml',
      repo: 'bigcommerce/docs',
      path: 'reference/a.yml',
      commit: '1'.repeat(40),
      text: 'openapi: 3.0.0\n',
    },
    {
      file: 'schema.graphql',
      repo: 'bigcommerce/catalyst',
      path: 'core/schema.graphql',
      commit: '2'.repeat(40),
      text: 'type Query { a: Int }\n',
    },
  ];
  /** The pin list, with each file's blob hash as git itself computes it. */
  const pins = () =>
    'Spec files.\nFormat: <file> | repo | path | commit | git blob sha1\n\n' +
    files
      .map((f) => {
        const blob = execFileSync('git', ['hash-object', '--stdin'], { input: f.text, encoding: 'utf8' }).trim();
        return `${f.file} | github.com/${f.repo} | ${f.path} | ${f.commit} | ${blob}`;
      })
      .join('\n') +
    '\n\nNotes: prose the script ignores.\n';

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'bc-fetch-specs-'));
    for (const f of files) {
      mkdirSync(join(work, 'origin', f.repo, f.commit, f.path, '..'), { recursive: true });
      writeFileSync(join(work, 'origin', f.repo, f.commit, f.path), f.text);
    }
    writeFileSync(join(work, 'SOURCES.txt'), pins());
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    server.close();
    rmSync(work, { recursive: true, force: true });
  });

  const fetchSpecs = (dir: string, args: string[] = []) =>
    run(['scripts/fetch-specs.mjs', ...args], {
      BC_SPECS_DIR: dir,
      BC_SPECS_SOURCES: join(work, 'SOURCES.txt'),
      BC_SPECS_BASE_URL: base,
    });

  it('downloads each pinned file at its commit, checks it, writes SOURCES.txt; a second run keeps them', async () => {
    served = [];
    const dir = join(work, 'fresh');
    const first = await fetchSpecs(dir);
    assert.equal(first.code, 0, first.output);
    assert.deepEqual(served.sort(), [
      `/bigcommerce/catalyst/${'2'.repeat(40)}/core/schema.graphql`,
      `/bigcommerce/docs/${'1'.repeat(40)}/reference/a.yml`,
    ]);
    assert.deepEqual(readdirSync(dir).sort(), ['SOURCES.txt', 'a.yml', 'schema.graphql']);
    for (const f of files) assert.equal(readFileSync(join(dir, f.file), 'utf8'), f.text);
    assert.equal(readFileSync(join(dir, 'SOURCES.txt'), 'utf8'), pins());
    served = [];
    const second = await fetchSpecs(dir);
    assert.equal(second.code, 0, second.output);
    assert.deepEqual(served, []);
    assert.equal((await fetchSpecs(dir, ['--check'])).code, 0);
  });

  it('refuses bytes whose blob hash is not the pinned one, and a file it cannot get; --check finds a changed file', async () => {
    const dir = join(work, 'tampered');
    const original = files[0]!;
    writeFileSync(join(work, 'origin', original.repo, original.commit, original.path), 'openapi: 3.0.0\n# changed\n');
    rmSync(join(work, 'origin', files[1]!.repo), { recursive: true });
    try {
      const { code, output } = await fetchSpecs(dir);
      assert.equal(code, 1);
      assert.match(output, /2 of 2 spec files could not be fetched/);
      assert.match(output, /a\.yml: .*: blob [0-9a-f]{40}, pinned [0-9a-f]{40}: not written/);
      assert.match(output, /schema\.graphql: .*: HTTP 404/);
      assert.deepEqual(readdirSync(dir), [], 'nothing written, no SOURCES.txt');
    } finally {
      writeFileSync(join(work, 'origin', original.repo, original.commit, original.path), original.text);
    }
    mkdirSync(join(work, 'origin', files[1]!.repo, files[1]!.commit, 'core'), { recursive: true });
    writeFileSync(join(work, 'origin', files[1]!.repo, files[1]!.commit, files[1]!.path), files[1]!.text);
    assert.equal((await fetchSpecs(dir)).code, 0);
    writeFileSync(join(dir, 'a.yml'), 'openapi: 3.0.1\n');
    const check = await fetchSpecs(dir, ['--check']);
    assert.equal(check.code, 1);
    assert.match(check.output, /a\.yml: blob [0-9a-f]{40}, pinned [0-9a-f]{40}/);
  });
});
