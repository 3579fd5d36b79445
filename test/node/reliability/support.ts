// Shared by the reliability suites: the emulator on a loopback port with the real backend handler in front of it,
// current-customer tokens signed with the emulator app's secret, a cart, and a process-level unhandled-rejection trap.
import { createHmac } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { createEmulator, type Emulator } from '../../../src/emulator/index.js';
import { createHandler, type FetchHandler, type HandlerOptions } from '../../../src/server/index.js';
import { listen, type Listening } from '../../../src/server/node.js';

export const silentLogger = { info() {}, warn() {}, error() {} };

export interface Store {
  readonly emulator: Emulator;
  readonly shop: Listening;
  /** The storefront's origin (the emulator's), which the backend is configured with. */
  readonly storefront: string;
  /** Builds a handler on this store; `options` override the defaults (no rate limit, silent logger). */
  handler(options?: Partial<HandlerOptions>): FetchHandler;
  /** A current-customer token for a seeded customer, signed as BigCommerce signs them (HS512). */
  token(customerEmail?: string, overrides?: Record<string, unknown>): Promise<string>;
  /** Creates a cart through the Management API and returns its id. */
  cart(): Promise<string>;
  close(): Promise<void>;
}

/** The emulator over real HTTP on 127.0.0.1, with a quota no suite reaches (unless given one). */
export async function startStore(emulatorOptions: Parameters<typeof createEmulator>[0] = {}): Promise<Store> {
  const emulator = createEmulator({ rateLimit: { quota: 1_000_000_000, windowMs: 30_000 }, ...emulatorOptions });
  const shop = await listen(emulator.handle);
  const { clientId, clientSecret, storeHash, accessToken, channelId } = emulator.app;
  const key = new TextEncoder().encode(clientSecret);
  return {
    emulator,
    shop,
    storefront: shop.url,
    handler: (options = {}) =>
      createHandler({
        storeHash,
        clientId,
        clientSecret,
        accessToken,
        channelId,
        storefrontUrl: shop.url,
        apiBaseUrl: shop.url,
        allowedOrigins: [shop.url],
        rateLimit: false,
        logger: silentLogger,
        ...options,
      }),
    async token(email = 'vip@example.com', overrides = {}) {
      const customer = emulator.seed.customers.find((c) => c.email === email);
      if (!customer) throw new Error(`no seeded customer ${email}`);
      return signCurrentCustomer(key, currentCustomerClaims(emulator, customer, overrides));
    },
    async cart() {
      const response = await fetch(`${shop.url}/stores/${storeHash}/v3/carts`, {
        method: 'POST',
        headers: { 'x-auth-token': accessToken, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ channel_id: channelId, line_items: [{ quantity: 2, product_id: 78, variant_id: 64 }] }),
      });
      if (response.status !== 201)
        throw new Error(`cart creation answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { data: { id: string } }).data.id;
    },
    async close() {
      emulator.faults.clear();
      await shop.close();
    },
  };
}

/** The claims of a valid current-customer token for `customer`, as the emulator's /customer/current.jwt issues them. */
export function currentCustomerClaims(
  emulator: Emulator,
  customer: { id: number; email: string; customer_group_id: number },
  overrides: Record<string, unknown> = {},
): JWTPayload {
  const iat = Math.floor(Date.now() / 1000);
  return {
    customer: { id: customer.id, email: customer.email, group_id: String(customer.customer_group_id) },
    iss: 'bc/apps',
    sub: emulator.app.storeHash,
    iat,
    exp: iat + 900,
    version: 1,
    aud: emulator.app.clientId,
    application_id: emulator.app.clientId,
    store_hash: emulator.app.storeHash,
    operation: 'current_customer',
    ...overrides,
  };
}

export function signCurrentCustomer(key: Uint8Array, claims: JWTPayload, alg = 'HS512'): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);
}

/**
 * Signs any claims with HMAC, as an attacker holding the secret's output format would: unlike jose's `SignJWT`, it
 * refuses nothing (non-finite numbers are written as `1e309`, which JSON parsers read back as Infinity).
 */
export function signAnyClaims(key: Uint8Array, claims: Record<string, unknown>, alg: 'HS256' | 'HS512'): string {
  const encode = (value: unknown) =>
    Buffer.from(
      JSON.stringify(value, (_, v: unknown) => (v === Infinity ? '\u0000inf' : v === -Infinity ? '\u0000-inf' : v))
        .replaceAll('"\\u0000inf"', '1e309')
        .replaceAll('"\\u0000-inf"', '-1e309'),
    ).toString('base64url');
  const input = `${encode({ alg, typ: 'JWT' })}.${encode(claims)}`;
  const signature = createHmac(alg === 'HS256' ? 'sha256' : 'sha512', key)
    .update(input)
    .digest('base64url');
  return `${input}.${signature}`;
}

/** Collects every unhandled rejection of the process while installed. */
export function trapUnhandled(): { readonly reasons: unknown[]; install(): void; remove(): void } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => void reasons.push(reason);
  return {
    reasons,
    install: () => void process.on('unhandledRejection', listener),
    remove: () => void process.off('unhandledRejection', listener),
  };
}
