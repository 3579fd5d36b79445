// The wire rules both sides apply, as one table: the browser suite (test/client/wire-rules.test.ts) and the backend
// suite (test/node/server/wire-rules.test.ts) each check their side against it, so the button never enables for a
// cart id the backend refuses and a token never names one group in the page and another (or none) on the backend.

/** Cart ids and whether a backend takes them (BigCommerce's are UUIDs: carts.v3 `format: UUID`). */
export const CART_ID_CASES: readonly (readonly [id: string, accepted: boolean])[] = [
  ['3fa85f64-5717-4562-b3fc-2c963f66afa6', true],
  ['3FA85F64-5717-4562-B3FC-2C963F66AFA6', true],
  ['c1', true],
  ['cart-1', true],
  ['a'.repeat(64), true],
  ['', false],
  ['a_b', false],
  ['-3fa85f64', false],
  ['a'.repeat(65), false],
  ['../../admin', false],
  ['a b', false],
  ['a.b', false],
  ['%2e%2e', false],
  ['ü', false],
];

/** `customer.group_id` claims and the group they name: a number, `null` for no group, `'refused'` for a bad token. */
export const GROUP_ID_CASES: readonly (readonly [claim: unknown, group: number | null | 'refused'])[] = [
  [undefined, null],
  ['', null],
  ['0', null],
  [0, null],
  [null, null],
  ['6', 6],
  [6, 6],
  ['9007199254740991', 9007199254740991],
  ['007', 'refused'],
  [' 6', 'refused'],
  ['6 ', 'refused'],
  ['+6', 'refused'],
  ['6.0', 'refused'],
  ['-1', 'refused'],
  [-1, 'refused'],
  [1.5, 'refused'],
  ['admins', 'refused'],
  ['9007199254740993', 'refused'],
  [true, 'refused'],
];

/** The claims' `customer` member for a `group_id` case (absent when the case is `undefined`). */
export function customerWithGroup(claim: unknown): Record<string, unknown> {
  return claim === undefined ? { id: 7, email: 'g@example.com' } : { id: 7, email: 'g@example.com', group_id: claim };
}
