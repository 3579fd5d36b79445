// Two builds from one source tree:
// 1. the library (dist/**: one file per module, lit/jose external, declarations and source maps), which
//    apps import and the Node CLI runs;
// 2. the script-tag bundles (dist/bc-customer-elements.min.js as an ES module, .iife.min.js as a classic script):
//    everything inlined and minified, registering the elements. They are built from src/define.ts (every element)
//    and src/define-prices.ts (the price page: <bc-store> and <bc-group-price>, dist/bc-customer-elements.prices.*)
//    only, so no server code (jwtVerify, SignJWT) can reach them; test/node/bundle.test.ts checks that. Their
//    developer-facing messages are numbers with a link to docs/diagnostics.md (scripts/diagnostics.mjs).
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeManifest } from './scripts/custom-elements-manifest.mjs';
import { shortDiagnostics } from './scripts/diagnostics.mjs';

/** Every .ts module under src/: each is an entry so the library keeps one file per module. */
function modules(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return modules(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

// react and redis: optional peer dependencies, imported only by src/react.ts (bc-customer-elements/react) and
// src/server/redis.ts (bc-customer-elements/server/redis).
const external = (id) => /^(lit|@lit|jose|react|graphql|redis|@redis)(\/|$)/.test(id) || id.startsWith('node:');

const onwarn = (warning, warn) => {
  // Lit's own modules use `this` at the top level in a way rollup reports; it is harmless.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
};

/** dist/custom-elements.json, analyzed from the same source as the library build (see the script for why at build). */
const customElementsManifest = () => ({
  name: 'custom-elements-manifest',
  writeBundle() {
    writeManifest();
  },
});

const library = {
  input: modules('src'),
  external,
  onwarn,
  output: {
    dir: 'dist',
    format: 'es',
    preserveModules: true,
    preserveModulesRoot: 'src',
    sourcemap: true,
  },
  // json: the emulator's default seed (src/emulator/seed.json) is imported as data.
  plugins: [
    json(),
    typescript({ tsconfig: './tsconfig.build.json', filterRoot: '.', outDir: 'dist', declarationDir: 'dist' }),
    customElementsManifest(),
  ],
};

/** `module`: an ES module's top level is private; a classic script's top level (the IIFE's global) is not. */
const minifier = ({ module }) =>
  terser({
    ecma: 2022,
    module,
    format: { comments: false },
    compress: { passes: 3, unsafe_arrows: true },
    // Our private members are named `_x` (a convention of src/elements and src/client): short names in the bundle.
    // `_` followed by a lower-case letter only, so Lit's cross-module names (`_$litType$`, `_$AH`…) and every DOM or
    // public name are left alone; quoted names are never touched.
    mangle: { properties: { regex: /^_[a-z]/, keep_quoted: 'strict' } },
  });
const minify = minifier({ module: true });

/**
 * Script-tag build only: the static text of our `css` and `html` templates without layout whitespace. In CSS, runs of
 * whitespace become one space and go entirely around `{ } ; , >` and after `:`; in HTML a line break and its
 * indentation become one space (what the browser renders anyway), so no text node or attribute changes meaning.
 * The line breaks taken out are put back after the template, so the source map of everything below stays exact.
 */
const minifyTemplates = () => ({
  name: 'minify-templates',
  transform(code, id) {
    if (!/[\\/]src[\\/].*\.ts$/.test(id) || !/\b(css|html)\s*`/.test(code)) return null;
    const edits = [];
    const visit = (node) => {
      if (!node || typeof node.type !== 'string') return;
      if (
        node.type === 'TaggedTemplateExpression' &&
        node.tag.type === 'Identifier' &&
        /^(css|html)$/.test(node.tag.name)
      ) {
        const isCss = node.tag.name === 'css';
        let removedLines = 0;
        const { quasis } = node.quasi;
        for (const quasi of quasis) {
          const raw = code.slice(quasi.start, quasi.end);
          let min = raw.replace(/[ \t]*\n\s*/g, ' ');
          if (isCss) {
            min = min
              .replace(/\s+/g, ' ')
              .replace(/ ?([{};,>]) ?/g, '$1')
              .replace(/: /g, ':')
              .replace(/;}/g, '}');
            if (quasi === quasis[0]) min = min.trimStart();
            if (quasi === quasis.at(-1)) min = min.trimEnd();
          }
          removedLines += raw.split('\n').length - min.split('\n').length;
          edits.push([quasi.start, quasi.end, min]);
        }
        if (removedLines > 0) edits.push([node.end, node.end, '\n'.repeat(removedLines)]);
      }
      for (const value of Object.values(node)) {
        if (Array.isArray(value)) value.forEach(visit);
        else if (value && typeof value === 'object') visit(value);
      }
    };
    visit(this.parse(code));
    if (edits.length === 0) return null;
    let out = code;
    for (const [start, end, text] of edits.sort((a, b) => b[0] - a[0]))
      out = out.slice(0, start) + text + out.slice(end);
    return { code: out, map: null };
  },
});

const bundleTypescript = () =>
  typescript({
    tsconfig: './tsconfig.build.json',
    filterRoot: '.',
    declaration: false,
    declarationMap: false,
    outDir: 'dist',
  });

/**
 * A script-tag bundle from one registering entry: `dist/<name>.min.js` (ES module) and `dist/<name>.iife.min.js`
 * (classic script, its one global `BcCustomerElements` holding the element classes).
 *
 * What only some pages need is imported dynamically in the source (the storefront bridge client, the sign-in
 * request): the ES module leaves each such part in a chunk beside it, `dist/<name>.<part>.min.js`, which the browser
 * fetches relative to the bundle's own URL when a page first needs it. The IIFE holds them inline: a classic script
 * may `import()` a module, but these chunks import what they share (BcError, the protocol) from the ES-module
 * bundle, which a page with the classic script has not loaded, and chunks of its own would need the classic
 * script's internals published on a global for them to import.
 */
const scriptTag = (input, name) => ({
  input,
  onwarn,
  // The chunks import what they share from the bundle itself, rather than from a third file both would load.
  preserveEntrySignatures: 'allow-extension',
  output: [
    {
      dir: 'dist',
      entryFileNames: `${name}.min.js`,
      chunkFileNames: `${name}.[name].min.js`,
      format: 'es',
      sourcemap: true,
      plugins: [minify],
    },
    {
      file: `dist/${name}.iife.min.js`,
      format: 'iife',
      name: 'BcCustomerElements',
      inlineDynamicImports: true,
      sourcemap: true,
      // With `module: true` terser drops the unused top-level `var BcCustomerElements`, and the global with it.
      plugins: [minifier({ module: false })],
    },
  ],
  plugins: [
    nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }),
    bundleTypescript(),
    minifyTemplates(),
    // Developer-facing messages as numbers the docs decode (docs/diagnostics.md); the library keeps them in full.
    shortDiagnostics(),
  ],
});

// Every element; and the price page's bundle, `<bc-store>` and `<bc-group-price>` only.
export default [
  library,
  scriptTag('src/define.ts', 'bc-customer-elements'),
  scriptTag('src/define-prices.ts', 'bc-customer-elements.prices'),
];
