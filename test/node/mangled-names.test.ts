// The script-tag bundles shorten our private members' names (terser's `mangle.properties` in rollup.config.mjs,
// members named `_x`). A name shortened there must be one nothing outside the bundle's own code can spell: not a
// public member, attribute or event of an element, not a member of any type the package publishes (the wire shapes
// of ./protocol among them), not a name the backend or the emulator reads, not a DOM name, not Lit's `_$…` names
// that Lit's own modules share. This test reads what the build really shortened (from the source maps) and fails on
// any such name, so neither a wider pattern nor a public member named `_x` can ship a bundle that breaks a page.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import ts from 'typescript';
// @ts-expect-error -- plain ESM scripts without declarations
import * as sourceMap from '../../scripts/source-map.mjs';

interface SourceMap {
  sources: string[];
  names: string[];
  mappings: string;
}
const { segmentsOf } = sourceMap as {
  segmentsOf: (map: SourceMap) => { line: number; column: number; source: string | null; name: string | null }[];
};

const bundles = readdirSync('dist')
  .filter((name) => name.startsWith('bc-customer-elements') && name.endsWith('.min.js'))
  .map((name) => `dist/${name}`);

/**
 * The property names the minifier shortened in a bundle, original to short: a source-map segment carrying an
 * original name at a member access (`.x`, not a spread `...x`) where the bundle spells another name.
 */
function shortenedProperties(file: string): Map<string, string> {
  const lines = readFileSync(file, 'utf8').split('\n');
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMap;
  const shortened = new Map<string, string>();
  for (const { line, column, name } of segmentsOf(map)) {
    if (name === null) continue;
    const code = lines[line]!;
    const spelled = /^[\w$]+/.exec(code.slice(column))?.[0];
    const access = code[column - 1] === '.' && code[column - 2] !== '.';
    if (access && spelled && spelled !== name) shortened.set(name, spelled);
  }
  return shortened;
}

function filesUnder(dir: string, ending: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path, ending);
    return path.endsWith(ending) ? [path] : [];
  });
}

/** Every element's public members, attributes (and their properties) and events, from dist/custom-elements.json. */
function elementNames(): Set<string> {
  interface Declaration {
    members?: { name: string; privacy?: string }[];
    attributes?: { name: string; fieldName?: string }[];
    events?: { name?: string }[];
  }
  const manifest = JSON.parse(readFileSync('dist/custom-elements.json', 'utf8')) as {
    modules: { declarations?: Declaration[] }[];
  };
  const names = new Set<string>();
  for (const declaration of manifest.modules.flatMap((module) => module.declarations ?? [])) {
    for (const member of declaration.members ?? []) if (member.privacy !== 'private') names.add(member.name);
    for (const attribute of declaration.attributes ?? []) {
      names.add(attribute.name);
      if (attribute.fieldName) names.add(attribute.fieldName);
    }
    for (const event of declaration.events ?? []) if (event.name) names.add(event.name);
  }
  return names;
}

/**
 * Every member the published declarations (dist/**\/*.d.ts) show without `private` or `protected`: classes,
 * interfaces and object types, the protocol's wire shapes among them. A Lit `static properties` declaration is left
 * to the manifest (its keys are reactive properties, the public ones being attributes or members there).
 */
function declaredNames(): Set<string> {
  const names = new Set<string>();
  const hidden = (node: ts.Node) =>
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node) ?? []).some(
      (modifier) => modifier.kind === ts.SyntaxKind.PrivateKeyword || modifier.kind === ts.SyntaxKind.ProtectedKeyword,
    );
  const visit = (node: ts.Node): void => {
    if (
      (ts.isPropertyDeclaration(node) ||
        ts.isPropertySignature(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isMethodSignature(node) ||
        ts.isGetAccessorDeclaration(node) ||
        ts.isSetAccessorDeclaration(node)) &&
      node.name &&
      (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))
    ) {
      if (hidden(node)) return;
      names.add(node.name.text);
      const isStatic = (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword);
      if (isStatic && node.name.text === 'properties') return;
    }
    ts.forEachChild(node, visit);
  };
  for (const file of filesUnder('dist', '.d.ts')) {
    visit(ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest));
  }
  return names;
}

/** The words of the code no bundle holds, which reads the wire with the names as written: backend, emulator, protocol. */
function unminifiedWords(): Set<string> {
  const files = [...filesUnder('src/server', '.ts'), ...filesUnder('src/emulator', '.ts'), 'src/protocol.ts'];
  return new Set(files.flatMap((file) => readFileSync(file, 'utf8').match(/[A-Za-z_$][\w$]*/g) ?? []));
}

describe('names shortened in the script-tag bundles', () => {
  let shortened: Map<string, Map<string, string>>;
  before(async () => {
    if (!existsSync('dist/bc-customer-elements.prices.min.js.map') || !existsSync('dist/custom-elements.json')) {
      execFileSync(process.execPath, ['node_modules/.bin/rollup', '-c', '--silent'], { stdio: 'inherit' });
    }
    shortened = new Map(bundles.map((file) => [file, shortenedProperties(file)]));
  });

  it('are our private members, in every bundle that holds an element', () => {
    for (const file of ['dist/bc-customer-elements.min.js', 'dist/bc-customer-elements.prices.iife.min.js']) {
      const names = [...shortened.get(file)!.keys()];
      assert.ok(names.length >= 20, `${file}: only ${names.join(', ')}`);
      assert.ok(names.includes('_config'), `${file}: <bc-group-price>'s _config is not shortened`);
    }
  });

  it('are none of the names a page, the backend, the DOM or Lit spell', () => {
    // terser's own list of DOM names (tools/domprops.js, not among its exports): the strings of one array.
    const domprops = [...readFileSync('node_modules/terser/tools/domprops.js', 'utf8').matchAll(/"([^"]+)"/g)].map(
      (match) => match[1]!,
    );
    assert.ok(domprops.includes('addEventListener') && domprops.length > 5000);
    const reserved: [string, Set<string>][] = [
      ['a public member, attribute or event of an element (dist/custom-elements.json)', elementNames()],
      ['a public member of a published type (dist/**/*.d.ts)', declaredNames()],
      ['a name the backend, the emulator or the protocol module spells', unminifiedWords()],
      ['a DOM name', new Set(domprops)],
    ];
    const wrong: string[] = [];
    for (const [file, names] of shortened) {
      for (const name of names.keys()) {
        if (name.startsWith('_$')) wrong.push(`${file}: ${name} is Lit's cross-module name`);
        for (const [what, set] of reserved) if (set.has(name)) wrong.push(`${file}: ${name} is ${what}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});
