/**
 * The GraphQL Storefront API tokens of storefront_tokens.v3.yml, created through the Management API:
 * - `POST /v3/storefront/api-token`: a storefront token, for browsers (CORS through `allowed_cors_origins`, 1–2
 *   origins); server-to-server use is refused for tokens created after 2026-06-30 and, from 2027-04-01, for all
 *   (graphql-storefront.mdx, "Deprecation notice").
 * - `POST /v3/storefront/api-token-private`: a private token with `scopes` (required, `Unauthenticated`, `Customer`,
 *   `B2B`), for servers only: refused from a browser, here and on `/graphql`.
 * - `POST /v3/storefront/api-token-customer-impersonation`: acts for any customer (`X-Bc-Customer-Id`); server only.
 * Body: `expires_at` and exactly one of `channel_id` / `channel_ids` (the spec's NOTE); anything else is 422. The
 * token is opaque to its holder; the emulator remembers it until it expires or `reset()`.
 */
import type { EmulatorContext } from './context.js';
import { fromBrowser, isPositiveInt, json, randomHex, readJson, v3Error } from './http.js';

export type TokenKind = 'storefront' | 'private' | 'impersonation';

/** The access scopes of private tokens (TokenPostPrivate's enum; graphql-storefront.mdx "Private token access scopes"). */
export const ACCESS_SCOPES = ['Unauthenticated', 'Customer', 'B2B'] as const;
export type AccessScope = (typeof ACCESS_SCOPES)[number];

export interface StorefrontApiToken {
  readonly kind: TokenKind;
  readonly channelIds: readonly number[];
  /** Unix seconds. */
  readonly expiresAt: number;
  /** When it was created, by the emulator's clock (ms): decides server-to-server use of storefront tokens. */
  readonly createdAt: number;
  /** Private tokens only. */
  readonly scopes?: readonly AccessScope[];
  /** Storefront tokens only: origins (exact) allowed to use it from a browser. */
  readonly corsOrigins?: readonly string[];
}

/** Storefront tokens created from this moment on no longer work server-to-server (the docs: "after June 30th, 2026"). */
export const STOREFRONT_S2S_CUTOFF = Date.UTC(2026, 6, 1);
/** From this moment no storefront token works server-to-server ("until March 31st, 2027"). */
export const STOREFRONT_S2S_END = Date.UTC(2027, 3, 1);

/** Whether a storefront token created at `createdAt` may still be used server-to-server at `now` (both ms). */
export function storefrontTokenServesServers(createdAt: number, now: number): boolean {
  return createdAt < STOREFRONT_S2S_CUTOFF && now < STOREFRONT_S2S_END;
}

const BROWSER_REFUSED: Record<Exclude<TokenKind, 'storefront'>, string> = {
  private: 'private tokens cannot be created from a browser',
  impersonation: 'customer impersonation tokens cannot be created from a browser',
};

/** A route creating tokens of one kind. */
function tokenRoute(kind: TokenKind) {
  return async (ctx: EmulatorContext, request: Request): Promise<Response> => {
    // Sensitive tokens are server-side only, as on BigCommerce: a browser's request (Origin / Sec-Fetch-Site) is refused.
    if (kind !== 'storefront' && fromBrowser(request)) return v3Error(403, { origin: BROWSER_REFUSED[kind] });
    const body = await readJson(request);
    if (!body.ok) return body.response;
    const input = body.value;
    const errors: Record<string, string> = {};
    const now = Math.floor(ctx.clock.now() / 1000);
    if (!Number.isSafeInteger(input.expires_at)) errors.expires_at = 'is required: a Unix time in seconds';
    else if ((input.expires_at as number) <= now) errors.expires_at = 'must be in the future';
    const hasOne = input.channel_id !== undefined;
    const hasMany = input.channel_ids !== undefined;
    let channelIds: number[] = [];
    if (hasOne === hasMany) errors.channel_id = 'send exactly one of channel_id and channel_ids';
    else if (hasOne) {
      if (!isPositiveInt(input.channel_id)) errors.channel_id = 'must be a positive integer';
      else channelIds = [input.channel_id];
    } else if (
      !Array.isArray(input.channel_ids) ||
      input.channel_ids.length === 0 ||
      !input.channel_ids.every(isPositiveInt)
    ) {
      errors.channel_ids = 'must be a non-empty array of channel ids';
    } else channelIds = input.channel_ids;
    const unknown = channelIds.find((id) => id !== ctx.catalog.seed.store.channel_id);
    if (unknown !== undefined) errors.channel_id = `channel ${unknown} does not exist`;

    let scopes: AccessScope[] | undefined;
    if (kind === 'private') {
      const raw = input.scopes;
      // "Scopes are required when creating a private token. The API rejects requests with no scopes."
      if (!Array.isArray(raw) || raw.length === 0)
        errors.scopes = 'is required: a non-empty array of Unauthenticated, Customer, B2B';
      else if (!raw.every((s): s is AccessScope => ACCESS_SCOPES.includes(s as AccessScope)))
        errors.scopes = 'may only hold Unauthenticated, Customer, B2B';
      else scopes = [...new Set(raw)];
    } else if (input.scopes !== undefined) errors.scopes = 'only private tokens have scopes';

    let corsOrigins: string[] | undefined;
    if (kind === 'storefront') {
      const raw = input.allowed_cors_origins;
      if (raw !== undefined) {
        if (!Array.isArray(raw) || raw.length === 0 || raw.length > 2 || !raw.every(isOrigin)) {
          errors.allowed_cors_origins =
            'must be 1 or 2 origins such as https://www.example.com (no path, no trailing slash)';
        } else corsOrigins = raw as string[];
      }
    } else if (input.allowed_cors_origins !== undefined)
      errors.allowed_cors_origins = 'only storefront tokens have CORS origins';
    if (Object.keys(errors).length > 0) return v3Error(422, errors);

    // Shaped like a JWT (as real ones are), but only the emulator can check it: it is a random handle.
    const token = `eyJhbGciOiJFUzI1NiJ9.${randomHex(48)}.${randomHex(32)}`;
    ctx.state.apiTokens.set(token, {
      kind,
      channelIds,
      expiresAt: input.expires_at as number,
      createdAt: ctx.clock.now(),
      ...(scopes ? { scopes } : {}),
      ...(kind === 'storefront' ? { corsOrigins: corsOrigins ?? [] } : {}),
    });
    return json({ data: { token }, meta: {} });
  };
}

function isOrigin(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

export const createStorefrontToken = tokenRoute('storefront');
export const createPrivateToken = tokenRoute('private');
export const createImpersonationToken = tokenRoute('impersonation');
