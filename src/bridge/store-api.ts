/**
 * The Management API calls the bridge commands make (Web APIs only: fetch): find, create, update and delete the
 * bridge's raw page (Pages V3) and read the storefront security settings. Every failure is a `BcError` whose message
 * is one line a merchant can act on; no token or response body beyond BigCommerce's own error title is repeated.
 */
import { BcError } from '../errors.js';

/** Where and as whom to call the Management API. */
export interface StoreApiOptions {
  /** `https://api.bigcommerce.com` (or the emulator's origin). */
  apiBaseUrl: string;
  storeHash: string;
  accessToken: string;
  fetch?: typeof fetch;
}

/** A page as the bridge commands need it. */
export interface StorePage {
  id: number;
  name: string;
  type: string;
  url: string;
  channel_id: number;
  body?: string | null;
}

/** What the commands read of the storefront security settings (settings.v3.yml StorefrontSecuritySettings). */
export interface FramingSettings {
  x_frame_options_header?: { enabled?: boolean; setting?: string; allowed_url?: string } | null;
  csp_header?: { enabled?: boolean; header_value?: string } | null;
}

/** The largest page of a page list (so a store with many pages takes few requests). */
const LIST_LIMIT = 250;

/** What each kind of call needs, to name the missing scope on a 403. */
const SCOPES = {
  pages: 'Content: modify (store_v2_content)',
  settings: 'Information & Settings: read-only (store_v2_information_read_only)',
  settingsWrite: 'Information & Settings: modify (store_v2_information)',
};

/** One line from a v3 error body: its `detail`, else its `title` and field errors. */
async function reason(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { title?: unknown; detail?: unknown; errors?: unknown };
    const fields =
      body.errors && typeof body.errors === 'object' && !Array.isArray(body.errors)
        ? Object.entries(body.errors).map(([k, v]) => `${k} ${String(v)}`)
        : [];
    const text =
      typeof body.detail === 'string'
        ? body.detail
        : [body.title, ...fields].filter((x) => typeof x === 'string').join('; ');
    return text.replace(/\s+/g, ' ').slice(0, 200);
  } catch {
    return '';
  }
}

export function createStoreApi({ apiBaseUrl, storeHash, accessToken, fetch: fetchImpl = fetch }: StoreApiOptions) {
  const base = `${apiBaseUrl.replace(/\/+$/, '')}/stores/${encodeURIComponent(storeHash)}`;

  async function call(kind: keyof typeof SCOPES, method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          'x-auth-token': accessToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new BcError(
        'ERR_BC_STORE_API',
        `cannot reach the Management API at ${apiBaseUrl}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (response.ok) return response.status === 204 ? undefined : response.json();
    const why = await reason(response);
    const what = `${method} ${path.split('?')[0]} answered ${response.status}`;
    const messages: Record<number, string> = {
      401: `${what}: the access token was refused; check BC_ACCESS_TOKEN and BC_STORE_HASH`,
      403: `${what}: the access token lacks the scope ${SCOPES[kind]}`,
      404: `${what}: not found${why ? ` (${why})` : ''}; check BC_STORE_HASH and BC_API_BASE_URL`,
      422: `${what}: BigCommerce refused the request${why ? `: ${why}` : ''}`,
      429: `${what}: the store's API rate limit is used up; try again in ${Math.ceil(Number(response.headers.get('x-rate-limit-time-reset-ms') ?? 30_000) / 1000)} s`,
    };
    throw Object.assign(
      new BcError('ERR_BC_STORE_API', messages[response.status] ?? `${what}${why ? `: ${why}` : ''}`),
      { status: response.status },
    );
  }

  return {
    /** The raw page at `url` on the channel (with its body), or undefined; reads every page of the list. */
    async findPage(channelId: number, url: string): Promise<StorePage | undefined> {
      for (let page = 1; ; page += 1) {
        const list = (await call(
          'pages',
          'GET',
          `/v3/content/pages?channel_id=${channelId}&include=body&limit=${LIST_LIMIT}&page=${page}`,
        )) as {
          data: StorePage[];
          meta?: { pagination?: { total_pages?: number } };
        };
        const found = list.data.find((p) => p.url === url);
        if (found) return found;
        if (page >= (list.meta?.pagination?.total_pages ?? 1) || list.data.length === 0) return undefined;
      }
    },
    /** Creates a raw page. */
    async createPage(page: Omit<StorePage, 'id'> & Record<string, unknown>): Promise<StorePage> {
      return ((await call('pages', 'POST', '/v3/content/pages', page)) as { data: StorePage }).data;
    },
    /** Updates a page. */
    async updatePage(id: number, page: Partial<StorePage> & Record<string, unknown>): Promise<StorePage> {
      return ((await call('pages', 'PUT', `/v3/content/pages/${id}`, page)) as { data: StorePage }).data;
    },
    /** Deletes a page. */
    async deletePage(id: number): Promise<void> {
      await call('pages', 'DELETE', `/v3/content/pages/${id}`);
    },
    /** The storefront security settings that apply to a channel: its overrides over the global values. */
    async framingSettings(channelId: number): Promise<FramingSettings> {
      const global = ((await call('settings', 'GET', '/v3/settings/storefront/security')) as { data: FramingSettings })
        .data;
      const channel = (
        (await call('settings', 'GET', `/v3/settings/storefront/security?channel_id=${channelId}`)) as {
          data: FramingSettings;
        }
      ).data;
      return {
        x_frame_options_header: channel.x_frame_options_header ?? global.x_frame_options_header ?? null,
        csp_header: channel.csp_header ?? global.csp_header ?? null,
      };
    },
    /**
     * Writes framing settings where they apply to the channel: its own overrides when it has any for these fields,
     * else the global settings. Partial updates are not supported, so every other field is sent back as read.
     */
    async updateFramingSettings(channelId: number, change: Required<FramingSettings>): Promise<void> {
      const path = '/v3/settings/storefront/security';
      const channel = (
        (await call('settings', 'GET', `${path}?channel_id=${channelId}`)) as { data: Record<string, unknown> }
      ).data;
      const overridden = channel['x_frame_options_header'] != null || channel['csp_header'] != null;
      const current = overridden
        ? channel
        : ((await call('settings', 'GET', path)) as { data: Record<string, unknown> }).data;
      await call('settingsWrite', 'PUT', overridden ? `${path}?channel_id=${channelId}` : path, {
        ...current,
        ...change,
      });
    },
  };
}

/** The Management API client the bridge commands use. */
export type StoreApi = ReturnType<typeof createStoreApi>;
