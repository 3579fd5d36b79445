/**
 * The fields BigCommerce documented after the official `schema.graphql` of the spec folder (a 2024-06 SDL), written
 * as `extend type` over STOREFRONT_SDL so that file stays a faithful copy. Each names the doc it comes from; names
 * the docs do not show are marked [inferred]. test/node/emulator/graphql-overlay.test.ts checks every field here
 * against those docs' example documents. Here: `customerAccessToken` on `LoginResult`, `loginWithCustomerLoginJwt`,
 * `login(…, guestCartEntityId)` and `generateSessionSyncJwt` with the `UUID` and `IpAddress` scalars and
 * `PaymentWalletDataInput` it takes (absent from the official SDL; that input's fields are inferred).
 *
 * `login` is the one official field declared here rather than copied: `extend type` cannot add an argument to an
 * existing field, so storefront-schema.ts leaves it out and this file declares it with schema.graphql's arguments
 * (the contract test checks they are kept, with their types and descriptions) plus `guestCartEntityId`.
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

"""
A UUID, as text (e.g. "3d077ee5-373a-42aa-91d2-dd43dc87dde9"). headless-customers.mdx, "Create a session sync JWT
token" (the type of visitId and visitorId).
"""
scalar UUID

"""
An IPv4 or IPv6 address, as text. headless-customers.mdx, "Create a session sync JWT token" (the type of ipAddress).
"""
scalar IpAddress

"""
A payment wallet's data carried into the synced session [fields inferred: the docs name the type only; the example
token shows it as session_payload.payment_wallet_data].
"""
input PaymentWalletDataInput {
  """The payment wallet's identifier [inferred]."""
  paymentWalletEntityId: String!
  """The wallet's data for that session, as JSON text [inferred]."""
  walletInitializationData: String
}

"""
A session sync JWT and the storefront URL that spends it [type name inferred: the docs show only its fields].
headless-customers.mdx, "Create a session sync JWT token".
"""
type SessionSyncJwt {
  """The session sync JWT: iss, iat, eat (iat + 30 s), jti, operation "session_sync", sid, session_payload, request_ip, redirect_to."""
  token: String!
  """The storefront's /session-sync?jwt=… URL: its single visit within 30 s syncs the session and lands on redirect_to."""
  url: String!
}

"""
An error of generateSessionSyncJwt [type name inferred]: a redirect off the storefront, or a cart the shopper
cannot take.
"""
type GenerateSessionSyncJwtError implements Error {
  """A description of the error."""
  message: String!
}

"""Result of generateSessionSyncJwt [type name inferred]. headless-customers.mdx, "Create a session sync JWT token"."""
type GenerateSessionSyncJwtResult {
  """The token and its URL; null when errors is not empty."""
  result: SessionSyncJwt
  """Why no token was made (the docs' example queries them as ...on Error { message })."""
  errors: [Error!]!
}

# docs/start/authentication/graphql-storefront.mdx, "Login with a JWT", "Signing customers in"; headless-customers.mdx.
extend type Mutation {
  """Customer login."""
  login(
    """An email of the customer."""
    email: String!
    """A password of the customer."""
    password: String!
    """
    A guest cart to assign to the customer (graphql-storefront.mdx, "Signing customers in": "You can also perform a
    login operation by passing the guestCartEntityID variable and assigning a cart to a customer").
    """
    guestCartEntityId: String
  ): LoginResult!
  """
  Signs a customer in with a Customer Login API JWT (docs/start/authentication/customer-login.mdx) instead of a
  password, and assigns the guest cart guestCartEntityId to them.
  """
  loginWithCustomerLoginJwt(jwt: String!, guestCartEntityId: String): LoginWithCustomerLoginJwtResult!
  """
  A session sync JWT (headless-customers.mdx, "Create a session sync JWT token"): carries the shopper (the customer
  of the request's customer access token, else an anonymous shopper), the cart and the visit to another storefront
  session, then redirects to redirectTo, a page of this storefront (a path, or a URL on its origin).
  """
  generateSessionSyncJwt(
    redirectTo: String!
    cartId: String
    visitorId: UUID
    visitId: UUID
    ipAddress: IpAddress
    paymentWalletData: PaymentWalletDataInput
  ): GenerateSessionSyncJwtResult!
}
`;
