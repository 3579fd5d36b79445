// Builds the React, Vue and Svelte demos with Vite into demo/<name>/dist (served by `npm start` at /<name>/).
// They import the package through its exports, so the library must be built first (`npm run build`).
// Arguments name the demos to build (default: all three); `--typecheck` first checks the React app's TypeScript
// against the built package's types (Vite only strips types).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { build } from 'vite';

const all = ['react', 'vue', 'svelte'];
const typecheck = process.argv.includes('--typecheck');
const chosen = process.argv.slice(2).filter((arg) => arg !== '--typecheck');
const names = chosen.length > 0 ? chosen : all;
const root = new URL('../', import.meta.url);

if (!existsSync(new URL('dist/define.js', root))) {
  console.error('dist/define.js is missing: run `npm run build` first.');
  process.exit(1);
}

if (typecheck && names.includes('react')) {
  const tsc = new URL('node_modules/typescript/bin/tsc', root).pathname;
  const result = spawnSync(process.execPath, [tsc, '-p', 'demo/react/tsconfig.json'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(1);
  console.log('demo/react type-checked');
}

for (const name of names) {
  if (!all.includes(name)) {
    console.error(`Unknown demo "${name}" (one of ${all.join(', ')}).`);
    process.exit(2);
  }
  const started = performance.now();
  await build({ configFile: new URL(`demo/${name}/vite.config.ts`, root).pathname, logLevel: 'warn' });
  console.log(`demo/${name}/dist built in ${Math.round(performance.now() - started)} ms`);
}
