// Every link between the project's Markdown documents (README.md, CHANGELOG.md, docs/*.md) leads somewhere: the file
// exists, and an `#anchor` names a heading of it (GitHub's heading ids). Links to the web are not fetched.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, it } from 'node:test';

const DOCUMENTS = [
  'README.md',
  'CHANGELOG.md',
  ...readdirSync('docs')
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** The text outside fenced code blocks and inline code, where links are links. */
function prose(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's ids of a document's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function headingIds(markdown: string): Set<string> {
  const ids = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, text] of prose(markdown.replace(/`([^`\n]*)`/g, '$1')).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = text!
      .toLowerCase()
      .replace(/<[^>]+>/g, '')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    ids.add(count === 0 ? base : `${base}-${count}`);
  }
  return ids;
}

/** The relative links of a document: Markdown `[text](target)` and HTML `href`/`src`. */
function links(markdown: string): string[] {
  const text = prose(markdown);
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g), ...text.matchAll(/\b(?:href|src)="([^"]+)"/g)]
    .map((m) => m[1]!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

describe('links between the documents', () => {
  it('finds the documents and their links (the checker is not vacuous)', () => {
    assert.ok(DOCUMENTS.includes('docs/elements.md') && DOCUMENTS.includes('docs/protocol.md'));
    assert.ok(links(readFileSync('README.md', 'utf8')).includes('docs/elements.md'));
    assert.ok(headingIds(readFileSync('docs/protocol.md', 'utf8')).has('get-ready'));
    assert.ok(headingIds('## Running the backend: `serve`\n').has('running-the-backend-serve'));
  });

  for (const document of DOCUMENTS) {
    it(`${document}: every relative link and anchor resolves`, () => {
      const markdown = readFileSync(document, 'utf8');
      const broken: string[] = [];
      for (const link of links(markdown)) {
        const [path, anchor] = link.split('#', 2) as [string, string | undefined];
        const target = path === '' ? document : normalize(join(dirname(document), decodeURI(path)));
        if (!existsSync(target)) {
          broken.push(`${link}: no ${target}`);
          continue;
        }
        if (anchor !== undefined && anchor !== '' && !statSync(target).isDirectory()) {
          if (!headingIds(readFileSync(target, 'utf8')).has(anchor))
            broken.push(`${link}: no heading #${anchor} in ${target}`);
        }
      }
      assert.deepEqual(broken, []);
    });
  }
});
