// `npm run specs`: puts the BigCommerce spec files the contract tests read (test/bigcommerce-specs.txt lists them:
// file | repository | path | commit | git blob sha1) into $BC_SPECS_DIR (default ../shared/bigcommerce-specs, beside
// the repository), each downloaded from raw.githubusercontent.com at its pinned commit and written only when its git
// blob hash is the pinned one. A file already there with the right hash is kept. `--check` downloads nothing: it
// checks the files already there and exits 1 when one is missing or differs.
// BC_SPECS_BASE_URL replaces https://raw.githubusercontent.com (a mirror; the tests serve the files themselves).
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const SOURCES = process.env.BC_SPECS_SOURCES || join(root, 'test', 'bigcommerce-specs.txt');
const dir = resolve(process.env.BC_SPECS_DIR || join(root, '..', 'shared', 'bigcommerce-specs'));
const base = (process.env.BC_SPECS_BASE_URL || 'https://raw.githubusercontent.com').replace(/\/+$/, '');
const check = process.argv.includes('--check');

/** Git's object id of a file's bytes: sha1("blob <length>\0" + content), what `git hash-object` prints. */
function blobHash(bytes) {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** The pinned files: `file | github.com/owner/repo | path | commit | blob` lines; the rest of the list is prose. */
function pins(text) {
  const line = /^(\S+) \| github\.com\/([\w.-]+\/[\w.-]+) \| (\S+) \| ([0-9a-f]{40}) \| ([0-9a-f]{40})$/;
  return text.split('\n').flatMap((l) => {
    const m = line.exec(l.trim());
    return m ? [{ file: m[1], repo: m[2], path: m[3], commit: m[4], blob: m[5] }] : [];
  });
}

const list = pins(readFileSync(SOURCES, 'utf8'));
if (list.length === 0) {
  console.error(`No pinned files in ${SOURCES}.`);
  process.exit(1);
}
const hashOf = (file) => (existsSync(join(dir, file)) ? blobHash(readFileSync(join(dir, file))) : undefined);
const problems = [];

if (check) {
  for (const pin of list) {
    const hash = hashOf(pin.file);
    if (hash === pin.blob) console.log(`ok       ${pin.file}`);
    else problems.push(`${pin.file}: ${hash ? `blob ${hash}, pinned ${pin.blob}` : 'missing'}`);
  }
} else {
  mkdirSync(dir, { recursive: true });
  console.log(`BigCommerce spec files into ${dir}`);
  for (const pin of list) {
    if (hashOf(pin.file) === pin.blob) {
      console.log(`kept     ${pin.file} (already at ${pin.commit.slice(0, 7)})`);
      continue;
    }
    const url = `${base}/${pin.repo}/${pin.commit}/${pin.path}`;
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const bytes = Buffer.from(await response.arrayBuffer());
      const hash = blobHash(bytes);
      if (hash !== pin.blob) throw new Error(`blob ${hash}, pinned ${pin.blob}: not written`);
      // Written whole or not at all: an interrupted run leaves no half file that a later run would take as present.
      writeFileSync(join(dir, `${pin.file}.part`), bytes);
      renameSync(join(dir, `${pin.file}.part`), join(dir, pin.file));
      console.log(`fetched  ${pin.file} (${bytes.length} bytes, ${pin.repo}@${pin.commit.slice(0, 7)})`);
    } catch (error) {
      problems.push(`${pin.file}: ${url}: ${error instanceof Error ? error.message : error}`);
    }
  }
  if (problems.length === 0) copyFileSync(SOURCES, join(dir, 'SOURCES.txt'));
}

if (problems.length > 0) {
  console.error(
    `\n${problems.length} of ${list.length} spec files ${check ? 'do not match their pins' : 'could not be fetched'} in ${dir}:`,
  );
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`${list.length} spec files match their pinned git blob hashes${check ? '' : '; SOURCES.txt written'}.`);
