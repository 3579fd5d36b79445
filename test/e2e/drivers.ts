/**
 * One small driver over the three engines, so an end-to-end walk is written once and run in each
 * (test/e2e/engines.test.ts): Chromium through playwright-core, Firefox ESR through puppeteer-core over WebDriver
 * BiDi, WebKitGTK (MiniBrowser) through WebKitWebDriver. It holds only what the walks need: open a page, fill, click,
 * evaluate, wait for a condition in the page, read the URL, and a screenshot when a walk fails. The engines are
 * launched with the helpers of test/support/engines.ts; real host names map to 127.0.0.1 in each.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { BrowserContext as PwContext, Page as PwPage } from 'playwright-core';
import type { BrowserContext as PpContext, Page as PpPage } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium.js';
import {
  chromiumHostArgs,
  engineVersion,
  launchFirefox,
  startWebKitDriver,
  type Engine,
  type WebDriverSession,
} from '../support/engines.js';
import { RESULTS } from './support.js';

/** A tab of one engine. Selectors are CSS; ` >>> ` steps into the open shadow root of the element before it. */
export interface EnginePage {
  /** Loads `url` and waits for its load event. */
  goto(url: string): Promise<void>;
  /** Types `value` into the field (emptied first), as a user would. */
  fill(selector: string, value: string): Promise<void>;
  /** Clicks the element with the engine's own input (a trusted click). */
  click(selector: string): Promise<void>;
  /** Runs `fn(arg)` in the page (arg and result as JSON) and resolves with its result. */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<Awaited<R>>;
  /** The page's URL. */
  url(): Promise<string>;
  /** Saves a PNG of the viewport. */
  screenshot(path: string): Promise<void>;
  /** The document of the iframe `selector` names (cross-origin too), to click in and evaluate. */
  frame(selector: string): Promise<EngineFrame>;
}

/** An iframe's document. */
export type EngineFrame = Pick<EnginePage, 'click' | 'evaluate' | 'url'>;

/** A fresh cookie jar and one tab in it. */
export interface EngineContext {
  readonly page: EnginePage;
  close(): Promise<void>;
}

export interface EngineBrowser {
  readonly engine: Engine;
  /** `Firefox 153.8.0esr`, for reports. */
  readonly version: string;
  /** A new context: a browser context (Chromium, Firefox) or a new MiniBrowser session (WebKit; `itp` as Safari). */
  newContext(options?: { itp?: boolean }): Promise<EngineContext>;
  close(): Promise<void>;
}

export interface EngineLaunch {
  /** Host names that resolve to 127.0.0.1 (exact names: Firefox's pref takes no patterns). */
  hosts?: readonly string[];
  /** Accept the test's self-signed certificate. */
  ignoreTlsErrors?: boolean;
}

const VIEWPORT = { width: 1280, height: 900 };

/** `a >>> b` → the element `b` in the shadow root of `a` (run in the page). */
function pick(selector: string): Element {
  let scope: Document | ShadowRoot = document;
  const steps = selector.split(/\s*>>>\s*/);
  let found: Element | null = null;
  for (const [i, step] of steps.entries()) {
    found = scope.querySelector(step);
    if (!found) throw new Error(`no element matches "${steps.slice(0, i + 1).join(' >>> ')}"`);
    if (i < steps.length - 1) {
      if (!found.shadowRoot) throw new Error(`"${step}" has no open shadow root`);
      scope = found.shadowRoot;
    }
  }
  return found!;
}

// ---------------------------------------------------------------------------------------------------------------

function playwrightPage(page: PwPage): EnginePage {
  const css = (selector: string) => selector.replace(/\s*>>>\s*/g, ' '); // playwright's CSS pierces open shadow roots
  return {
    goto: async (url) => void (await page.goto(url)),
    fill: (selector, value) => page.fill(css(selector), value),
    click: (selector) => page.click(css(selector)),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    url: async () => page.url(),
    screenshot: async (path) => void (await page.screenshot({ path })),
    async frame(selector) {
      const frame = await (await page.locator(css(selector)).elementHandle())?.contentFrame();
      if (!frame) throw new Error(`no frame at "${selector}"`);
      return {
        click: (inner) => frame.click(css(inner)),
        evaluate: (fn, arg) => frame.evaluate(fn as never, arg) as never,
        url: async () => frame.url(),
      };
    },
  };
}

function puppeteerPage(page: PpPage): EnginePage {
  return {
    goto: async (url) => void (await page.goto(url, { waitUntil: 'load' })),
    fill: (selector, value) => page.locator(selector).fill(value),
    click: (selector) => page.locator(selector).click(),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg),
    url: async () => page.url(),
    screenshot: async (path) => void (await page.screenshot({ path: path })),
    async frame(selector) {
      const frame = await (await page.$(selector))?.contentFrame();
      if (!frame) throw new Error(`no frame at "${selector}"`);
      return {
        click: (inner) => frame.locator(inner).click(),
        evaluate: (fn, arg) => frame.evaluate(fn as never, arg),
        url: async () => frame.url(),
      };
    },
  };
}

/** The W3C name of an element reference in a command's JSON. */
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

function webDriverPage(session: WebDriverSession): EnginePage {
  const page = webDriverDocument(session);
  return {
    ...page,
    goto: (url) => session.navigate(url),
    async fill(selector, value) {
      const id = await page.element(selector);
      await session.command('POST', `/element/${id}/clear`, {});
      await session.command('POST', `/element/${id}/value`, { text: value });
    },
    async screenshot(path) {
      writeFileSync(path, Buffer.from(await session.command<string>('GET', '/screenshot'), 'base64'));
    },
    async frame(selector) {
      const ref = { [ELEMENT]: await page.element(selector) };
      // WebDriver commands go to one browsing context at a time: enter the frame for each, then leave it.
      const inFrame = async <T>(run: () => Promise<T>): Promise<T> => {
        await session.command('POST', '/frame', { id: ref });
        try {
          return await run();
        } finally {
          await session.command('POST', '/frame', { id: null });
        }
      };
      return {
        click: (inner) => inFrame(() => page.click(inner)),
        evaluate: (fn, arg) => inFrame(() => page.evaluate(fn, arg)),
        url: () => inFrame(() => page.evaluate(() => location.href)),
      };
    },
  };
}

/** What a WebDriver session does in its current browsing context (the top page, or a frame it switched to). */
function webDriverDocument(session: WebDriverSession) {
  const evaluate = async <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<Awaited<R>> => {
    const answer = await session.executeAsync<{ value?: Awaited<R>; error?: string }>(
      `const done = arguments[arguments.length - 1];
       Promise.resolve().then(() => (${fn.toString()})(arguments[0]))
         .then((value) => done({ value }), (error) => done({ error: String(error && error.stack || error) }));`,
      [arg ?? null],
    );
    if (answer.error !== undefined) throw new Error(answer.error);
    return answer.value as Awaited<R>;
  };
  /** A reference to the element `selector` names, shadow roots and all. */
  const element = async (selector: string): Promise<string> => {
    const ref = await session.execute<Record<string, string>>(`return (${pick.toString()})(arguments[0]);`, [selector]);
    return ref[ELEMENT]!;
  };
  return {
    element,
    async click(selector: string) {
      await session.command('POST', `/element/${await element(selector)}/click`, {});
    },
    evaluate,
    url: () => session.url(),
  };
}

// ---------------------------------------------------------------------------------------------------------------

/** Launches `engine` with `hosts` mapped to loopback; close it at the end. */
export async function launchEngine(
  engine: Engine,
  { hosts = [], ignoreTlsErrors = false }: EngineLaunch = {},
): Promise<EngineBrowser> {
  const version = engineVersion(engine);
  switch (engine) {
    case 'chromium': {
      const browser = await chromium.launch({
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [
          ...CHROMIUM_ARGS,
          ...chromiumHostArgs(hosts),
          ...(ignoreTlsErrors ? ['--ignore-certificate-errors'] : []),
        ],
      });
      return {
        engine,
        version,
        async newContext() {
          const context: PwContext = await browser.newContext({ viewport: VIEWPORT });
          return { page: playwrightPage(await context.newPage()), close: () => context.close() };
        },
        close: () => browser.close(),
      };
    }
    case 'firefox': {
      const browser = await launchFirefox({ hosts, ignoreTlsErrors });
      return {
        engine,
        version,
        async newContext() {
          const context: PpContext = await browser.createBrowserContext();
          const page = await context.newPage();
          await page.setViewport(VIEWPORT);
          return { page: puppeteerPage(page), close: () => context.close() };
        },
        close: () => browser.close(),
      };
    }
    case 'webkit': {
      const driver = await startWebKitDriver();
      return {
        engine,
        version,
        async newContext({ itp = false } = {}) {
          const session = await driver.newSession({ hosts, ignoreTlsErrors, itp });
          await session.command('POST', '/window/rect', VIEWPORT).catch(() => undefined);
          return { page: webDriverPage(session), close: () => session.quit() };
        },
        close: () => driver.stop(),
      };
    }
  }
}

/** Runs `body` in a fresh context of `browser`; on failure saves a screenshot under test-results/ and rethrows. */
export async function inEngineContext(
  browser: EngineBrowser,
  name: string,
  body: (page: EnginePage) => Promise<void>,
  options?: { itp?: boolean },
): Promise<void> {
  const context = await browser.newContext(options);
  try {
    await body(context.page);
  } catch (error) {
    mkdirSync(RESULTS, { recursive: true });
    const safe = `${browser.engine}-${name}`.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 80);
    await context.page.screenshot(new URL(`${safe}.png`, RESULTS).pathname).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}
