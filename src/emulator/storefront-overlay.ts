/**
 * The fields BigCommerce documented after the official `schema.graphql` of the spec folder (a 2024-06 SDL), written
 * as `extend type` over STOREFRONT_SDL so that file stays a faithful copy. Each names the doc it comes from; names
 * the docs do not show are marked [inferred]. test/node/emulator/graphql-overlay.test.ts checks every field here
 * against those docs' example documents.
 *
 * Left out: `login(guestCartEntityId)` (an argument cannot be added to an existing field with `extend type`; the
 * emulator's `login` keeps the official file's two arguments) and `generateSessionSyncJwt`.
 */
export const STOREFRONT_OVERLAY_SDL = `
"""
A customer access token: an authenticated storefront session for server-to-server GraphQL requests.
docs/start/authentication/graphql-storefront.mdx, "Customer access tokens".
"""
type CustomerAccessToken {
  """The token, sent as the X-Bc-Customer-Access-Token header."""
  value: String!
  """When it expires, ISO 8601 (the docs' example: "2024-07-19T16:30:29Z")."""
  expiresAt: String!
}

# The customer access token of a server-to-server login (null, with an error, for a browser's).
# docs/start/authentication/graphql-storefront.mdx, "Login mutation".
extend type LoginResult {
  customerAccessToken: CustomerAccessToken
}

"""
Result of loginWithCustomerLoginJwt [type name inferred: the docs show only its fields].
docs/start/authentication/graphql-storefront.mdx, "Login with a JWT".
"""
type LoginWithCustomerLoginJwtResult {
  """The customer signed in."""
  customer: Customer
  """The customer access token (server-to-server requests only)."""
  customerAccessToken: CustomerAccessToken
}

# docs/start/authentication/graphql-storefront.mdx, "Login with a JWT"; headless-customers.mdx.
extend type Mutation {
  """
  Signs a customer in with a Customer Login API JWT (docs/start/authentication/customer-login.mdx) instead of a
  password, and assigns the guest cart guestCartEntityId to them.
  """
  loginWithCustomerLoginJwt(jwt: String!, guestCartEntityId: String): LoginWithCustomerLoginJwtResult!
}
`;
