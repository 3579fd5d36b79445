/**
 * End-to-end support: starts `bc-customer-elements demo` (what `npm start` runs, from the built dist/) on a free
 * port, and drives Debian's Chromium through playwright-core. Pages record console errors and failed requests;
 * `withPage` saves a screenshot under test-results/ when a test fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = new URL('../../', import.meta.url);
export const RESULTS = new URL('test-results/', ROOT);

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface DemoServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts the demo server on a free port (or uses `E2E_URL`, a server already running). */
export async function startDemoServer(): Promise<DemoServer> {
  if (process.env.E2E_URL) return { url: process.env.E2E_URL.replace(/\/$/, ''), stop: async () => {} };
  const child: ChildProcess = spawn(process.execPath, ['dist/cli.js', 'demo'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /demo on (http:\/\/[^\s/]+)\//.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Console errors, uncaught exceptions and failed requests seen on a page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`exception: ${error.message}`));
  page.on('requestfailed', (request) => {
    // A navigation away from a page aborts its requests in flight: not a failure of the page.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
  });
  return errors;
}

/** Saves a full-page screenshot of every page of `context` under test-results/. */
export async function screenshotAll(context: BrowserContext, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  const safe = name.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 80);
  await Promise.all(
    context.pages().map((page, i) =>
      page.screenshot({ path: new URL(`${safe}-${i}.png`, RESULTS).pathname, fullPage: true }).catch(() => undefined),
    ),
  );
}

/** Runs `body` in a fresh browser context; on failure saves screenshots of its pages, then rethrows. */
export async function inContext(
  browser: Browser,
  name: string,
  body: (context: BrowserContext) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await body(context);
  } catch (error) {
    await screenshotAll(context, name);
    throw error;
  } finally {
    await context.close();
  }
}

/** Signs in through the emulator's own /login.php form, in `page`. */
export async function signIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/login.php`);
  await page.fill('input[name="login_email"]', email);
  await page.fill('input[name="login_pass"]', password);
  await Promise.all([page.waitForURL(/\/account\.php/), page.click('button[type="submit"]')]);
}
