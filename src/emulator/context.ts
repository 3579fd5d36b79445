/** What every route of one emulator shares: its data, state and configuration. */
import type { Clock } from './clock.js';
import { createPageStore, type PageStore } from './content-pages.js';
import { newSessionSyncKey, type CustomerAccessToken } from './customer-access-tokens.js';
import type { PriceEngine } from './pricing.js';
import type { Catalog } from './seed.js';
import type { Sessions } from './sessions.js';
import {
  defaultStorefrontSecurity,
  type ChannelSecurityOverrides,
  type StorefrontSecuritySettings,
} from './storefront-security.js';
import type { StorefrontApiToken } from './storefront-tokens.js';
import type { SeedCustomer } from './types.js';

export interface StoredCart {
  id: string;
  customerId: number;
  channelId: number;
  currency: string;
  locale: string;
  lines: { id: string; productId: number; variantId: number; quantity: number }[];
  created: number;
  updated: number;
  version: number;
}

export interface EmulatorState {
  carts: Map<string, StoredCart>;
  /** Unused cart.php tokens → cart id. */
  redirectTokens: Map<string, string>;
  /** Customer-login jtis already seen → when they can be forgotten (ms). */
  usedJtis: Map<string, number>;
  /** GraphQL Storefront API tokens created through the Management API (storefront, private, impersonation). */
  apiTokens: Map<string, StorefrontApiToken>;
  /** Customer access tokens → their customer and expiry. */
  customerAccessTokens: Map<string, CustomerAccessToken>;
  /**
   * jtis of session-sync URLs not yet visited → the customer access token the URL was made with (`null`: none, an
   * anonymous shopper's), so the storefront session a visit starts can end with that token's `logout`.
   */
  sessionSyncs: Map<string, string | null>;
  /** Signs session-sync JWTs. */
  sessionSyncKey: Uint8Array;
  /** GraphQL `login` failures in a row by lower-cased email, and until when (ms) the account is locked. */
  loginFailures: Map<string, { count: number; lockedUntil: number }>;
  /** Pages V3 content pages. */
  pages: PageStore;
  /** Storefront security settings: global, and per channel (`null` fields inherit). */
  security: { global: StorefrontSecuritySettings; channels: Map<number, ChannelSecurityOverrides> };
}

export interface EmulatorContext {
  readonly catalog: Catalog;
  readonly prices: PriceEngine;
  readonly sessions: Sessions;
  readonly clock: Clock;
  readonly state: EmulatorState;
  readonly tokenAlgorithm: 'HS512' | 'HS256';
  /** The app's client secret, the HMAC key of both kinds of token. */
  readonly secret: Uint8Array;
  readonly storefrontUrl: string | undefined;
  /** Failed sign-ins in a row that lock an account, and for how long; `false`: no lockout (sign-in-attempts.ts). */
  readonly loginLockout: { readonly attempts: number; readonly lockoutMs: number } | false;
  /** The customer signed in on this request's session. */
  customerOf(request: Request): SeedCustomer | undefined;
}

export function createState(): EmulatorState {
  return {
    carts: new Map(),
    redirectTokens: new Map(),
    usedJtis: new Map(),
    apiTokens: new Map(),
    customerAccessTokens: new Map(),
    sessionSyncs: new Map(),
    sessionSyncKey: newSessionSyncKey(),
    loginFailures: new Map(),
    pages: createPageStore(),
    security: { global: defaultStorefrontSecurity(), channels: new Map() },
  };
}
