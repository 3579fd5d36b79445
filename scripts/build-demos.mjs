// Builds the React, Vue and Svelte demos with Vite into demo/<name>/dist (served by `npm start` at /<name>/).
// They import the package through its exports, so the library must be built first (`npm run build`).
// Arguments name the demos to build (default: all three).
import { existsSync } from 'node:fs';
import { build } from 'vite';

const all = ['react', 'vue', 'svelte'];
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : all;
const root = new URL('../', import.meta.url);

if (!existsSync(new URL('dist/define.js', root))) {
  console.error('dist/define.js is missing: run `npm run build` first.');
  process.exit(1);
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
