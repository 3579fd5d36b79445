/**
 * Storefront security settings (settings.v3.yml `StorefrontSecuritySettings`): `GET`/`PUT
 * /v3/settings/storefront/security`, global or per channel (`?channel_id=`: `null` fields inherit the global value),
 * and the headers they put on the storefront's HTML pages. Only `x_frame_options_header` and `csp_header` change
 * what the emulator sends; `hsts` and `sitewide_https_enabled` are stored and answered (the emulator speaks http).
 */
import type { EmulatorContext } from './context.js';
import { isObject, json, readJson, v3Error } from './http.js';

export interface StorefrontSecuritySettings {
  csp_header: { enabled: boolean; header_value: string };
  hsts: {
    enabled: boolean;
    include_preload: boolean;
    include_subdomains: boolean;
    max_age: 'zero_seconds' | 'five_minutes' | 'one_year';
  };
  sitewide_https_enabled: boolean;
  x_frame_options_header: { enabled: boolean; setting: 'deny' | 'same_origin' | 'allow_from_url'; allowed_url: string };
}

type Field = keyof StorefrontSecuritySettings;
/** A channel's overrides: `null` = inherit the global value. */
export type ChannelSecurityOverrides = { [K in Field]: StorefrontSecuritySettings[K] | null };

const FIELDS: readonly Field[] = ['csp_header', 'hsts', 'sitewide_https_enabled', 'x_frame_options_header'];
const MAX_AGES = ['zero_seconds', 'five_minutes', 'one_year'] as const;
const FRAME_SETTINGS = ['deny', 'same_origin', 'allow_from_url'] as const;

/**
 * A new store's settings. Framing: only by the storefront itself (`X-Frame-Options: SAMEORIGIN`), as BigCommerce
 * storefronts answer out of the box [observed; the spec gives no default]: a page of another origin cannot frame the
 * storefront until the merchant allows it, which is what `bridge check` must be able to say.
 */
export function defaultStorefrontSecurity(): StorefrontSecuritySettings {
  return {
    csp_header: { enabled: false, header_value: '' },
    hsts: { enabled: false, include_preload: false, include_subdomains: false, max_age: 'zero_seconds' },
    sitewide_https_enabled: true,
    x_frame_options_header: { enabled: true, setting: 'same_origin', allowed_url: '' },
  };
}

/** Header values are sent as given: printable ASCII only, so no value can add a header of its own. */
const isHeaderValue = (value: unknown): value is string => typeof value === 'string' && /^[\x20-\x7e]*$/.test(value);

function httpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  return ['http:', 'https:'].includes(new URL(value).protocol);
}

/** Checks one field of a PUT body; answers the stored value or records why not. */
function checkField(
  field: Field,
  value: unknown,
  errors: Record<string, string>,
): StorefrontSecuritySettings[Field] | undefined {
  const bool = (v: unknown) => typeof v === 'boolean';
  const fail = (reason: string) => {
    errors[field] = reason;
    return undefined;
  };
  if (field === 'sitewide_https_enabled') return bool(value) ? value : fail('must be a boolean');
  if (!isObject(value)) return fail('must be an object');
  if (!bool(value.enabled)) return fail('enabled must be a boolean');
  switch (field) {
    case 'csp_header': {
      const headerValue = value.header_value ?? '';
      if (!isHeaderValue(headerValue)) return fail('header_value must be a string of printable ASCII characters');
      if (value.enabled && headerValue.trim() === '')
        return fail('header_value is required when the header is enabled');
      return { enabled: value.enabled, header_value: headerValue };
    }
    case 'hsts': {
      for (const key of ['include_preload', 'include_subdomains'] as const)
        if (value[key] !== undefined && !bool(value[key])) return fail(`${key} must be a boolean`);
      const maxAge = value.max_age ?? 'zero_seconds';
      if (!MAX_AGES.includes(maxAge as never)) return fail(`max_age must be one of ${MAX_AGES.join(', ')}`);
      return {
        enabled: value.enabled,
        include_preload: value.include_preload === true,
        include_subdomains: value.include_subdomains === true,
        max_age: maxAge as (typeof MAX_AGES)[number],
      };
    }
    case 'x_frame_options_header': {
      const setting = value.setting ?? 'same_origin';
      if (!FRAME_SETTINGS.includes(setting as never))
        return fail(`setting must be one of ${FRAME_SETTINGS.join(', ')}`);
      const allowedUrl = value.allowed_url ?? '';
      if (typeof allowedUrl !== 'string') return fail('allowed_url must be a string');
      if (setting === 'allow_from_url' && !httpUrl(allowedUrl))
        return fail('allowed_url must be an absolute http(s) URL for allow_from_url');
      return { enabled: value.enabled, setting: setting as (typeof FRAME_SETTINGS)[number], allowed_url: allowedUrl };
    }
  }
}

type Scope = { ok: true; channel: number | undefined } | { ok: false; response: Response };

/** The `channel_id` query parameter: absent (global settings) or the store's channel. */
function scopeOf(ctx: EmulatorContext, request: Request): Scope {
  const raw = new URL(request.url).searchParams.get('channel_id');
  if (raw === null) return { ok: true, channel: undefined };
  if (!/^\d+$/.test(raw)) return { ok: false, response: v3Error(422, { channel_id: 'must be an integer' }) };
  if (Number(raw) !== ctx.catalog.seed.store.channel_id)
    return { ok: false, response: v3Error(422, { channel_id: `channel ${raw} does not exist` }) };
  return { ok: true, channel: Number(raw) };
}

function answer(ctx: EmulatorContext, channel: number | undefined): Response {
  const { security } = ctx.state;
  const data = channel === undefined ? security.global : (security.channels.get(channel) ?? noOverrides());
  return json({ data, meta: {} });
}

const noOverrides = (): ChannelSecurityOverrides => ({
  csp_header: null,
  hsts: null,
  sitewide_https_enabled: null,
  x_frame_options_header: null,
});

/** `GET /v3/settings/storefront/security[?channel_id=]`. */
export function getStorefrontSecurity(ctx: EmulatorContext, request: Request): Response {
  const scope = scopeOf(ctx, request);
  return scope.ok ? answer(ctx, scope.channel) : scope.response;
}

/**
 * `PUT /v3/settings/storefront/security[?channel_id=]`. Partial updates are not supported (as documented): every
 * field is required; for a channel, `null` removes its override.
 */
export async function putStorefrontSecurity(ctx: EmulatorContext, request: Request): Promise<Response> {
  const scope = scopeOf(ctx, request);
  if (!scope.ok) return scope.response;
  const body = await readJson(request);
  if (!body.ok) return body.response;
  const errors: Record<string, string> = {};
  const next: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = body.value[field];
    if (value === undefined) errors[field] = 'is required: partial updates are not supported';
    else if (value === null && scope.channel !== undefined) next[field] = null;
    else next[field] = checkField(field, value, errors);
  }
  if (Object.keys(errors).length > 0) return v3Error(422, errors);
  if (scope.channel === undefined) ctx.state.security.global = next as unknown as StorefrontSecuritySettings;
  else ctx.state.security.channels.set(scope.channel, next as ChannelSecurityOverrides);
  return answer(ctx, scope.channel);
}

/** The settings the storefront applies: the channel's overrides over the global values. */
export function effectiveSecurity(ctx: EmulatorContext): StorefrontSecuritySettings {
  const { global, channels } = ctx.state.security;
  const overrides = channels.get(ctx.catalog.seed.store.channel_id);
  if (!overrides) return global;
  return Object.fromEntries(FIELDS.map((f) => [f, overrides[f] ?? global[f]])) as unknown as StorefrontSecuritySettings;
}

/**
 * Puts the settings' headers on a storefront HTML response. Framing: `deny` → `X-Frame-Options: DENY` and CSP
 * `frame-ancestors 'none'`; `same_origin` → `SAMEORIGIN` and `'self'`; `allow_from_url` → CSP `frame-ancestors`
 * with the allowed URL's origin. Modern browsers ignore `X-Frame-Options: ALLOW-FROM` (an unknown value: they act as
 * if there were no header), and any `frame-ancestors` makes them ignore `X-Frame-Options` altogether, so the CSP
 * directive is what carries each setting (BIGCOMMERCE.md §9); `ALLOW-FROM` is still sent, as its name says.
 * Disabled: no framing header. A configured `csp_header` is sent as its own policy (browsers enforce both).
 */
export function applyStorefrontSecurity(settings: StorefrontSecuritySettings, response: Response): Response {
  const frame = settings.x_frame_options_header;
  const policies: string[] = [];
  if (frame.enabled) {
    const [header, ancestors] =
      frame.setting === 'deny'
        ? ['DENY', "'none'"]
        : frame.setting === 'same_origin'
          ? ['SAMEORIGIN', "'self'"]
          : [`ALLOW-FROM ${new URL(frame.allowed_url).origin}`, new URL(frame.allowed_url).origin];
    response.headers.set('x-frame-options', header);
    policies.push(`frame-ancestors ${ancestors}`);
  }
  if (settings.csp_header.enabled) policies.push(settings.csp_header.header_value);
  for (const policy of policies) response.headers.append('content-security-policy', policy);
  return response;
}
