// The backend side of the shared wire-rule table (test/support/wire-rules.ts); test/client/wire-rules.test.ts runs
// the browser side of the same table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CART_ID_CASES, customerWithGroup, GROUP_ID_CASES } from '../../support/wire-rules.js';
import { customerToken, post, testHandler } from './helpers.js';

describe('wire rules, backend side', () => {
  it('takes exactly the cart ids of the table on /checkout', async () => {
    const { handler } = testHandler();
    for (const [cartId, accepted] of CART_ID_CASES) {
      const response = await handler(post('/checkout', { cartId }));
      const body = (await response.json()) as { error?: { code: string } };
      // A taken id goes on to BigCommerce (whatever the stand-in answers); a refused one never leaves: 400.
      if (accepted) assert.notEqual(response.status, 400, JSON.stringify(cartId));
      else assert.equal(body.error?.code, 'ERR_BC_INVALID_REQUEST', JSON.stringify(cartId));
    }
  });

  it('reads the group of each group_id of the table, or refuses the token', async () => {
    const { handler } = testHandler();
    for (const [claim, group] of GROUP_ID_CASES) {
      const token = await customerToken({ customer: customerWithGroup(claim) });
      const response = await handler(post('/session', {}, { authorization: `Bearer ${token}` }));
      if (group === 'refused') {
        assert.equal(response.status, 401, JSON.stringify(claim));
      } else {
        assert.equal(response.status, 200, JSON.stringify(claim));
        assert.equal(
          ((await response.json()) as { customer: { groupId: unknown } }).customer.groupId,
          group,
          JSON.stringify(claim),
        );
      }
    }
  });
});
