/**
 * React ships CommonJS only, which a browser cannot import. This test-server plugin serves `react`, `react-dom` and
 * `react-dom/client` as ES modules: esbuild bundles the three once into one module (so they share one React), and a
 * small module per specifier re-exports that bundle's names. Only browser suites that import React use it.
 * The names are read from the development build's `exports.name =` lines (requiring React in this process would
 * run it against the test runner's console).
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const SPECIFIERS = { react: 'React', 'react-dom': 'ReactDOM', 'react-dom/client': 'ReactDOMClient' } as const;
type Specifier = keyof typeof SPECIFIERS;
const PREFIX = '/__react-esm/';
const BUNDLE = `${PREFIX}bundle.js`;
const pathOf = (specifier: Specifier) => `${PREFIX}${specifier.replace('/', '-')}.js`;

export function reactEsmPlugin(root: string) {
  const require = createRequire(`${root}/package.json`);
  let bundle: Promise<string> | null = null;
  const bundled = () =>
    (bundle ??= build({
      stdin: {
        contents: Object.entries(SPECIFIERS)
          .map(([specifier, name]) => `export * as ${name} from '${specifier}';`)
          .join('\n'),
        resolveDir: root,
      },
      bundle: true,
      format: 'esm',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"development"' },
    }).then((result) => result.outputFiles[0]!.text));

  return {
    name: 'react-esm',
    resolveImport({ source }: { source: string }) {
      return source in SPECIFIERS ? pathOf(source as Specifier) : undefined;
    },
    async serve({ path }: { path: string }) {
      if (path === BUNDLE) return { body: await bundled(), type: 'js' };
      for (const specifier of Object.keys(SPECIFIERS) as Specifier[]) {
        if (path !== pathOf(specifier)) continue;
        const name = SPECIFIERS[specifier];
        const names = exportsOf(require.resolve(specifier));
        const body =
          `import { ${name} } from '${BUNDLE}';\nexport default ${name};\n` +
          names.map((key) => `export const ${key} = ${name}.${key};`).join('\n');
        return { body, type: 'js' };
      }
      return undefined;
    },
  };
}

/** The names a React CommonJS entry exports: `exports.name =` in the development build it requires. */
function exportsOf(entry: string): string[] {
  const build = /require\('(\.\/cjs\/[^']+\.development\.js)'\)/.exec(readFileSync(entry, 'utf8'))?.[1];
  if (!build) throw new Error(`react-esm: no development build named in ${entry}`);
  const source = readFileSync(join(dirname(entry), build), 'utf8');
  return [...new Set(Array.from(source.matchAll(/\bexports\.([A-Za-z_$][\w$]*)\s*=/g), (match) => match[1]!))];
}
