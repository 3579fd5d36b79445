/**
 * A GraphQL Storefront call to an emulator over HTTP as a backend makes it: server-to-server with a fresh private
 * token (created through the Management API), and optionally a customer access token. For the Node suites that check
 * what a customer access token still does (signed out, logged out elsewhere).
 */
export async function storefrontGraphql(
  origin: string,
  emulator: {
    app: { storeHash: string; accessToken: string; channelId: number };
    clock: { now(): number };
  },
  query: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const { storeHash, accessToken, channelId } = emulator.app;
  const created = await fetch(`${origin}/stores/${storeHash}/v3/storefront/api-token-private`, {
    method: 'POST',
    headers: { 'x-auth-token': accessToken, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      channel_id: channelId,
      expires_at: Math.floor(emulator.clock.now() / 1000) + 3600,
      scopes: ['Unauthenticated', 'Customer'],
    }),
  });
  if (created.status !== 201 && created.status !== 200) throw new Error(`no private token: ${created.status}`);
  const privateToken = ((await created.json()) as { data: { token: string } }).data.token;
  return fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${privateToken}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
}
