// Developer-facing messages: in full in the library build, numbered in the script-tag bundles, and every number
// decoded by docs/diagnostics.md (generated from the source by scripts/diagnostics.mjs).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { parseAst } from 'rollup/parseAst';
// @ts-expect-error -- plain ESM scripts without declarations
import * as script from '../../scripts/diagnostics.mjs';

const bundles = [
  'dist/bc-customer-elements.min.js',
  'dist/bc-customer-elements.iife.min.js',
  'dist/bc-customer-elements.prices.min.js',
  'dist/bc-customer-elements.prices.iife.min.js',
  'dist/bc-customer-elements.sign-in.min.js',
  'dist/bc-customer-elements.bridge-source.min.js',
];
/** A row of the table (scripts/diagnostics.mjs has no types of its own). */
interface Diagnostic {
  n: number;
  kind: string;
  text: string;
  file: string;
}
const {
  collectDiagnostics,
  diagnosticsDoc,
  diagnosticsIn,
  vendorDiagnosticsIn,
  VENDOR_MESSAGES,
  DOCS_FILE,
  packageVersion,
} = script as {
  collectDiagnostics: () => Diagnostic[];
  diagnosticsDoc: (diagnostics: Diagnostic[], version: string) => string;
  diagnosticsIn: (ast: unknown) => (Diagnostic & { args: { name: string }[] })[];
  vendorDiagnosticsIn: (ast: unknown, module: string) => (Diagnostic & { args: unknown[] })[];
  VENDOR_MESSAGES: { module: string; kind: string; text: string }[];
  DOCS_FILE: string;
  packageVersion: () => string;
};
const diagnostics = collectDiagnostics();

describe('the table of diagnostic messages', () => {
  it(`is up to date in ${DOCS_FILE} (else run node scripts/diagnostics.mjs)`, () => {
    assert.equal(readFileSync(DOCS_FILE, 'utf8'), diagnosticsDoc(diagnostics, packageVersion()));
  });

  it('numbers each message of the browser side once, with its code', () => {
    assert.ok(diagnostics.length > 40, `only ${diagnostics.length}`);
    assert.deepEqual(
      diagnostics.map(({ n }) => n),
      diagnostics.map((_, i) => i + 1),
    );
    const priceMissing = diagnostics.find(({ text }) => text.startsWith('the backend sent no price for product'));
    assert.deepEqual(priceMissing && { kind: priceMissing.kind, text: priceMissing.text }, {
      kind: 'ERR_BC_PRICE_MISSING',
      text: 'the backend sent no price for product {0}',
    });
  });

  it("numbers the dependencies' messages after ours, each still written so in the installed package", () => {
    const rows = diagnostics.slice(-VENDOR_MESSAGES.length);
    assert.deepEqual(
      rows.map(({ kind, text, file }) => ({ kind, text, file })),
      VENDOR_MESSAGES.map(({ module, kind, text }) => ({ kind, text, file: `node_modules/${module}` })),
    );
    // An upgrade that rewords one would leave it in full in the bundles and a row that no longer matches.
    for (const { module, text } of VENDOR_MESSAGES) {
      const found = vendorDiagnosticsIn(parseAst(readFileSync(`node_modules/${module}`, 'utf8')), module);
      assert.ok(
        found.some((diagnostic) => diagnostic.text === text),
        `${module} no longer says: ${text}`,
      );
    }
  });

  it('reads messages written as strings, templates and their sums, and leaves computed ones alone', () => {
    const found = diagnosticsIn(
      parseAst(`
        new BcError('ERR_BC_UPSTREAM', 'plain {braces}');
        new BcError('ERR_BC_UPSTREAM', \`at \${url}: \` + 'and ' + \`\${status}\`, { cause });
        new TypeError(\`\${name} must be positive\`);
        new BcError(parsed.code, 'a code not written out');
        new BcError('ERR_BC_INTERNAL', error.message);
        new RangeError('not ours');`),
    );
    assert.deepEqual(
      found.map(({ kind, text, args }) => ({ kind, text, args: args.map((arg) => arg.name) })),
      [
        { kind: 'ERR_BC_UPSTREAM', text: 'plain {{braces}}', args: [] },
        { kind: 'ERR_BC_UPSTREAM', text: 'at {0}: and {1}', args: ['url', 'status'] },
        { kind: 'TypeError', text: '{0} must be positive', args: ['name'] },
      ],
    );
  });
});

describe('the script-tag bundles', () => {
  before(() => {
    if (!bundles.every((file) => existsSync(file))) {
      execFileSync(process.execPath, ['node_modules/.bin/rollup', '-c', '--silent'], { stdio: 'inherit' });
    }
  });

  const docs = `https://unpkg.com/bc-customer-elements@${packageVersion()}/${DOCS_FILE}`;
  // The longest literal piece of each message: what a bundle holding the message in full would contain.
  const pieces = diagnostics
    .map(({ text }) =>
      text
        .split(/\{\d+\}/)
        .sort((a, b) => b.length - a.length)[0]!
        .replace(/\{\{|\}\}/g, (b) => b[0]!),
    )
    .filter((piece) => piece.length >= 12);

  /**
   * The text of every string and template given to a `new …(…)` of a module (names are minified: any class), or to
   * `Error(…)` (Lit's messages).
   */
  function constructedTexts(code: string): string[] {
    const texts: string[] = [];
    const textOf = (node: Node): string =>
      node.type === 'Literal' && typeof node.value === 'string'
        ? node.value
        : node.type === 'TemplateLiteral'
          ? node.quasis!.map((quasi) => quasi.value!.cooked).join('\u0000')
          : node.type === 'BinaryExpression'
            ? textOf(node.left!) + textOf(node.right!)
            : '';
    const visit = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const typed = node as Node;
      const isError =
        typed.type === 'CallExpression' && typed.callee?.type === 'Identifier' && typed.callee.name === 'Error';
      if (typed.type === 'NewExpression' || isError) texts.push(...typed.arguments!.map(textOf));
      for (const value of Object.values(node)) {
        if (Array.isArray(value)) value.forEach(visit);
        else visit(value);
      }
    };
    visit(parseAst(code));
    return texts;
  }

  for (const file of bundles) {
    it(`${file} carries numbers and the table's address instead of the messages`, () => {
      const code = readFileSync(file, 'utf8');
      const texts = constructedTexts(code);
      assert.ok(texts.length > 0);
      assert.deepEqual(
        pieces.filter((piece) => texts.some((text) => text.includes(piece))),
        [],
      );
      if (!file.includes('.bridge-source.') && !file.includes('.sign-in.')) assert.ok(code.includes(docs), docs);
    });
  }
});

interface Node {
  type: string;
  value?: unknown;
  left?: Node;
  right?: Node;
  arguments?: Node[];
  callee?: { type: string; name?: string };
  quasis?: { value?: { cooked: string } }[];
}
