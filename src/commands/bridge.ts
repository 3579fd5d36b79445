/**
 * `bc-customer-elements bridge install | print | uninstall | check`: the storefront bridge page (docs/bridge.md),
 * configured from the backend's environment variables (BRIDGE_ENV). The Management API calls are in
 * src/bridge/store-api.ts, the framing verdict in src/bridge/framing.ts.
 */
import { framingAdvice, framingVerdicts } from '../bridge/framing.js';
import { bridgePageHtml } from '../bridge/page.js';
import { DEFAULT_BRIDGE_PATH, exactOrigin } from '../bridge/protocol.js';
import { createStoreApi, type StoreApi } from '../bridge/store-api.js';

/** The environment variables the bridge commands read. */
export const BRIDGE_ENV = {
  BC_STORE_HASH: 'store hash (install, uninstall, check)',
  BC_ACCESS_TOKEN:
    'Management API token with Content: modify and Information & Settings: read-only (install, uninstall, check)',
  BC_CLIENT_ID: 'app client id, baked into the page (install, print, check)',
  BC_ALLOWED_ORIGINS: 'comma-separated exact origins of the pages the bridge answers (install, print, check)',
  BC_API_BASE_URL: 'Management API origin (default https://api.bigcommerce.com)',
  BC_CHANNEL_ID: 'channel whose storefront serves the page (default 1)',
  BC_BRIDGE_PATH: `storefront path of the page (default ${DEFAULT_BRIDGE_PATH})`,
  BC_STOREFRONT_URL: 'storefront origin: judges "same origin" framing; check also fetches the page from it',
} as const;

const USAGE = `Usage: bc-customer-elements bridge <install | print | uninstall | check>

  install    create or update the bridge page (a raw page, Pages API) and report whether the
             allowed origins may frame the storefront, and what to change if not
  print      write the page's HTML to stdout (for a Stencil custom template)
  uninstall  delete the page (nothing to do when there is none)
  check      report whether the page is there and current, and the framing verdict; exits 1 if not

Environment:
${Object.entries(BRIDGE_ENV)
  .map(([name, meaning]) => `  ${name.padEnd(20)} ${meaning}`)
  .join('\n')}
`;

type Env = Record<string, string | undefined>;

interface BridgeConfig {
  path: string;
  channelId: number;
  storefrontUrl: string | undefined;
  clientId: () => string;
  origins: () => string[];
  api: () => StoreApi;
}

const value = (env: Env, name: string) => env[name]?.trim() || undefined;

function required(env: Env, name: string): string {
  const found = value(env, name);
  if (!found) throw new Error(`${name} is not set (bc-customer-elements bridge --help lists the variables)`);
  return found;
}

/** Reads the configuration lazily, so each command needs only the variables it uses. */
function configFromEnv(env: Env): BridgeConfig {
  const path = value(env, 'BC_BRIDGE_PATH') ?? DEFAULT_BRIDGE_PATH;
  if (!/^\/[A-Za-z0-9._~/-]*$/.test(path) || path.startsWith('//') || path.includes('/../'))
    throw new Error('BC_BRIDGE_PATH must be a storefront path such as /bc-bridge/');
  const channel = value(env, 'BC_CHANNEL_ID') ?? '1';
  if (!/^\d+$/.test(channel) || Number(channel) < 1) throw new Error('BC_CHANNEL_ID must be a positive whole number');
  const storefront = value(env, 'BC_STOREFRONT_URL');
  if (storefront !== undefined && !URL.canParse(storefront))
    throw new Error('BC_STOREFRONT_URL must be a URL such as https://shop.example.com');
  return {
    path,
    channelId: Number(channel),
    storefrontUrl: storefront && new URL(storefront).origin,
    clientId: () => required(env, 'BC_CLIENT_ID'),
    origins() {
      const list = required(env, 'BC_ALLOWED_ORIGINS')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean);
      const bad = list.find((o) => exactOrigin(o) === undefined);
      if (bad !== undefined)
        throw new Error(
          `BC_ALLOWED_ORIGINS: "${bad}" is not an exact origin such as https://www.example.com (no path or trailing slash)`,
        );
      if (list.length === 0) throw new Error('BC_ALLOWED_ORIGINS is empty: the bridge would answer nobody');
      return [...new Set(list)];
    },
    api: () =>
      createStoreApi({
        apiBaseUrl: value(env, 'BC_API_BASE_URL') ?? 'https://api.bigcommerce.com',
        storeHash: required(env, 'BC_STORE_HASH'),
        accessToken: required(env, 'BC_ACCESS_TOKEN'),
      }),
  };
}

/** Where the commands write their lines (stdout for the CLI; the demo passes its own). */
export type Say = (line?: string) => void;

const say: Say = (line = '') => process.stdout.write(`${line}\n`);

/** Reports the framing verdict; answers whether every origin may frame the storefront. */
async function reportFraming(
  config: Pick<BridgeConfig, 'channelId' | 'storefrontUrl'>,
  api: StoreApi,
  origins: string[],
  say: Say,
): Promise<boolean> {
  const settings = await api.framingSettings(config.channelId);
  const frame = settings.x_frame_options_header;
  say(
    `framing: X-Frame-Options ${frame?.enabled ? `"${frame.setting}"${frame.setting === 'allow_from_url' ? ` ${frame.allowed_url}` : ''}` : 'off'}` +
      `${settings.csp_header?.enabled ? `; CSP header "${settings.csp_header.header_value}"` : ''}`,
  );
  const verdicts = framingVerdicts(settings, origins, config.storefrontUrl);
  for (const v of verdicts)
    say(`  ${v.origin}: ${v.allowed ? 'may frame the bridge' : `may NOT frame the bridge: ${v.reason}`}`);
  const advice = framingAdvice(settings, verdicts);
  if (advice.length > 0) {
    say('To allow it:');
    for (const line of advice) say(`  ${line}`);
  }
  return advice.length === 0;
}

/** What `bridge install` needs, as the environment gives it to the CLI (the demo passes its own). */
export interface BridgeInstall {
  api: StoreApi;
  appClientId: string;
  /** Exact origins of the pages the bridge answers. */
  origins: string[];
  channelId: number;
  /** Storefront path of the page. */
  path: string;
  /** Storefront origin, to judge "same origin" framing. */
  storefrontUrl?: string;
}

/**
 * `bridge install`: creates or updates the raw page (Pages API), then reports the framing verdict. Answers whether
 * every origin may frame the storefront.
 */
export async function installBridge(options: BridgeInstall, out: Say = say): Promise<boolean> {
  const { api, origins, channelId, path } = options;
  const body = bridgePageHtml({ appClientId: options.appClientId, allowedOrigins: origins });
  const existing = await api.findPage(channelId, path);
  if (!existing) {
    const page = await api.createPage({
      channel_id: channelId,
      name: `Storefront bridge (bc-customer-elements) ${path}`,
      type: 'raw',
      url: path,
      body,
      // Not in menus; served to everyone, since a guest's answer is an answer too.
      is_visible: false,
      is_customers_only: false,
    });
    out(`bridge: created page ${page.id} at ${path} (channel ${channelId})`);
  } else if (existing.type === 'raw' && existing.body === body) {
    out(`bridge: page ${existing.id} at ${path} is already up to date`);
  } else {
    await api.updatePage(existing.id, { type: 'raw', body, is_customers_only: false });
    out(`bridge: updated page ${existing.id} at ${path}`);
  }
  out(`bridge: answers ${origins.join(', ')}`);
  return reportFraming({ channelId, storefrontUrl: options.storefrontUrl }, api, origins, out);
}

async function install(config: BridgeConfig): Promise<void> {
  await installBridge({
    api: config.api(),
    appClientId: config.clientId(),
    origins: config.origins(),
    channelId: config.channelId,
    path: config.path,
    storefrontUrl: config.storefrontUrl,
  });
}

async function uninstall(config: BridgeConfig): Promise<void> {
  const api = config.api();
  const existing = await api.findPage(config.channelId, config.path);
  if (!existing) {
    say(`bridge: no page at ${config.path}; nothing to delete`);
    return;
  }
  await api.deletePage(existing.id);
  say(`bridge: deleted page ${existing.id} at ${config.path}`);
}

async function check(config: BridgeConfig): Promise<void> {
  const origins = config.origins();
  const expected = bridgePageHtml({ appClientId: config.clientId(), allowedOrigins: origins });
  const api = config.api();
  const existing = await api.findPage(config.channelId, config.path);
  let ok = existing !== undefined && existing.type === 'raw' && existing.body === expected;
  if (!existing) say(`bridge: MISSING: no page at ${config.path} (run bridge install)`);
  else if (!ok)
    say(`bridge: OUTDATED: page ${existing.id} at ${config.path} differs from this configuration (run bridge install)`);
  else say(`bridge: page ${existing.id} at ${config.path} is current; answers ${origins.join(', ')}`);
  if (config.storefrontUrl && existing) {
    const url = `${config.storefrontUrl}${config.path}`;
    try {
      const response = await fetch(url, { redirect: 'manual' });
      await response.body?.cancel();
      const headers = ['x-frame-options', 'content-security-policy'].map(
        (h) => `${h}: ${response.headers.get(h) ?? '(none)'}`,
      );
      say(`storefront: GET ${url} answered ${response.status}; ${headers.join('; ')}`);
      if (response.status !== 200) ok = false;
    } catch (error) {
      say(`storefront: cannot fetch ${url}: ${(error as Error).message}`);
      ok = false;
    }
  }
  if (!(await reportFraming(config, api, origins, say))) ok = false;
  if (!ok) process.exitCode = 1;
}

export async function run(args: string[], env: Env = process.env): Promise<void> {
  const [command, ...rest] = args;
  if (!command || ['--help', '-h', 'help'].includes(command) || rest.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(USAGE);
    return;
  }
  if (rest.length > 0)
    throw new Error(`bridge ${command} takes no arguments (got ${rest.join(' ')}); it reads the environment`);
  const config = configFromEnv(env);
  switch (command) {
    case 'install':
      return install(config);
    case 'print':
      process.stdout.write(bridgePageHtml({ appClientId: config.clientId(), allowedOrigins: config.origins() }));
      return;
    case 'uninstall':
      return uninstall(config);
    case 'check':
      return check(config);
    default:
      throw new Error(`unknown bridge command "${command}"; one of install, print, uninstall, check`);
  }
}
