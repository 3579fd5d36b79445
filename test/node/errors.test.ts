// The browser side's error codes are a closed, documented list: every code src/client and src/elements give is a
// protocol code (ERROR_STATUS) or one of BROWSER_ERROR_CODES, and every listed code is given somewhere.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BcErrorEvent } from '../../src/client/events.js';
import {
  BcError,
  BROWSER_ERROR_CODES,
  COMMAND_ERROR_CODES,
  isBcErrorCode,
  type BcErrorCode,
} from '../../src/errors.js';
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
    assert.deepEqual(
      Object.keys(BROWSER_ERROR_CODES).filter((code) => !given.has(code)),
      [],
    );
  });

  it('says what each browser code means in one sentence', () => {
    for (const [code, meaning] of Object.entries(BROWSER_ERROR_CODES))
      assert.match(meaning, /^[A-Z].{20,160}\.$/, code);
  });
});

describe('the error codes in the docs', () => {
  const elements = readFileSync('docs/elements.md', 'utf8');
  const protocol = readFileSync('docs/protocol.md', 'utf8');

  it('lists each browser code with its meaning in docs/elements.md', () => {
    for (const [code, meaning] of Object.entries(BROWSER_ERROR_CODES)) {
      assert.ok(
        elements.includes(`| \`${code}\` | ${meaning} |`),
        `${code} missing or its meaning differs in docs/elements.md`,
      );
    }
  });

  it('gives each protocol code its status in docs/protocol.md, and each command code in docs/bridge.md', () => {
    for (const [code, status] of Object.entries(ERROR_STATUS))
      assert.ok(protocol.includes(`| ${status} | \`${code}\` |`), code);
    const bridge = readFileSync('docs/bridge.md', 'utf8');
    for (const code of Object.keys(COMMAND_ERROR_CODES)) assert.ok(bridge.includes(`\`${code}\``), code);
  });
});

describe('the closed union', () => {
  it('knows every listed code and no other', () => {
    for (const code of [
      ...Object.keys(ERROR_STATUS),
      ...Object.keys(BROWSER_ERROR_CODES),
      ...Object.keys(COMMAND_ERROR_CODES),
    ]) {
      assert.ok(isBcErrorCode(code), code);
    }
    for (const code of ['ERR_BC_UPSTREAM_TIMEOUTT', 'ERR_BC_', 'toString', '__proto__', 42])
      assert.equal(isBcErrorCode(code), false);
  });
});

// Type-checked by `tsc` (never run): a code outside the union does not compile, and an event's code is the union.
export function typeChecks(event: BcErrorEvent): BcErrorCode {
  // @ts-expect-error a misspelt code
  void new BcError('ERR_BC_UPSTREAM_TIMEOUTT', 'x');
  // @ts-expect-error any ERR_BC_ string is no longer a code
  void new BcErrorEvent({ code: 'ERR_BC_SOMETHING', message: 'x' });
  const code: BcErrorCode = event.code;
  // @ts-expect-error the union is closed: no code compares equal to one outside it
  return code === 'ERR_BC_NOPE' ? code : event.code;
}
