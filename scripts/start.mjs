// `npm start`: builds what the demo serves, saying what each step does and how long it took, then runs the demo
// server (`bc-customer-elements demo`). Each step starts with a line, so a slow machine is never silent for long:
//   1. the library: src/ → dist/ (one ES module per source file, .d.ts declarations, custom-elements.json)
//   2. the script-tag bundles the demo page loads (dist/bc-customer-elements.min.js, .iife.min.js, and the price
//      page's .prices.min.js, .prices.iife.min.js; minified)
//   3. the React, Vue and Svelte demos (Vite builds into demo/<name>/dist)
// The first two are rollup.config.mjs's builds (the library, then one per script-tag bundle), run through rollup's
// API one by one (`npm run build` runs them all).
import { spawn, spawnSync } from 'node:child_process';
import { rollup } from 'rollup';
import configs from '../rollup.config.mjs';

const steps = [
  'the library: src/ → dist/ (TypeScript to ES modules and declarations, the elements\u2019 custom-elements.json)',
  'the script-tag bundles: dist/bc-customer-elements.min.js, .prices.min.js and their .iife.min.js twins (minified)',
  'the React, Vue and Svelte demos (Vite builds into demo/<name>/dist)',
];
const total = steps.length + 1;
const started = performance.now();
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function announce(index, text) {
  console.log(`[${index}/${total}] ${text} …`);
  return performance.now();
}

// As `rollup -c --silent` (npm run build) but for real warnings: type-only modules (src/types/) give empty chunks.
const quiet = (config) => ({
  ...config,
  onwarn: (warning, warn) =>
    warning.code === 'EMPTY_BUNDLE' ? undefined : (config.onwarn ?? ((w, next) => next(w)))(warning, warn),
});

const [library, ...scriptTags] = configs;
for (const [index, builds] of [[library], scriptTags].entries()) {
  const at = announce(index + 1, steps[index]);
  for (const config of builds) {
    const bundle = await rollup(quiet(config));
    for (const output of [config.output].flat()) await bundle.write(output);
    await bundle.close();
  }
  console.log(`      done in ${seconds(at)}`);
}

const at = announce(3, steps[2]);
const demos = spawnSync(process.execPath, ['scripts/build-demos.mjs'], { stdio: 'inherit' });
if (demos.status !== 0) process.exit(demos.status ?? 1);
console.log(`      done in ${seconds(at)}`);

announce(total, `starting the demo server (built in ${seconds(started)})`);
const demo = spawn(process.execPath, ['dist/cli.js', 'demo'], { stdio: 'inherit' });
// Ctrl+C reaches both processes; a signal sent to this one alone (a process manager, a test) is passed on.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => demo.kill(signal));
demo.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
