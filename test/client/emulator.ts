/**
 * Browser-side helpers for the emulator mounted same-origin in the test server (test/support/servers.ts): the
 * storefront's own sign-in form, and its /__emulator admin routes for faults, the clock and call counts.
 */
import type { Fault } from '../../src/emulator/types.js';

export interface EmulatorState {
  readonly app: { readonly clientId: string; readonly clientSecret: string; readonly storeHash: string };
  readonly customers: readonly {
    readonly id: number;
    readonly email: string;
    readonly password: string;
    readonly customer_group_id: number;
  }[];
}

async function admin(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`/__emulator/${path}`, {
    method,
    credentials: 'include',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`emulator ${method} /__emulator/${path} answered ${response.status}`);
  return response.json();
}

export const emulatorState = () => admin('GET', 'state') as Promise<EmulatorState>;

/** An amount of the Management API's pricing answer. */
export interface ApiPrice {
  readonly tax_exclusive: number;
}

/**
 * What the emulator's Management API prices items at in USD, for a group (`null`: the guest group): the truth the
 * elements' prices are compared with.
 */
export async function managementPrices(
  items: ReadonlyArray<{ productId: number; variantId?: number }>,
  groupId: number | null,
): Promise<Array<{ price: ApiPrice; calculated_price: ApiPrice }>> {
  const { app } = (await emulatorState()) as EmulatorState & {
    app: { accessToken: string; channelId: number };
  };
  const response = await fetch(`/stores/${app.storeHash}/v3/pricing/products`, {
    method: 'POST',
    headers: { 'x-auth-token': app.accessToken, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({
      channel_id: app.channelId,
      currency_code: 'USD',
      ...(groupId === null ? {} : { customer_group_id: groupId }),
      items: items.map((i) => ({ product_id: i.productId, ...(i.variantId ? { variant_id: i.variantId } : {}) })),
    }),
  });
  if (!response.ok) throw new Error(`the Management API answered ${response.status} for prices`);
  return ((await response.json()) as { data: Array<{ price: ApiPrice; calculated_price: ApiPrice }> }).data;
}
/** Forgets every storefront session (so this browser is a guest), faults and counts. */
export const resetEmulator = () => admin('POST', 'reset');
export const setFault = (route: string, fault: Fault) => admin('POST', 'faults', { route, fault });
export const clearFaults = () => admin('DELETE', 'faults');
export const setEmulatorClock = (now: number) => admin('POST', 'clock', { now });
export async function currentJwtCalls(): Promise<number> {
  const calls = ((await admin('GET', 'calls')) as { by_route: Record<string, unknown> }).by_route.current_jwt;
  if (typeof calls !== 'number') throw new Error(`the emulator counts no current_jwt calls: ${String(calls)}`);
  return calls;
}

/** Signs this browser in as a shopper does: the storefront's /login.php form, cookies included. */
export async function signIn(email: string, password: string): Promise<void> {
  const response = await fetch('/login.php?action=check_login', {
    method: 'POST',
    credentials: 'include',
    body: new URLSearchParams({ login_email: email, login_pass: password }),
  });
  if (!new URL(response.url).pathname.startsWith('/account.php')) {
    throw new Error(`sign-in as ${email} failed: ended on ${response.url}`);
  }
}

/** Signs this browser out through the storefront's own link. */
export async function signOut(): Promise<void> {
  await fetch('/login.php?action=logout', { credentials: 'include' });
}

/**
 * Requests this page made to /customer/current.jwt, as the browser itself recorded them (Resource Timing); with
 * `since` (a `performance.now()` reading), only those that started since. Clearing the buffer first is not enough:
 * Firefox records an entry a little after its response ends, so an earlier test's request can land after the clear.
 */
export function currentJwtRequests(since = 0): number {
  return performance
    .getEntriesByType('resource')
    .filter((entry) => entry.startTime >= since && new URL(entry.name).pathname === '/customer/current.jwt').length;
}
