/**
 * The three browser engines the suites run in, launched from Debian's packages (no tool downloads a browser here):
 *
 * - Chromium: /usr/bin/chromium (see chromium.ts), through puppeteer-core (web-test-runner) or playwright-core (e2e).
 * - Firefox ESR: /usr/bin/firefox-esr through puppeteer-core over WebDriver BiDi (no geckodriver needed).
 * - WebKitGTK: MiniBrowser driven by /usr/bin/WebKitWebDriver (W3C WebDriver over HTTP). MiniBrowser has no headless
 *   mode, so it needs an X display: `startXvfb()` starts one on a free display number when DISPLAY is not set.
 *
 * Host names: every engine can be told to resolve some host names (`www.example.test`, …) to 127.0.0.1, so tests can
 * use real, distinct sites on one loopback server. Chromium takes `--host-resolver-rules` (`chromiumHostArgs`),
 * Firefox the `network.dns.localDomains` pref (`firefoxLaunchOptions`), and WebKitGTK, which has neither, goes
 * through a small forward proxy (`startHostProxy`) that sends those names to 127.0.0.1 and refuses every other.
 *
 * Used by web-test-runner.config.mjs (through wtr-launchers.ts) and meant for the end-to-end suites as well.
 * FIREFOX_PATH, WEBKIT_DRIVER_PATH and MINIBROWSER_PATH point at other builds.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { connect, createServer as createNetServer, type Socket } from 'node:net';
import type { Browser, LaunchOptions } from 'puppeteer-core';
import { CHROMIUM_PATH } from './chromium.js';

export type Engine = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: readonly Engine[] = ['chromium', 'firefox', 'webkit'];

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER_PATH = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/** Reads `BC_ENGINE` (default `chromium`), the engine a browser run uses. */
export function engineFromEnv(value = process.env.BC_ENGINE): Engine {
  const engine = (value ?? 'chromium').toLowerCase();
  if (!(ENGINES as readonly string[]).includes(engine)) {
    throw new Error(`BC_ENGINE must be one of ${ENGINES.join(', ')}, not "${value}"`);
  }
  return engine as Engine;
}

/** Reads `BC_ENGINES` (`firefox,webkit`; default every engine), the engines a multi-engine run covers. */
export function enginesFromEnv(value = process.env.BC_ENGINES): Engine[] {
  return value ? value.split(',').map((name) => engineFromEnv(name.trim())) : [...ENGINES];
}

/** The engine's name and version as installed (`Firefox 153.8.0esr`), for reports; just the name when unknown. */
export function engineVersion(engine: Engine): string {
  const ask = (command: string, args: string[]) => {
    try {
      return execFileSync(command, args, {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 10_000,
      }).trim();
    } catch {
      return '';
    }
  };
  switch (engine) {
    case 'chromium':
      return /Chromium [\d.]+/.exec(ask(CHROMIUM_PATH, ['--version']))?.[0] ?? 'Chromium';
    case 'firefox':
      return /Firefox [\w.]+/.exec(ask(FIREFOX_PATH, ['--version']))?.[0] ?? 'Firefox';
    case 'webkit': {
      // MiniBrowser --version needs a display; the package that ships it knows its version.
      const version = /^[\d.]+/.exec(ask('dpkg-query', ['-W', '-f=${Version}', 'libwebkit2gtk-4.1-0']))?.[0];
      return version ? `WebKitGTK ${version}` : 'WebKitGTK';
    }
  }
}

/** A free TCP port on the loopback interface (free when asked; the caller binds it right after). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer().once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Processes the helpers start are stopped on exit even when the caller forgets or the process is interrupted.

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // SIGTERM: Xvfb then removes its socket and lock file (SIGKILL would leave them behind).
    const stopAll = () => {
      for (const c of children) c.kill('SIGTERM');
    };
    process.once('exit', stopAll);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        stopAll();
        // Exit as the signal would have, unless the program has its own handler (wtr does) to finish with.
        if (process.listenerCount(signal) === 0) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
      });
    }
  }
  return child;
}

function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Chromium and Firefox

/** Chromium's flags that resolve `hosts` to 127.0.0.1 (patterns such as `*.example.test` are allowed). */
export function chromiumHostArgs(hosts: readonly string[]): string[] {
  return hosts.length ? [`--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`] : [];
}

export interface FirefoxOptions {
  /** Host names Firefox resolves to 127.0.0.1 (exact names: the pref takes no patterns). */
  hosts?: readonly string[];
  /** More Firefox prefs. */
  prefs?: Record<string, unknown>;
  /** Accept self-signed certificates (for HTTPS test servers). */
  ignoreTlsErrors?: boolean;
}

/** puppeteer-core launch options for Debian's Firefox ESR, headless, over WebDriver BiDi. */
export function firefoxLaunchOptions({
  hosts = [],
  prefs = {},
  ignoreTlsErrors = false,
}: FirefoxOptions = {}): LaunchOptions {
  return {
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    ...(ignoreTlsErrors ? { acceptInsecureCerts: true } : {}),
    extraPrefsFirefox: {
      // The network is closed: no update checks, telemetry or remote settings to wait for.
      'app.update.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      ...(hosts.length ? { 'network.dns.localDomains': hosts.join(',') } : {}),
      ...prefs,
    },
  };
}

/** Launches Firefox ESR through puppeteer-core (which must be installed: it is a devDependency). */
export async function launchFirefox(options: FirefoxOptions = {}): Promise<Browser> {
  const puppeteer = await import('puppeteer-core');
  return puppeteer.launch(firefoxLaunchOptions(options));
}

// ---------------------------------------------------------------------------------------------------------------
// An X display for WebKitGTK

export interface Display {
  /** `:N`, for the DISPLAY variable. */
  readonly display: string;
  /** Stops the Xvfb this helper started (nothing when it reused the DISPLAY already set). */
  stop(): Promise<void>;
}

/**
 * The X display WebKitGTK draws on: DISPLAY when it is set, else a new Xvfb on a display number it picks itself
 * (`-displayfd`), so two runs on one machine never collide.
 */
export async function startXvfb({ reuse = true }: { reuse?: boolean } = {}): Promise<Display> {
  if (reuse && process.env.DISPLAY) return { display: process.env.DISPLAY, stop: async () => {} };
  const child = track(
    spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp', '-noreset'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    }),
  );
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start in 10 s:\n${errors}`)), 10_000);
    (child.stdio[3] as Socket).on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^(\d+)\n/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(`:${match[1]}`);
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb could not start (is the xvfb package installed?): ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited with ${code}:\n${errors}`));
    });
  });
  return { display, stop: () => stopChild(child) };
}

// ---------------------------------------------------------------------------------------------------------------
// A forward proxy that maps host names to loopback (for WebKitGTK, which has no resolver rules of its own)

export interface HostProxy {
  /** `http://127.0.0.1:PORT`, for a browser's proxy setting. */
  readonly url: string;
  stop(): Promise<void>;
}

function matchesHost(pattern: string, host: string): boolean {
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return host === pattern;
}

/**
 * A forward proxy on 127.0.0.1: plain requests (`GET http://www.example.test:PORT/…`) and tunnels (`CONNECT
 * www.example.test:PORT`, for HTTPS) to a host name that matches `hosts` (exact names or `*.suffix`) go to
 * 127.0.0.1 on the same port, the Host header untouched. Loopback names (`localhost`, `127.0.0.1`, `[::1]`) pass
 * through as they are (MiniBrowser's `--ignore-host` does not exempt them); every other name is refused (the
 * network is closed anyway).
 */
export async function startHostProxy(hosts: readonly string[]): Promise<HostProxy> {
  const loopback = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
  const allowed = (host: string) =>
    loopback.has(host.toLowerCase()) || hosts.some((pattern) => matchesHost(pattern, host.toLowerCase()));
  const upstreamHost = (host: string) =>
    loopback.has(host.toLowerCase()) ? host.replace(/^\[|\]$/g, '') : '127.0.0.1';
  const sockets = new Set<Socket>();
  const server = createHttpServer((request: IncomingMessage, response) => {
    let target: URL;
    try {
      target = new URL(request.url ?? '');
    } catch {
      response.writeHead(400).end('absolute URL expected');
      return;
    }
    if (target.protocol !== 'http:' || !allowed(target.hostname)) {
      response.writeHead(502).end(`host not mapped: ${target.hostname}`);
      return;
    }
    const headers = { ...request.headers };
    delete headers['proxy-connection'];
    const upstream = httpRequest(
      {
        host: upstreamHost(target.hostname),
        port: Number(target.port || 80),
        method: request.method,
        path: target.pathname + target.search,
        headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.rawHeaders as unknown as Record<string, string>);
        answer.pipe(response);
      },
    );
    upstream.once('error', (error) => {
      if (!response.headersSent) response.writeHead(502);
      response.end(String(error));
    });
    request.pipe(upstream);
  });
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    const [host = '', port = '443'] = (request.url ?? '').split(/:(?=\d+$)/);
    if (!allowed(host)) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = connect(Number(port), upstreamHost(host), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.once('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// WebKitGTK through WebKitWebDriver

export interface WebKitOptions {
  /** Host names (exact or `*.suffix`) that resolve to 127.0.0.1, through `startHostProxy`. */
  hosts?: readonly string[];
  /** MiniBrowser's cookie policy: its default is `no-third-party`. */
  cookiesPolicy?: 'always' | 'never' | 'no-third-party';
  /** Intelligent Tracking Prevention, as Safari has it on by default. */
  itp?: boolean;
  /** Accept self-signed certificates (for HTTPS test servers). */
  ignoreTlsErrors?: boolean;
}

/** A W3C WebDriver session, with the few commands the suites need; `command` sends any other. */
export class WebDriverSession {
  private constructor(
    readonly driverUrl: string,
    readonly id: string,
    readonly capabilities: Record<string, unknown>,
  ) {}

  static async create(driverUrl: string, capabilities: Record<string, unknown>): Promise<WebDriverSession> {
    const value = await webdriverCall<{ sessionId: string; capabilities: Record<string, unknown> }>(
      driverUrl,
      'POST',
      '/session',
      { capabilities: { alwaysMatch: capabilities } },
    );
    return new WebDriverSession(driverUrl, value.sessionId, value.capabilities);
  }

  command<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return webdriverCall<T>(this.driverUrl, method, `/session/${this.id}${path}`, body);
  }

  navigate(url: string): Promise<void> {
    return this.command('POST', '/url', { url });
  }

  url(): Promise<string> {
    return this.command('GET', '/url');
  }

  /** Runs `script` (a function body: `return …`) in the page. */
  execute<T = unknown>(script: string, args: unknown[] = []): Promise<T> {
    return this.command('POST', '/execute/sync', { script, args });
  }

  /** Runs `script` (a function body; its last argument is the callback that ends it) in the page. */
  executeAsync<T = unknown>(script: string, args: unknown[] = []): Promise<T> {
    return this.command('POST', '/execute/async', { script, args });
  }

  async quit(): Promise<void> {
    await webdriverCall(this.driverUrl, 'DELETE', `/session/${this.id}`).catch(() => undefined);
  }
}

async function webdriverCall<T>(driverUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${driverUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let payload: { value?: unknown } = {};
  try {
    payload = JSON.parse(text) as { value?: unknown };
  } catch {
    // Not JSON: reported below.
  }
  const value = payload.value as { error?: string; message?: string } | undefined;
  if (!response.ok || (value && typeof value === 'object' && 'error' in value && value.error)) {
    throw new Error(`WebDriver ${method} ${path}: ${value?.error ?? response.status} ${value?.message ?? text}`);
  }
  return payload.value as T;
}

/** The capabilities of a MiniBrowser session (the args become MiniBrowser's command line). */
export function webkitCapabilities(options: WebKitOptions & { proxyUrl?: string } = {}): Record<string, unknown> {
  const args = ['--automation'];
  if (options.cookiesPolicy) args.push(`--cookies-policy=${options.cookiesPolicy}`);
  if (options.itp) args.push('--enable-itp');
  if (options.ignoreTlsErrors) args.push('--ignore-tls-errors');
  if (options.proxyUrl) args.push(`--proxy=${options.proxyUrl}`);
  return {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args },
    ...(options.ignoreTlsErrors ? { acceptInsecureCerts: true } : {}),
  };
}

export interface WebKitDriver {
  /** `http://127.0.0.1:PORT`, the WebDriver endpoint. */
  readonly url: string;
  /** Opens a MiniBrowser session (one window). */
  newSession(options?: WebKitOptions): Promise<WebDriverSession>;
  /** Ends every session, the driver, the host proxy and the Xvfb this helper started. */
  stop(): Promise<void>;
}

/**
 * Starts WebKitWebDriver (and Xvfb when no DISPLAY is set); `newSession` then opens MiniBrowser windows. A session
 * asked for `hosts` gets a host proxy of its own.
 */
export async function startWebKitDriver(): Promise<WebKitDriver> {
  const x = await startXvfb();
  const port = await freePort();
  const child = track(
    spawn(WEBKIT_DRIVER_PATH, [`--port=${port}`, '--host=127.0.0.1'], {
      env: { ...process.env, DISPLAY: x.display },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await x.stop();
      throw new Error(`WebKitWebDriver exited (is webkit2gtk-driver installed?):\n${output}`);
    }
    const ready = await fetch(`${url}/status`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ready) break;
    if (Date.now() - started > 10_000) {
      await stopChild(child);
      await x.stop();
      throw new Error(`WebKitWebDriver did not answer on ${url} in 10 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const sessions = new Set<WebDriverSession>();
  const proxies = new Set<HostProxy>();
  return {
    url,
    async newSession(options: WebKitOptions = {}) {
      let proxyUrl: string | undefined;
      if (options.hosts?.length) {
        const proxy = await startHostProxy(options.hosts);
        proxies.add(proxy);
        proxyUrl = proxy.url;
      }
      const session = await WebDriverSession.create(url, webkitCapabilities({ ...options, proxyUrl }));
      sessions.add(session);
      const quit = session.quit.bind(session);
      session.quit = async () => {
        sessions.delete(session);
        await quit();
      };
      return session;
    },
    async stop() {
      await Promise.all([...sessions].map((s) => s.quit()));
      await Promise.all([...proxies].map((p) => p.stop()));
      await stopChild(child);
      await x.stop();
    },
  };
}
