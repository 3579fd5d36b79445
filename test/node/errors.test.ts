// The browser side's error codes are a closed, documented list: every code src/client and src/elements give is a
// protocol code (ERROR_STATUS) or one of BROWSER_ERROR_CODES, and every listed code is given somewhere.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BROWSER_ERROR_CODES } from '../../src/errors.js';
import { ERROR_STATUS } from '../../src/protocol.js';

const given = new Set(
  ['src/client', 'src/elements'].flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) => [...readFileSync(join(dir, name), 'utf8').matchAll(/'(ERR_BC_[A-Z_]+)'/g)].map((m) => m[1]!)),
  ),
);

describe('the error vocabulary', () => {
  it('lists every code the browser side gives, and no code it never gives', () => {
    assert.deepEqual([...given].filter((code) => !(code in ERROR_STATUS) && !(code in BROWSER_ERROR_CODES)).sort(), []);
    assert.deepEqual(Object.keys(BROWSER_ERROR_CODES).filter((code) => !given.has(code)), []);
  });

  it('says what each browser code means in one sentence', () => {
    for (const [code, meaning] of Object.entries(BROWSER_ERROR_CODES)) assert.match(meaning, /^[A-Z].{20,160}\.$/, code);
  });
});
