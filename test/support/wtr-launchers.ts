/**
 * web-test-runner launchers for the three engines (engines.ts starts the browsers themselves):
 *
 * - Chromium and Firefox: @web/test-runner-chrome's launcher, which drives any browser puppeteer-core can launch
 *   (what @web/test-runner-puppeteer does, without the `puppeteer` package that downloads a browser on install).
 * - WebKit: a launcher of our own over plain W3C WebDriver (one MiniBrowser window, each test file loaded in turn),
 *   in place of @web/test-runner-webdriver, which brings WebdriverIO and its ~150 packages for the two commands used.
 *
 * wtr's browser side reports results and console logs over its own web socket, so a launcher only has to open and
 * close pages.
 */
import type { BrowserLauncher, SessionResult, TestRunnerCoreConfig } from '@web/test-runner-core';
import { chromeLauncher } from '@web/test-runner-chrome';
import * as puppeteerCore from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';
import {
  firefoxLaunchOptions,
  startWebKitDriver,
  type Engine,
  type WebDriverSession,
  type WebKitDriver,
  type WebKitOptions,
} from './engines.js';

/** What wtr calls each engine in its report. */
export const ENGINE_LABELS: Record<Engine, string> = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };

/** MiniBrowser through WebKitWebDriver, one window for the whole run (wtr's `concurrency: 1`). */
class WebKitLauncher implements BrowserLauncher {
  readonly name = ENGINE_LABELS.webkit;
  readonly type = 'webkitgtk-webdriver';
  readonly concurrency = 1;
  private driver?: WebKitDriver;
  private session?: WebDriverSession;
  private starting?: Promise<WebDriverSession>;
  private readonly urls = new Map<string, string>();

  constructor(private readonly options: WebKitOptions) {}

  async initialize(_config: TestRunnerCoreConfig): Promise<void> {}

  private ensureSession(): Promise<WebDriverSession> {
    if (this.session) return Promise.resolve(this.session);
    this.starting ??= (async () => {
      this.driver ??= await startWebKitDriver();
      this.session = await this.driver.newSession(this.options);
      // A test that never ends must not hold the window: wtr's own timeouts end the session.
      await this.session.command('POST', '/timeouts', { script: 30_000, pageLoad: 60_000 });
      return this.session;
    })().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  async startSession(sessionId: string, url: string): Promise<void> {
    let session = await this.ensureSession();
    this.urls.set(sessionId, url);
    try {
      await session.navigate(url);
    } catch (error) {
      // MiniBrowser went away (a crash of its web process ends the session): open a new window once.
      if (!/invalid session id|no such window/i.test(String(error))) throw error;
      this.session = undefined;
      session = await this.ensureSession();
      await session.navigate(url);
    }
  }

  isActive(sessionId: string): boolean {
    return this.urls.has(sessionId);
  }

  getBrowserUrl(sessionId: string): string | undefined {
    return this.urls.get(sessionId);
  }

  async stopSession(sessionId: string): Promise<SessionResult> {
    this.urls.delete(sessionId);
    // A blank page stops whatever the test left running (timers, pending requests).
    await this.session?.navigate('about:blank').catch(() => undefined);
    return {};
  }

  async startDebugSession(): Promise<void> {
    throw new Error('The WebKit launcher has no debug mode: run MiniBrowser by hand with the test page URL.');
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    await this.driver?.stop();
    this.driver = undefined;
    this.session = undefined;
  }
}

/** The launcher for `engine`, as every browser suite runs it (no host-name mapping: the page is on localhost). */
export function launcherFor(engine: Engine): BrowserLauncher {
  switch (engine) {
    case 'chromium':
      // Passing puppeteer-core as the launcher's own puppeteer only names the browser "Chromium" in the report.
      return chromeLauncher({
        launchOptions: { executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS },
        puppeteer: puppeteerCore,
      });
    case 'firefox':
      return chromeLauncher({ launchOptions: firefoxLaunchOptions(), puppeteer: puppeteerCore });
    case 'webkit':
      return new WebKitLauncher({});
  }
}
