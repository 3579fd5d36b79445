// The whole chain at one origin, as the elements use it: sign in on the emulated storefront, fetch the
// current-customer token, and have the backend verify it and price with the customer's group.
import { expect } from '@open-wc/testing';
import type { PricesResponse, SessionResponse } from '../../src/protocol.js';
import type { TestConfig } from '../support/servers.js';

async function signIn(email: string, password: string): Promise<void> {
  const form = new URLSearchParams({ login_email: email, login_pass: password });
  const response = await fetch('/login.php?action=check_login', { method: 'POST', body: form, credentials: 'include' });
  expect(response.ok, 'sign-in followed to a page').to.equal(true);
}

async function currentToken(config: TestConfig): Promise<string | null> {
  const response = await fetch(`/customer/current.jwt?app_client_id=${config.appClientId}`, { cache: 'no-store' });
  return response.status === 404 ? null : response.text();
}

async function post<T>(config: TestConfig, route: string, body: unknown, token: string | null): Promise<T> {
  const response = await fetch(`${config.endpoint}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  expect(response.status).to.equal(200);
  return response.json() as Promise<T>;
}

describe('local store (emulator + backend at the page origin)', () => {
  let config: TestConfig;

  before(async () => {
    config = await (await fetch('/__test/config.json')).json();
  });

  // Suites share the browser's cookies: start and end every test signed out.
  const signOut = () => fetch('/login.php?action=logout', { credentials: 'include' });
  beforeEach(signOut);
  afterEach(signOut);

  it('verifies a signed-in customer and prices with their group', async () => {
    const wholesale = config.customers.find((c) => c.groupId !== null)!;
    expect(await currentToken(config)).to.equal(null);
    const guestPrices = await post<PricesResponse>(
      config,
      '/prices',
      { currency: 'USD', items: [{ productId: 80 }] },
      null,
    );

    await signIn(wholesale.email, wholesale.password);
    const token = await currentToken(config);
    expect(token).to.be.a('string');
    const session = await post<SessionResponse>(config, '/session', {}, token);
    expect(session.customer).to.deep.equal({ id: wholesale.id, email: wholesale.email, groupId: wholesale.groupId });

    const groupPrices = await post<PricesResponse>(
      config,
      '/prices',
      { currency: 'USD', items: [{ productId: 80 }] },
      token,
    );
    expect(groupPrices.groupId).to.equal(wholesale.groupId);
    expect(guestPrices.groupId).to.equal(null);
    expect(groupPrices.items[0]!.calculatedPrice.taxExclusive).to.be.below(
      guestPrices.items[0]!.calculatedPrice.taxExclusive,
    );
  });
});
