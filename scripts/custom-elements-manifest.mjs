// The custom elements manifest (custom-elements.json, https://github.com/webcomponents/custom-elements-manifest)
// analyzed from the elements' source and JSDoc with @custom-elements-manifest/analyzer and its Lit plugin.
// It is generated at build time into dist/ (rollup.config.mjs calls `writeManifest`) and shipped from there, named by
// package.json's `customElements`: it is build output, like the code it describes, so it cannot drift from that code
// and the repository stays free of generated files. The element tables of docs/elements.md are generated from the same
// analysis (scripts/readme-api.mjs), and test/node/manifest.test.ts fails when they or dist/ are stale.
//
//   node scripts/custom-elements-manifest.mjs [out-file]   (default dist/custom-elements.json)
import { create, ts } from '@custom-elements-manifest/analyzer';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ELEMENTS_DIR = 'src/elements';

/** Source path → the shipped module (`src/elements/bc-store.ts` → `dist/elements/bc-store.js`). */
const shippedPath = (path) => path.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js');

/** Keeps what a page author can use: drops private and protected members, and statics other than `define`. */
function publicOnly(declaration) {
  if (!declaration.members) return declaration;
  const members = declaration.members
    .filter((member) => !member.privacy || member.privacy === 'public')
    .filter((member) => !(member.static && member.name === 'styles'));
  return { ...declaration, members };
}

/**
 * The analyzer also records every `dispatchEvent(new X(…))` it sees, by class, with no description (and a name
 * guessed from the first argument, or none). Those are dropped when a documented `@fires {X} name - …` carries the
 * same class, and returned as `undocumented` otherwise (the manifest test fails on them: a dispatched event without
 * an `@fires` line is a gap in the docs).
 */
function documentedEvents(declaration, undocumented) {
  if (!declaration.events) return declaration;
  const documented = declaration.events.filter((event) => event.name && event.description);
  for (const event of declaration.events) {
    if (documented.includes(event)) continue;
    const type = event.type?.text;
    if (!documented.some((known) => known.type?.text === type))
      undocumented.push(`${declaration.name}: ${type ?? event.name}`);
  }
  return { ...declaration, events: documented };
}

/** Analyzes the bc-* element modules: `{manifest, undocumented}`. */
export function analyzeWithGaps() {
  // store-settings.ts: the settings every element inherits (the analyzer copies them into each element).
  const files = readdirSync(join(root, ELEMENTS_DIR))
    .filter((name) => /^bc-.*\.ts$/.test(name) || name === 'store-settings.ts')
    .sort()
    .map((name) => `${ELEMENTS_DIR}/${name}`);
  const modules = files.map((path) =>
    ts.createSourceFile(path, readFileSync(join(root, path), 'utf8'), ts.ScriptTarget.ES2022, true),
  );
  const manifest = create({ modules, plugins: litPlugin(), context: { dev: false } });
  const undocumented = [];
  for (const module of manifest.modules) {
    module.path = shippedPath(module.path);
    module.declarations = (module.declarations ?? []).map(publicOnly).map((d) => documentedEvents(d, undocumented));
    for (const exported of module.exports ?? []) {
      if (exported.declaration?.module) exported.declaration.module = shippedPath(exported.declaration.module);
    }
  }
  return { manifest, undocumented };
}

/** Analyzes the bc-* element modules; returns the manifest object. */
export const analyze = () => analyzeWithGaps().manifest;

export const serialize = (manifest) => `${JSON.stringify(manifest, null, 2)}\n`;

/** Writes the manifest (default dist/custom-elements.json). */
export function writeManifest(file = join(root, 'dist/custom-elements.json')) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, serialize(analyze()));
  return file;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`wrote ${writeManifest(process.argv[2])}`);
}
