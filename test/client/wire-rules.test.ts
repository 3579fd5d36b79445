// The browser side of the shared wire-rule table (test/support/wire-rules.ts); test/node/server/wire-rules.test.ts
// runs the backend side of the same table.
import { expect } from '@open-wc/testing';
import { normalizeCartId } from '../../src/client/cart-id.js';
import { readDisplayClaims } from '../../src/client/token.js';
import { BcError } from '../../src/errors.js';
import { CART_ID_CASES, customerWithGroup, GROUP_ID_CASES } from '../support/wire-rules.js';

/** An (unsigned: the browser never verifies) current-customer token with these claims. */
function token(claims: Record<string, unknown>): string {
  const part = (value: unknown) =>
    btoa(JSON.stringify(value)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${part({ alg: 'HS512', typ: 'JWT' })}.${part(claims)}.c2ln`;
}

describe('wire rules, browser side', () => {
  it('enables checkout for exactly the cart ids the backend takes', () => {
    for (const [id, accepted] of CART_ID_CASES) {
      expect(normalizeCartId(id), JSON.stringify(id)).to.equal(accepted ? id : null);
    }
  });

  it('reads the group of each group_id the backend reads, and calls a token the backend refuses malformed', () => {
    const exp = Math.floor(Date.now() / 1000) + 900;
    for (const [claim, group] of GROUP_ID_CASES) {
      const jwt = token({ customer: customerWithGroup(claim), exp, iat: exp - 900 });
      if (group === 'refused') {
        let error: unknown;
        try {
          readDisplayClaims(jwt);
        } catch (caught) {
          error = caught;
        }
        expect(error, JSON.stringify(claim)).to.be.instanceOf(BcError);
        expect((error as BcError).code).to.equal('ERR_BC_TOKEN_MALFORMED');
      } else {
        expect(readDisplayClaims(jwt).customer.groupId, JSON.stringify(claim)).to.equal(group);
      }
    }
  });
});
