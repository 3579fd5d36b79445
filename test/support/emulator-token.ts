/**
 * A seeded customer's current-customer token from an emulator over HTTP: signed in through the emulator's
 * `/__emulator/sign-in` admin route, then read from `/customer/current.jwt` as a storefront page would.
 * For the Node suites and the benches; the browser suites sign in through the page itself.
 */
export async function currentCustomerToken(origin: string, clientId: string, email: string): Promise<string> {
  const signIn = await fetch(`${origin}/__emulator/sign-in`, { method: 'POST', body: JSON.stringify({ email }) });
  if (!signIn.ok) throw new Error(`the emulator at ${origin} could not sign in ${email}: ${signIn.status}`);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const jwt = await fetch(`${origin}/customer/current.jwt?app_client_id=${encodeURIComponent(clientId)}`, {
    headers: { cookie },
  });
  if (!jwt.ok) throw new Error(`the emulator at ${origin} issued no token for ${email}: ${jwt.status}`);
  return (await jwt.text()).trim();
}
