// Developer-facing diagnostic messages, numbered, as React ships "Minified React error #N": the library build
// (dist/**, what apps import) keeps every message in full; the script-tag bundles carry `#N` and the arguments instead,
// with the address of docs/diagnostics.md of the same version, whose table (generated here from the source, checked
// by test/node/diagnostics.test.ts) gives each number's full message.
//
// A diagnostic is the message of a `new BcError(code, message…)` or `new TypeError(message)` in the browser side's
// source, written as a string, a template or a `+` of those. Messages computed any other way (a backend's own message,
// a caught error's) are left as they are, and so is every shopper-facing word (those are BcMessages, never thrown).
// The messages the bundles inline from their dependencies (Lit's, jose's decodeJwt's: VENDOR_MESSAGES) are numbered
// after ours the same way.
//
//   node scripts/diagnostics.mjs   rewrites docs/diagnostics.md from the source
import { transformSync } from 'esbuild';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAst } from 'rollup/parseAst';

/** The source the script-tag bundles are built from (what `src/define.ts` can reach). */
const SOURCES = ['src/client', 'src/elements', 'src/protocol.ts', 'src/errors.ts'];
export const DOCS_FILE = 'docs/diagnostics.md';

const root = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles() {
  return SOURCES.flatMap((entry) =>
    entry.endsWith('.ts')
      ? [entry]
      : readdirSync(join(root, entry))
          .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
          .sort()
          .map((name) => `${entry}/${name}`),
  );
}

/**
 * Developer-facing messages of the code the script-tag bundles inline from their dependencies, exactly as the
 * installed packages' published builds write them: `[module under node_modules, thrown class, text]`. Lit's template
 * and style errors, and jose's decodeJwt errors (the `cause` of `ERR_BC_TOKEN_MALFORMED`). Together about 260 B of
 * the gzipped price page. test/node/diagnostics.test.ts checks that each is still in the installed package, so an
 * upgrade that rewords one fails there instead of leaving it in full in the bundle and a stale row in the table.
 */
export const VENDOR_MESSAGES = [
  ['@lit/reactive-element/css-tag.js', 'Error', 'CSSResult is not constructable. Use `unsafeCSS` or `css` instead.'],
  [
    '@lit/reactive-element/css-tag.js',
    'Error',
    "Value passed to 'css' function must be a 'css' function result: {0}. Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.",
  ],
  ['lit-html/lit-html.js', 'Error', 'invalid template strings array'],
  [
    'jose/dist/webapi/util/decode_jwt.js',
    'JWTInvalid',
    'JWTs must use Compact JWS serialization, JWT must be a string',
  ],
  ['jose/dist/webapi/util/decode_jwt.js', 'JWTInvalid', 'Only JWTs using Compact JWS serialization can be decoded'],
  ['jose/dist/webapi/util/decode_jwt.js', 'JWTInvalid', 'Invalid JWT'],
  ['jose/dist/webapi/util/decode_jwt.js', 'JWTInvalid', 'JWTs must contain a payload'],
  ['jose/dist/webapi/util/decode_jwt.js', 'JWTInvalid', 'Failed to base64url decode the payload'],
  ['jose/dist/webapi/util/decode_jwt.js', 'JWTInvalid', 'Failed to parse the decoded payload as JSON'],
  ['jose/dist/webapi/util/decode_jwt.js', 'JWTInvalid', 'Invalid JWT Claims Set'],
  ['jose/dist/webapi/util/base64url.js', 'TypeError', 'The input to be decoded is not correctly encoded.'],
  ['jose/dist/webapi/lib/buffer_utils.js', 'TypeError', 'Invalid base64url'],
].map(([module, kind, text]) => ({ module, kind, text }));

/** The module of VENDOR_MESSAGES a rollup module id is, or `null`. */
const vendorModuleOf = (id) => {
  const path = id.replaceAll('\\', '/');
  return VENDOR_MESSAGES.find(({ module }) => path.endsWith(`/node_modules/${module}`))?.module ?? null;
};

/**
 * Every message of VENDOR_MESSAGES in a dependency's module: `{ kind, text, node, args }` as `diagnosticsIn` gives
 * ours. Found by text wherever it is written (a throw, a constant), the computed parts of a `+` being its arguments.
 */
export function vendorDiagnosticsIn(ast, module) {
  const wanted = new Map(VENDOR_MESSAGES.filter((m) => m.module === module).map((m) => [m.text, m.kind]));
  const found = [];
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return;
    const message = messageOf(node, true);
    if (message && wanted.has(message.text)) {
      found.push({ kind: wanted.get(message.text), ...message, node });
      return;
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') visit(value);
    }
  };
  visit(ast);
  return found;
}

/**
 * A message node as `{ text, args }`: its literal text with `{0}`, `{1}`… where its computed parts go, and those parts'
 * nodes; `null` when the message is not written out as strings (nothing to shorten). `loose` (a dependency's code):
 * any other operand of a `+` is a computed part too.
 */
export function messageOf(node, loose = false) {
  if (node.type === 'Literal' && typeof node.value === 'string') return { text: escape(node.value), args: [] };
  if (node.type === 'TemplateLiteral') {
    let text = '';
    const args = [];
    node.quasis.forEach((quasi, i) => {
      text += escape(quasi.value.cooked);
      if (i < node.expressions.length) {
        text += `{${args.length}}`;
        args.push(node.expressions[i]);
      }
    });
    return { text, args };
  }
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    const part = (operand) => messageOf(operand, loose) ?? (loose ? { text: '{0}', args: [operand] } : null);
    const left = part(node.left);
    const right = part(node.right);
    if (!left || !right) return null;
    const shift = left.args.length;
    return {
      text: left.text + right.text.replace(/\{(\d+)\}/g, (_, n) => `{${Number(n) + shift}}`),
      args: [...left.args, ...right.args],
    };
  }
  return null;
}

/** Braces in the message itself are doubled, so `{0}` always means an argument. */
const escape = (text) => text.replace(/[{}]/g, (brace) => brace + brace);

/**
 * Every diagnostic in a module's JavaScript: `{ kind, text, node, args }`, `kind` being the BcError's code or
 * `TypeError`, `node` the message's node (what the bundles replace), in source order.
 */
export function diagnosticsIn(ast) {
  const found = [];
  const visit = (node) => {
    if (!node || typeof node.type !== 'string') return;
    if (node.type === 'NewExpression' && node.callee.type === 'Identifier') {
      const { name } = node.callee;
      const [first, second] = node.arguments;
      const kind =
        name === 'TypeError'
          ? 'TypeError'
          : name === 'BcError' && first?.type === 'Literal' && typeof first.value === 'string'
            ? first.value
            : null;
      const messageNode = name === 'TypeError' ? first : second;
      const message = kind && messageNode ? messageOf(messageNode) : null;
      if (message) found.push({ kind, ...message, node: messageNode });
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object') visit(value);
    }
  };
  visit(ast);
  return found;
}

/** The key a diagnostic is numbered by: one number per code and text, wherever it is written. */
export const keyOf = ({ kind, text }) => `${kind}\u0000${text}`;

/**
 * Every diagnostic of the source, numbered from 1 in the order of its first appearance, then VENDOR_MESSAGES in their
 * order: `{ n, kind, text, file }`.
 */
export function collectDiagnostics() {
  const table = new Map();
  for (const file of sourceFiles()) {
    const { code } = transformSync(readFileSync(join(root, file), 'utf8'), {
      loader: 'ts',
      target: 'es2022',
      tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
    });
    for (const diagnostic of diagnosticsIn(parseAst(code))) {
      const key = keyOf(diagnostic);
      if (!table.has(key)) table.set(key, { n: table.size + 1, kind: diagnostic.kind, text: diagnostic.text, file });
    }
  }
  for (const { module, kind, text } of VENDOR_MESSAGES)
    table.set(keyOf({ kind, text }), { n: table.size + 1, kind, text, file: `node_modules/${module}` });
  return [...table.values()];
}

/** docs/diagnostics.md as generated from the source of `version`. */
export function diagnosticsDoc(diagnostics, version) {
  const cell = (text) => text.replace(/\|/g, '\\|').replace(/`/g, "'");
  return [
    '# Diagnostic messages',
    '',
    `<!-- Generated by scripts/diagnostics.mjs from the source of bc-customer-elements ${version}: do not edit. -->`,
    '',
    'The script-tag bundles (`dist/bc-customer-elements*.min.js`) give developer-facing messages as a number and their',
    'arguments, to stay small: `bc-customer-elements #12 ["de-XX"] <address of this page>`. The number is the row',
    "below; `{0}`, `{1}`… are the arguments in order. An error's `code` (and a `bc-error` event's) is the same in",
    "every build; the library build (`import … from 'bc-customer-elements'`) gives the full message itself.",
    'Words a shopper sees are never shortened (see `registerMessages` in docs/elements.md). The last rows are the',
    'messages of the code the bundles hold from their dependencies (Lit, jose), numbered the same way.',
    '',
    '| # | Code | Message | Where |',
    '| --- | --- | --- | --- |',
    ...diagnostics.map(({ n, kind, text, file }) => `| ${n} | \`${kind}\` | \`${cell(text)}\` | ${file} |`),
    '',
  ].join('\n');
}

export const packageVersion = () => JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

/**
 * The script-tag build's rollup plugin: each diagnostic's message becomes a call of a small function of the bundle,
 * `diagnostic(n, ...args)`; a message the table does not know fails the build (the table is made from the same
 * source, so that means this module and the source disagree).
 */
export function shortDiagnostics() {
  const HELPER = '\0bc-diagnostic';
  let numbers;
  const docs = `https://unpkg.com/bc-customer-elements@${packageVersion()}/${DOCS_FILE}`;
  return {
    name: 'short-diagnostics',
    buildStart() {
      numbers = new Map(collectDiagnostics().map((diagnostic) => [keyOf(diagnostic), diagnostic.n]));
    },
    resolveId: (id) => (id === HELPER ? id : null),
    load: (id) =>
      id === HELPER
        ? `export const diagnostic = (n, ...args) => \`bc-customer-elements #\${n}\${args.length ? ' ' + JSON.stringify(args.map(String)) : ''} ${docs}\`;`
        : null,
    transform(code, id) {
      const file = id.slice(root.length).replaceAll('\\', '/');
      const vendor = vendorModuleOf(id);
      if (!vendor && !SOURCES.some((entry) => file === entry || file.startsWith(`${entry}/`))) return null;
      const found = vendor ? vendorDiagnosticsIn(this.parse(code), vendor) : diagnosticsIn(this.parse(code));
      if (found.length === 0) return null;
      let out = code;
      for (const diagnostic of found.sort((a, b) => b.node.start - a.node.start)) {
        const n = numbers.get(keyOf(diagnostic));
        if (n === undefined)
          this.error(`${file}: a message scripts/diagnostics.mjs did not number: ${diagnostic.text}`);
        const args = diagnostic.args.map((arg) => code.slice(arg.start, arg.end));
        // The line breaks of a message written over several lines are kept, so the source map below stays exact.
        const lines = '\n'.repeat(code.slice(diagnostic.node.start, diagnostic.node.end).split('\n').length - 1);
        const call = `__bcDiagnostic(${[n, ...args].join(', ')})${lines}`;
        out = out.slice(0, diagnostic.node.start) + call + out.slice(diagnostic.node.end);
      }
      // At the end (an import applies to the whole module wherever it is), so no line moves.
      return { code: `${out}\nimport { diagnostic as __bcDiagnostic } from '${HELPER}';`, map: null };
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(join(root, DOCS_FILE), diagnosticsDoc(collectDiagnostics(), packageVersion()));
  console.log(`wrote ${DOCS_FILE}`);
}
