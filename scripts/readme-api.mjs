// The element tables of docs/elements.md, generated from the custom elements manifest
// (scripts/custom-elements-manifest.mjs): each element's tables stand between `<!-- api:<tag>:start -->` and
// `<!-- api:<tag>:end -->`; the prose around them is written by hand. Edit the element's JSDoc, then run
// `npm run docs:api`.
//
//   node scripts/readme-api.mjs           rewrite the blocks in docs/elements.md
//   node scripts/readme-api.mjs --check   exit 1 when docs/elements.md is not what the source's JSDoc gives
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from './custom-elements-manifest.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The file holding the element tables. */
export const ELEMENTS_DOC = join(root, 'docs', 'elements.md');

/** Table cell text: one line, pipes escaped, code kept as code. */
const cell = (text) =>
  (text ?? '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
const code = (text) => (text ? `\`${cell(text)}\`` : '');

function table(head, rows) {
  if (rows.length === 0) return [];
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
}

/** The custom-element declarations of the manifest, by tag. */
export function elementsByTag(manifest) {
  const elements = new Map();
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (declaration.customElement && declaration.tagName) elements.set(declaration.tagName, declaration);
    }
  }
  return elements;
}

/** The generated Markdown for one element (without the markers). */
export function renderElement(declaration) {
  // The page settings every element inherits (src/elements/store-settings.ts) are described once, under <bc-store>,
  // and named in one row elsewhere.
  const setting = (member) =>
    declaration.tagName !== 'bc-store' && member.inheritedFrom?.name === 'StoreSettingsElement';
  const settings = (declaration.attributes ?? []).filter(setting);
  const members = (declaration.members ?? []).filter((m) => !setting(m));
  const fields = members.filter((m) => m.kind === 'field' && !m.static);
  const methods = members.filter((m) => m.kind === 'method' && !m.static);
  const attributes = (declaration.attributes ?? []).filter((a) => !setting(a));
  const linked = new Set(attributes.map((a) => a.fieldName).filter(Boolean));

  const propertyRows = [
    ...attributes.map((attribute) => {
      const field = fields.find((f) => f.name === attribute.fieldName);
      const notes = [field?.reflects ? 'Reflected.' : '', field?.readonly ? 'Read-only.' : ''].filter(Boolean);
      return [
        code(attribute.name),
        code(attribute.fieldName),
        code(field?.type?.text ?? attribute.type?.text),
        code(field?.default ?? attribute.default),
        cell([field?.description ?? attribute.description, ...notes].filter(Boolean).join(' ')),
      ];
    }),
    ...fields
      .filter((field) => !linked.has(field.name))
      .map((field) => [
        '',
        code(field.name),
        code(field.type?.text),
        code(field.default),
        cell([field.description, field.readonly ? 'Read-only.' : ''].filter(Boolean).join(' ')),
      ]),
    ...(settings.length === 0
      ? []
      : [
          [
            settings.map((a) => code(a.name)).join(', '),
            settings.map((a) => code(a.fieldName)).join(', '),
            '',
            '',
            cell('The page settings of `<bc-store>` (see there), as attributes or properties, for this element only.'),
          ],
        ]),
  ];
  const signature = (method) =>
    `${method.name}(${(method.parameters ?? []).map((p) => p.name).join(', ')})` +
    (method.return?.type?.text ? `: ${method.return.type.text}` : '');

  return [
    `<!-- Generated from custom-elements.json by \`npm run docs:api\`: edit the element's JSDoc, not this block. -->`,
    '',
    ...table(['attribute', 'property', 'type', 'default', 'description'], propertyRows),
    ...table(
      ['method', 'description'],
      methods.map((m) => [code(signature(m)), cell(m.description)]),
    ),
    ...table(
      ['event', 'class', 'description'],
      (declaration.events ?? []).map((e) => [code(e.name), code(e.type?.text), cell(e.description)]),
    ),
    ...table(
      ['slot', 'description'],
      (declaration.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', cell(s.description)]),
    ),
    ...table(
      ['part', 'description'],
      (declaration.cssParts ?? []).map((p) => [code(p.name), cell(p.description)]),
    ),
    ...table(
      ['CSS custom property', 'default', 'description'],
      (declaration.cssProperties ?? []).map((p) => [code(p.name), code(p.default), cell(p.description)]),
    ),
  ].join('\n');
}

const markers = (tag) => [`<!-- api:${tag}:start -->`, `<!-- api:${tag}:end -->`];

/**
 * docs/elements.md's text with every element's block regenerated. Throws when an element of the manifest has no block
 * (each element must be documented) or a block names an element the manifest does not have.
 */
export function updateReadme(text, manifest) {
  const elements = elementsByTag(manifest);
  let out = text;
  for (const [tag, declaration] of elements) {
    const [start, end] = markers(tag);
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from === -1 || to < from) throw new Error(`docs/elements.md has no ${start} … ${end} block for <${tag}>`);
    out = `${out.slice(0, from + start.length)}\n${renderElement(declaration)}\n${out.slice(to)}`;
  }
  for (const match of out.matchAll(/<!-- api:([a-z0-9-]+):start -->/g)) {
    if (!elements.has(match[1]))
      throw new Error(`docs/elements.md has a block for <${match[1]}>, which the manifest lacks`);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const current = readFileSync(ELEMENTS_DOC, 'utf8');
  const next = updateReadme(current, analyze());
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('docs/elements.md element tables are stale: run `npm run docs:api`');
      process.exit(1);
    }
    console.log('docs/elements.md element tables are current');
  } else if (next !== current) {
    writeFileSync(ELEMENTS_DOC, next);
    console.log('docs/elements.md element tables updated');
  } else {
    console.log('docs/elements.md element tables already current');
  }
}
