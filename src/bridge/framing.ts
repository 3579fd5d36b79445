/**
 * Whether the storefront lets the bridge's parent pages frame it, read from the storefront security settings
 * (`x_frame_options_header`, and `frame-ancestors` in a configured `csp_header`), and what to change when it does
 * not. Browsers honour CSP `frame-ancestors` and ignore `X-Frame-Options: ALLOW-FROM`; the verdict for
 * `allow_from_url` is the strict one (only that URL's origin), which is what a store that also sends the CSP
 * directive enforces.
 */
import type { FramingSettings } from './store-api.js';

/** One parent origin's verdict. */
export interface FramingVerdict {
  origin: string;
  allowed: boolean;
  /** Why not, when not allowed. */
  reason?: string;
}

/** The default port of an http(s) scheme. */
const defaultPort = (protocol: string) => (protocol === 'https:' ? '443' : '80');

/** Whether a CSP source expression (`'self'`, `https:`, `*.example.com`, `https://www.example.com:8443`) matches. */
function sourceMatches(source: string, origin: URL, storefront: URL | undefined): boolean {
  const s = source.toLowerCase();
  if (s === '*') return true;
  if (s === "'self'") return storefront !== undefined && storefront.origin === origin.origin;
  if (/^[a-z][a-z0-9+.-]*:$/.test(s)) return s === origin.protocol || (s === 'http:' && origin.protocol === 'https:');
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*\.)?([a-z0-9.-]+|\*)(?::(\d+|\*))?(?:\/.*)?$/.exec(s);
  if (!m) return false;
  const [, scheme, wildcard, host, port] = m;
  if (scheme && !(`${scheme}:` === origin.protocol || (scheme === 'http' && origin.protocol === 'https:')))
    return false;
  const hostOk = host === '*' || (wildcard ? origin.hostname.endsWith(`.${host}`) : origin.hostname === host);
  const originPort = origin.port || defaultPort(origin.protocol);
  const portOk = port === '*' || (port ?? defaultPort(scheme ? `${scheme}:` : origin.protocol)) === originPort;
  return hostOk && portOk;
}

/** The sources of every `frame-ancestors` directive in a CSP header value (several policies may be comma-joined). */
function frameAncestors(policy: string): string[][] {
  return policy
    .split(',')
    .flatMap((p) => p.split(';'))
    .map((d) => d.trim().split(/\s+/))
    .filter(([name]) => name?.toLowerCase() === 'frame-ancestors')
    .map(([, ...sources]) => sources);
}

/**
 * Each parent origin's verdict. `storefrontOrigin` (BC_STOREFRONT_URL) decides `same_origin` and `'self'`; without it
 * they are judged to allow no other origin than the storefront's, which an allowed parent origin normally is not.
 */
export function framingVerdicts(
  settings: FramingSettings,
  parentOrigins: readonly string[],
  storefrontOrigin?: string,
): FramingVerdict[] {
  const storefront = storefrontOrigin ? new URL(storefrontOrigin) : undefined;
  const frame = settings.x_frame_options_header;
  const csp = settings.csp_header;
  return parentOrigins.map((origin) => {
    const url = new URL(origin);
    const no = (reason: string): FramingVerdict => ({ origin, allowed: false, reason });
    if (frame?.enabled) {
      if (frame.setting === 'deny') return no('X-Frame-Options is "deny": no site may frame the storefront');
      if (frame.setting === 'same_origin' && storefront?.origin !== origin)
        return no(
          'X-Frame-Options is "same_origin": only the storefront itself may frame its pages (same site is not enough)',
        );
      if (frame.setting === 'allow_from_url') {
        let allowed: string | undefined;
        try {
          allowed = new URL(frame.allowed_url ?? '').origin;
        } catch {
          allowed = undefined;
        }
        if (allowed !== origin) return no(`X-Frame-Options allows only ${allowed ?? 'an invalid URL'}`);
      }
    }
    if (csp?.enabled && csp.header_value) {
      for (const sources of frameAncestors(csp.header_value))
        if (!sources.some((s) => sourceMatches(s, url, storefront)))
          return no('the storefront\u2019s CSP header has a frame-ancestors directive that does not list it');
    }
    return { origin, allowed: true };
  });
}

/** What to change so every parent origin may frame the storefront: lines for a person to follow. */
export function framingAdvice(settings: FramingSettings, verdicts: readonly FramingVerdict[]): string[] {
  const blocked = verdicts.filter((v) => !v.allowed).map((v) => v.origin);
  if (blocked.length === 0) return [];
  const all = verdicts.map((v) => v.origin);
  const where =
    'Settings \u203a Security & Privacy \u203a Storefront (per channel: Channel Manager \u203a the storefront\u2019s settings)';
  const lines: string[] = [];
  if (settings.x_frame_options_header?.enabled) {
    if (all.length === 1)
      lines.push(
        `Set X-Frame-Options to "Allow from URL" with ${all[0]} in ${where},`,
        `  or by API: PUT /v3/settings/storefront/security with "x_frame_options_header": {"enabled": true, "setting": "allow_from_url", "allowed_url": "${all[0]}"}`,
        '  (send every field: partial updates are not supported; keep the others as GET answers them).',
      );
    else
      lines.push(
        `X-Frame-Options allows one URL only, and ${all.length} origins need to frame the bridge: turn X-Frame-Options off in ${where}`,
        `  and limit framing with the CSP header instead: frame-ancestors 'self' ${all.join(' ')}`,
      );
  }
  if (settings.csp_header?.enabled && frameAncestors(settings.csp_header.header_value ?? '').length > 0)
    lines.push(`Add ${blocked.join(' ')} to the frame-ancestors directive of the storefront's CSP header (${where}).`);
  return lines;
}

/**
 * The framing settings that let `origins` frame the storefront, as `framingAdvice` tells a person to set them: one
 * origin, X-Frame-Options "allow_from_url" with it; several, X-Frame-Options off and a CSP `frame-ancestors` with the
 * storefront itself and each of them. The rest of a configured CSP header is kept.
 */
export function framingSettingsFor(settings: FramingSettings, origins: readonly string[]): Required<FramingSettings> {
  const otherPolicies = (settings.csp_header?.enabled ? (settings.csp_header.header_value ?? '') : '')
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '' && d.split(/\s+/, 1)[0]?.toLowerCase() !== 'frame-ancestors');
  const [only, ...more] = origins;
  if (only !== undefined && more.length === 0 && otherPolicies.length === 0 && !settings.csp_header?.enabled)
    return {
      x_frame_options_header: { enabled: true, setting: 'allow_from_url', allowed_url: only },
      csp_header: settings.csp_header ?? { enabled: false, header_value: '' },
    };
  return {
    x_frame_options_header: { enabled: false, setting: 'same_origin', allowed_url: '' },
    csp_header: {
      enabled: true,
      header_value: [...otherPolicies, `frame-ancestors 'self' ${origins.join(' ')}`].join('; '),
    },
  };
}
