/**
 * The package as a user installs it, for the framework consumers in test/consumers/: `npm pack` of the built tree
 * (only what ships), unpacked into test/consumers/node_modules/bc-customer-elements. The apps there resolve it by
 * name from that folder, and its dependencies (lit, jose, @lit/react, react) from the repository's node_modules,
 * as an app's own would. Nothing is written outside the repository. Needs `npm run build` first.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CONSUMERS = fileURLToPath(new URL('../consumers/', import.meta.url));
const MODULES = `${CONSUMERS}node_modules/`;
const TARGET = `${MODULES}bc-customer-elements`;
const MARK = `${TARGET}/.packed-integrity`;

/** Packs the built package and installs it for the consumers (again only when what it packs changed). */
export function installPackedPackage(): void {
  assert.ok(existsSync(`${ROOT}dist/define.js`), 'dist/ is missing: run `npm run build` first');
  const staging = `${MODULES}.pack/`;
  mkdirSync(staging, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const [packed] = JSON.parse(
    execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', staging], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as { filename: string; integrity: string }[];
  const tarball = `${staging}${packed!.filename}`;
  try {
    if (existsSync(MARK) && readFileSync(MARK, 'utf8') === packed!.integrity) return;
    rmSync(TARGET, { recursive: true, force: true });
    mkdirSync(TARGET, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '--strip-components=1', '-C', TARGET]);
    writeFileSync(MARK, packed!.integrity);
  } finally {
    rmSync(tarball, { force: true });
  }
}
