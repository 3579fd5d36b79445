// Shared by the emulator's Node suites: an emulator served over real HTTP and a browser-like client that keeps
// cookies and lets the test follow redirects itself.
import { after, before, beforeEach } from 'node:test';
import { createEmulator } from '../../../src/emulator/index.js';
import type { Emulator, EmulatorOptions } from '../../../src/emulator/index.js';
import { listen } from '../../../src/server/node.js';

/** A fixed moment for frozen clocks: 2026-01-01T00:00:00Z. */
export const T0 = Date.UTC(2026, 0, 1);

export interface Served {
  readonly emulator: Emulator;
  readonly url: string;
  /** Management API base of the store: `${url}/stores/${storeHash}`. */
  readonly api: string;
  close(): Promise<void>;
}

/** Serves a fresh emulator on a free port, with a frozen clock unless `now` is given. */
export async function serve(options: EmulatorOptions = {}): Promise<Served> {
  const emulator = createEmulator({ now: () => T0, ...options });
  const server = await listen(emulator.handle);
  return {
    emulator,
    url: server.url,
    api: `${server.url}/stores/${emulator.app.storeHash}`,
    close: () => server.close(),
  };
}

/**
 * For the describe block it is called in: one emulator served for the block, reset to its seed and the frozen clock
 * before every test. The returned `Served` reads the current one (it exists once the block's `before` has run).
 */
export function servedForEachTest(): Served {
  let served: Served | undefined;
  before(async () => (served = await serve()));
  after(() => served?.close());
  beforeEach(() => {
    served!.emulator.reset();
    served!.emulator.clock.set(T0);
  });
  return {
    get emulator() {
      return served!.emulator;
    },
    get url() {
      return served!.url;
    },
    get api() {
      return served!.api;
    },
    close: () => served!.close(),
  };
}

/**
 * A browser: a cookie jar, redirects followed only when asked, and the `Sec-Fetch-Site` header every browser sends
 * (BigCommerce tells browsers from servers by such headers).
 */
export class Browser {
  readonly #jar = new Map<string, string>();
  constructor(readonly base: string) {}

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (!headers.has('sec-fetch-site')) headers.set('sec-fetch-site', 'same-origin');
    if (this.#jar.size > 0) headers.set('cookie', [...this.#jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(new URL(path, this.base), { ...init, headers, redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/max-age=0/i.test(cookie) || value === '') this.#jar.delete(name);
      else this.#jar.set(name, value);
    }
    return response;
  }

  /** Follows redirects like a browser, answering the last response and every URL visited. */
  async follow(path: string, init: RequestInit = {}): Promise<{ response: Response; visited: string[] }> {
    const visited: string[] = [];
    let response = await this.fetch(path, init);
    while (response.status >= 300 && response.status < 400 && visited.length < 10) {
      const location = response.headers.get('location')!;
      visited.push(location);
      response = await this.fetch(location);
    }
    return { response, visited };
  }

  /** Signs in through the storefront's own form. */
  signIn(email: string, password: string): Promise<Response> {
    return this.fetch('/login.php?action=check_login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login_email: email, login_pass: password }),
    });
  }

  cookie(name: string): string | undefined {
    return this.#jar.get(name);
  }
}

/** JSON request to the Management API with the app's token (unless `token` overrides it). */
export function apiFetch(
  served: Served,
  path: string,
  init: { method?: string; body?: unknown; token?: string | null } = {},
) {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = init.token === undefined ? served.emulator.app.accessToken : init.token;
  if (token !== null) headers['x-auth-token'] = token;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${served.api}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}
