// Builds the React, Vue and Svelte demos with Vite into demo/<name>/dist (served by `npm start` at /<name>/).
// They import the package through its exports, so the library must be built first (`npm run build`).
// Arguments name the demos to build (default: all three); `--typecheck` first checks each chosen app's TypeScript
// against the built package's types (Vite only strips types): tsc for React, and for the .vue and .svelte files,
// which tsc cannot read, their official checkers vue-tsc and svelte-check (each demo's tsconfig.json).
// `--out-dir <dir>` writes <dir>/<name> instead of demo/<name>/dist: the bundle-secrets suite scans fresh builds
// there without touching the ones `npm start` serves.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'vite';

const all = ['react', 'vue', 'svelte'];
const args = process.argv.slice(2);
const typecheck = args.includes('--typecheck');
const outAt = args.indexOf('--out-dir');
const outDir = outAt === -1 ? undefined : args[outAt + 1];
if (outAt !== -1 && !outDir) {
  console.error('--out-dir needs a folder.');
  process.exit(2);
}
const chosen = args.filter((arg, i) => arg !== '--typecheck' && i !== outAt && i !== outAt + 1);
const names = chosen.length > 0 ? chosen : all;
const root = new URL('../', import.meta.url);

if (!existsSync(new URL('dist/define.js', root))) {
  console.error('dist/define.js is missing: run `npm run build` first.');
  process.exit(1);
}

const checkers = {
  react: ['typescript/bin/tsc', '-p', 'demo/react/tsconfig.json'],
  vue: ['vue-tsc/bin/vue-tsc.js', '-p', 'demo/vue/tsconfig.json'],
  svelte: [
    'svelte-check/bin/svelte-check',
    '--workspace',
    'demo/svelte',
    '--tsconfig',
    './tsconfig.json',
    '--output',
    'human',
    '--fail-on-warnings',
  ],
};

if (typecheck) {
  let failed = false;
  for (const name of names.filter((n) => n in checkers)) {
    const [script, ...args] = checkers[name];
    const checker = new URL(`node_modules/${script}`, root).pathname;
    const result = spawnSync(process.execPath, [checker, ...args], { cwd: root, stdio: 'inherit' });
    if (result.status === 0) console.log(`demo/${name} type-checked`);
    else failed = true;
  }
  if (failed) process.exit(1);
}

for (const name of names) {
  if (!all.includes(name)) {
    console.error(`Unknown demo "${name}" (one of ${all.join(', ')}).`);
    process.exit(2);
  }
  const started = performance.now();
  const out = outDir ? resolve(outDir, name) : undefined;
  await build({
    configFile: new URL(`demo/${name}/vite.config.ts`, root).pathname,
    logLevel: 'warn',
    ...(out ? { build: { outDir: out } } : {}),
  });
  console.log(`${out ?? `demo/${name}/dist`} built in ${Math.round(performance.now() - started)} ms`);
}
