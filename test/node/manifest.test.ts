// The custom elements manifest and the element tables generated from it: the element JSDoc must document every tag,
// attribute, property, method and dispatched event; docs/elements.md's generated blocks and the built
// dist/custom-elements.json must match the source (stale tables or a stale build fail here).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
// @ts-expect-error -- plain ESM scripts without declarations
import { analyzeWithGaps, serialize } from '../../scripts/custom-elements-manifest.mjs';
// @ts-expect-error -- plain ESM scripts without declarations
import { ELEMENTS_DOC, elementsByTag, renderElement, updateReadme } from '../../scripts/readme-api.mjs';

interface Described {
  name: string;
  description?: string;
  kind?: string;
  static?: boolean;
  privacy?: string;
}
interface Declaration extends Described {
  tagName?: string;
  summary?: string;
  customElement?: boolean;
  members?: Described[];
  attributes?: Described[];
  events?: (Described & { type?: { text: string } })[];
  slots?: Described[];
  cssParts?: Described[];
  cssProperties?: Described[];
}

const { manifest, undocumented } = analyzeWithGaps() as { manifest: unknown; undocumented: string[] };
const elements = elementsByTag(manifest) as Map<string, Declaration>;

/** The tags the source declares in HTMLElementTagNameMap. */
const declaredTags = readdirSync('src/elements')
  .filter((name) => name.endsWith('.ts'))
  .flatMap((name) => [...readFileSync(`src/elements/${name}`, 'utf8').matchAll(/^\s+'(bc-[a-z-]+)': Bc\w+;$/gm)])
  .map((match) => match[1])
  .sort();

describe('custom elements manifest', () => {
  it('describes every element the source declares, with its tag', () => {
    assert.ok(declaredTags.length >= 4, `found ${declaredTags.join(', ')}`);
    assert.deepEqual([...elements.keys()].sort(), declaredTags);
  });

  it('documents every element: summary, description, attributes, properties, methods, slots, parts, CSS properties', () => {
    const gaps: string[] = [];
    for (const [tag, declaration] of elements) {
      if (!declaration.summary) gaps.push(`${tag}: @summary`);
      if (!declaration.description) gaps.push(`${tag}: description`);
      const lists = {
        attribute: declaration.attributes ?? [],
        member: (declaration.members ?? []).filter((m) => !(m.static && m.name === 'define')),
        event: declaration.events ?? [],
        slot: declaration.slots ?? [],
        part: declaration.cssParts ?? [],
        'CSS property': declaration.cssProperties ?? [],
      };
      for (const [kind, items] of Object.entries(lists)) {
        for (const item of items)
          if (!item.description?.trim()) gaps.push(`${tag}: ${kind} ${item.name || '(default)'}`);
      }
      for (const member of declaration.members ?? []) {
        if (member.privacy && member.privacy !== 'public')
          gaps.push(`${tag}: ${member.privacy} ${member.name} is shipped`);
      }
    }
    assert.deepEqual(gaps, []);
  });

  it('names the class of every event an element dispatches in an @fires line', () => {
    assert.deepEqual(undocumented, []);
    for (const [tag, declaration] of elements) {
      for (const event of declaration.events ?? []) {
        assert.match(event.name, /^bc-[a-z-]+$/, `${tag}: ${event.name}`);
        assert.match(event.type?.text ?? '', /^Bc\w+Event$/, `${tag}: ${event.name} has no {Class}`);
      }
    }
    const events = (tag: string) => (elements.get(tag)?.events ?? []).map((event) => event.name).sort();
    assert.deepEqual(events('bc-group-price'), ['bc-error', 'bc-price-change']);
    assert.deepEqual(events('bc-checkout-button'), ['bc-before-checkout', 'bc-checkout', 'bc-error']);
    assert.deepEqual(events('bc-current-customer'), ['bc-customer-change', 'bc-error']);
    assert.deepEqual(events('bc-sign-in'), ['bc-error', 'bc-sign-in']);
  });

  it('points module paths at the shipped files', () => {
    const modules = (manifest as { modules: { path: string }[] }).modules.map((m) => m.path);
    // store-settings: the settings every element inherits.
    for (const path of modules) assert.match(path, /^dist\/elements\/(bc-[a-z-]+|store-settings)\.js$/);
  });

  it('is named by package.json, exported and shipped', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    assert.equal(pkg.customElements, './dist/custom-elements.json');
    assert.equal(pkg.exports['./custom-elements.json'], './dist/custom-elements.json');
    assert.ok(pkg.files.includes('dist'));
  });

  it('is what the build wrote (dist/custom-elements.json is not stale)', () => {
    const file = 'dist/custom-elements.json';
    assert.ok(existsSync(file), `${file} is missing: run \`npm run build\``);
    assert.equal(readFileSync(file, 'utf8'), serialize(manifest), `${file} is stale: run \`npm run build\``);
  });
});

describe('docs/elements.md element tables', () => {
  it('are generated from the manifest and current (`npm run docs:api` rewrites them)', () => {
    const readme = readFileSync(ELEMENTS_DOC, 'utf8');
    const expected = updateReadme(readme, manifest);
    assert.equal(readme, expected, 'docs/elements.md element tables are stale: run `npm run docs:api`');
  });

  it('are in docs/elements.md only: the README links there', () => {
    const readme = readFileSync('README.md', 'utf8');
    assert.doesNotMatch(readme, /<!-- api:/);
    assert.match(readme, /\]\(docs\/elements\.md\)/);
  });

  it('list every attribute, property, event, slot, part and CSS property of each element', () => {
    const readme = readFileSync(ELEMENTS_DOC, 'utf8');
    for (const [tag, declaration] of elements) {
      const block = readme.slice(
        readme.indexOf(`<!-- api:${tag}:start -->`),
        readme.indexOf(`<!-- api:${tag}:end -->`),
      );
      assert.equal(block.trim(), `<!-- api:${tag}:start -->\n${renderElement(declaration)}`.trim());
      const names = [
        ...(declaration.attributes ?? []).map((a) => a.name),
        ...(declaration.members ?? []).filter((m) => !m.static).map((m) => m.name),
        ...(declaration.events ?? []).map((e) => e.name),
        ...(declaration.cssParts ?? []).map((p) => p.name),
        ...(declaration.cssProperties ?? []).map((p) => p.name),
      ];
      for (const name of names) assert.ok(block.includes(`\`${name}`), `${tag}: ${name} missing from docs/elements.md`);
    }
  });

  it('refuses a document without a block for an element', () => {
    assert.throws(
      () => updateReadme('# nothing here\n', manifest),
      /docs\/elements\.md has no <!-- api:bc-[a-z-]+:start -->/,
    );
  });
});
