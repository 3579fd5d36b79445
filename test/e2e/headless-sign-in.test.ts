/**
 * Headless sign-in end to end (issue #17): a shopper on a CMS page of another site than the storefront, in a
 * Chromium that blocks third-party cookies (so the storefront bridge can never see the storefront's session), signs
 * in with `<bc-sign-in>` through the backend on the CMS's own site (test/e2e/headless-support.ts), sees their group's
 * prices and checks out signed in; the session survives a reload, follows across tabs, and signing out on the page
 * ends the storefront session too. Then what must not work: CSRF from pages of other origins, a tampered cookie, a
 * wrong password.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Cookie, Page } from 'playwright-core';
import { defaultSeed } from '../../src/emulator/seed.js';
import { emulatorCart } from '../support/emulator-cart.js';
import { pricesFor } from './bridge-support.js';
import { SESSION_COOKIE, startHeadlessWorld, type BackendCall, type HeadlessWorld } from './headless-support.js';
import { checkOutFrom, screenshotAll, waitForPrices, waitUntil } from './support.js';

const seed = defaultSeed();
const customer = (email: string) => seed.customers.find((c) => c.email === email)!;
const VIP = customer('vip@example.com');
const WHOLESALE = customer('wholesale@example.com');
const BUYER = customer('buyer@example.com');
const PLAIN = customer('plain@example.com');
const GUEST_GROUP = seed.store.guest_customer_group_id;

let world: HeadlessWorld;
const tmp = mkdtempSync(join(tmpdir(), 'bc-headless-e2e-'));

before(async () => {
  world = await startHeadlessWorld(tmp);
});

after(async () => {
  await world?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

/** Runs `body` in a fresh Chromium profile that blocks third-party cookies; screenshots on failure. */
async function inBrowser(name: string, body: (context: BrowserContext) => Promise<void>): Promise<void> {
  const context = await world.browser(name);
  try {
    await body(context);
  } catch (error) {
    await screenshotAll(context, `headless-${name}`);
    throw error;
  } finally {
    await context.close();
  }
}

/** The hint's key in localStorage for the page's endpoint (contract 5). */
const hintKey = (endpoint: string) => `bc-customer-elements:backend-session:${endpoint}`;

/** Opens the CMS page (`query` after `?`) and waits until its customer element has answered. */
async function openCms(context: BrowserContext, query = ''): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${world.cms}/${query ? `?${query}` : ''}`);
  await settled(page);
  return page;
}

/** Waits until `<bc-current-customer>` is no longer loading. */
async function settled(page: Page): Promise<void> {
  await waitUntil(
    page,
    () => !['loading', null].includes(document.querySelector('bc-current-customer')?.getAttribute('status') ?? null),
    undefined,
    { what: '<bc-current-customer> settled' },
  );
}

/** `<bc-current-customer>`'s status and the email it shows. */
function shown(page: Page): Promise<{ status: string | null; email: string | null }> {
  return page.evaluate(() => {
    const element = document.querySelector('bc-current-customer');
    return {
      status: element?.getAttribute('status') ?? null,
      email: element?.shadowRoot?.querySelector('[part~="email"]')?.textContent ?? null,
    };
  });
}

/** Waits until the page shows `email` signed in. */
async function waitForSignedIn(page: Page, email: string): Promise<void> {
  await waitUntil(
    page,
    (want) => {
      const element = document.querySelector('bc-current-customer');
      return (
        element?.getAttribute('status') === 'signed-in' &&
        element.shadowRoot?.querySelector('[part~="email"]')?.textContent === want
      );
    },
    email,
    { what: `<bc-current-customer> signed in as ${email}` },
  );
}

/**
 * Waits until the page knows no shopper: the customer element is not signed in, and every price the shopper reads is
 * the guest's: the element's own (`part="now"`) once priced, or the CMS's public price in its light DOM where the
 * element shows that instead (off the storefront, with third-party cookies blocked, the bridge answers an error).
 */
async function waitForNoShopper(page: Page): Promise<void> {
  const want = pricesFor(GUEST_GROUP);
  try {
    await waitUntil(page, noShopperShown, want, { what: `no shopper, and the guest's prices` });
  } catch (error) {
    const seen = await page.evaluate(describePage, Object.keys(want)).catch(() => 'unreadable');
    throw new Error(`${page.url()}: want no shopper and ${JSON.stringify(want)}, saw ${seen}`, { cause: error });
  }
}

/** In the page: whether it shows no shopper and `expected` as every price the shopper reads. */
function noShopperShown(expected: Record<string, string>): boolean {
  const status = document.querySelector('bc-current-customer')?.getAttribute('status');
  if (status !== 'guest' && status !== 'error') return false;
  return Object.entries(expected).every(([id, text]) => {
    const price = document.querySelector<HTMLElement & { status?: string }>(`[data-product-id="${id}"] bc-group-price`);
    // Priced: the element's own price; fallback and error show the light DOM (the CMS's public price).
    if (!price || price.status === 'loading') return false;
    const read =
      price.status === 'priced' ? price.shadowRoot?.querySelector('[part~="now"]')?.textContent : price.textContent;
    return read?.trim() === text;
  });
}

/** In the page: what its customer element and prices show, and its bc-errors, for a failure's message. */
function describePage(ids: string[]): string {
  const customer = document.querySelector('bc-current-customer');
  const prices = ids.map((id) => {
    const price = document.querySelector<HTMLElement & { status?: string }>(`[data-product-id="${id}"] bc-group-price`);
    return `${id}: ${price?.status} ${price?.shadowRoot?.querySelector('[part~="now"]')?.textContent ?? price?.textContent}`;
  });
  return JSON.stringify({
    customer: customer?.getAttribute('status'),
    email: customer?.shadowRoot?.querySelector('[part~="email"]')?.textContent,
    prices,
    errors: (window as unknown as { bcErrors: unknown[] }).bcErrors,
  });
}

/** Signs in with the page's `<bc-sign-in>`, as a shopper types and submits. */
async function signInOnPage(page: Page, email: string, password: string): Promise<void> {
  const form = page.locator('bc-sign-in');
  await form.locator('input[name="email"]').fill(email);
  await form.locator('input[name="password"]').fill(password);
  await form.locator('button[type="submit"]').click();
}

/** Signs out on the page with the browser core's `signOut()` (the script-tag bundle's global), as a "Sign out" button does. */
async function signOutOnPage(page: Page): Promise<void> {
  await page.evaluate(() =>
    (window as unknown as { BcCustomerElements: { signOut(): Promise<void> } }).BcCustomerElements.signOut(),
  );
}

/** The backend's session cookie as the browser stored it for the backend's origin, if any. */
async function sessionCookie(context: BrowserContext, origin = world.api): Promise<Cookie | undefined> {
  return (await context.cookies(`${origin}/bc/session`)).find((c) => c.name === SESSION_COOKIE);
}

/** The backend calls made since `from` (an index into `world.calls`) matching `filter`. */
function callsSince(from: number, filter: Partial<BackendCall>): BackendCall[] {
  return world.calls
    .slice(from)
    .filter((call) => Object.entries(filter).every(([key, value]) => call[key as keyof BackendCall] === value));
}

/** A fresh cart in the store, with one line (as the CMS's "add to cart" would make it). */
const newCart = () => emulatorCart(world.plain, world.store.emulator.app);

describe('signing in on a page of another site, third-party cookies blocked', () => {
  it('group prices, checkout signed in, reload keeps the session, a second tab follows in and out, sign-out ends the storefront session', async () => {
    await inBrowser('main', async (context) => {
      const from = world.calls.length;
      const page = await openCms(context);
      // The control: from www.other.test the storefront bridge cannot reach the storefront's cookies.
      await waitUntil(
        page,
        () =>
          (window as unknown as { bcErrors: { code: string }[] }).bcErrors.some(
            (e) => e.code === 'ERR_BC_BRIDGE_NO_COOKIES',
          ),
        undefined,
        { what: 'the bridge reporting no cookies' },
      );
      await waitForNoShopper(page);
      // A guest without a hint costs no session round trip and sends no cookie anywhere.
      assert.deepEqual(callsSince(from, { path: '/session' }), []);
      assert.equal(await page.evaluate((key) => localStorage.getItem(key), hintKey(`${world.api}/bc`)), null);
      const second = await openCms(context);
      await waitForNoShopper(second);

      await signInOnPage(page, VIP.email, VIP.password);
      await waitForSignedIn(page, VIP.email);
      await waitForPrices(page, pricesFor(VIP.customer_group_id));
      assert.deepEqual(
        await page.evaluate(() => (window as unknown as { signIns: unknown[] }).signIns),
        [{ id: VIP.id, email: VIP.email }],
        'one bc-sign-in event with the customer',
      );
      // Those prices were asked with the cookie alone (no bearer token), and answered for the VIP group.
      const priced = callsSince(from, { path: '/prices', cookie: true, bearer: false, status: 200 });
      assert.ok(priced.length > 0, JSON.stringify(world.calls.slice(from)));
      // The second tab follows without a reload.
      await waitForSignedIn(second, VIP.email);
      await waitForPrices(second, pricesFor(VIP.customer_group_id));

      // The cookie, as the browser stored it: on the backend's host only, the backend's path, never readable by script.
      const cookie = await sessionCookie(context);
      assert.ok(cookie, 'the session cookie is stored');
      assert.deepEqual(
        {
          domain: cookie.domain,
          path: cookie.path,
          httpOnly: cookie.httpOnly,
          secure: cookie.secure,
          sameSite: cookie.sameSite,
        },
        { domain: 'api.other.test', path: '/bc', httpOnly: true, secure: true, sameSite: 'Lax' },
      );
      assert.ok(cookie.expires > Date.now() / 1000, 'a persistent cookie (it survives the browser closing)');
      // The hint is the session's expiry, nothing secret.
      const hint = await page.evaluate((key) => localStorage.getItem(key), hintKey(`${world.api}/bc`));
      assert.match(hint ?? '', /^\d+$/);
      assert.ok(Math.abs(Number(hint) - cookie.expires) < 5, `hint ${hint} vs cookie expiry ${cookie.expires}`);
      const pageText = await page.evaluate(() => document.documentElement.outerHTML + JSON.stringify(localStorage));
      assert.ok(!pageText.includes(cookie.value.slice(0, 40)), 'the sealed session never reaches the page');

      // A reload keeps the session: the hint makes the page ask /session with the cookie.
      const beforeReload = world.calls.length;
      await page.reload();
      await waitForSignedIn(page, VIP.email);
      await waitForPrices(page, pricesFor(VIP.customer_group_id));
      assert.equal(callsSince(beforeReload, { path: '/session', cookie: true, status: 200 }).length >= 1, true);

      // Checkout, from a third tab: the button lands in the store's checkout with the shopper signed in.
      const shopTab = await openCms(context, `cart=${await newCart()}`);
      await waitForSignedIn(shopTab, VIP.email);
      assert.equal(await checkOutFrom(shopTab, world.shop), `Signed in as ${VIP.email}`);
      assert.equal(callsSince(from, { path: '/checkout', cookie: true, bearer: false, status: 200 }).length, 1);
      // The storefront now has the shopper's session (the session-sync visit opened it).
      await shopTab.goto(`${world.shop}/account.php`);
      assert.equal(new URL(shopTab.url()).pathname, '/account.php');
      assert.equal((await shopTab.locator('#customer-email').textContent())?.trim(), VIP.email);

      // Sign out on the page: the backend logs the token out and clears the cookie, the page drops its hint...
      const beforeSignOut = world.calls.length;
      await signOutOnPage(page);
      assert.equal(callsSince(beforeSignOut, { path: '/sign-out', cookie: true, status: 200 }).length, 1);
      assert.equal(await sessionCookie(context), undefined, 'the cookie is cleared');
      assert.equal(await page.evaluate((key) => localStorage.getItem(key), hintKey(`${world.api}/bc`)), null);
      // ...the storefront session opened at checkout has ended too...
      await shopTab.goto(`${world.shop}/account.php`);
      assert.equal(new URL(shopTab.url()).pathname, '/login.php', 'the storefront sends a guest to sign in');
      await shopTab.goto(`${world.shop}/checkout`);
      assert.equal((await shopTab.locator('#customer').textContent())?.trim(), 'Guest');
      // ...a page opened now knows no shopper and sends no cookie (no hint left)...
      const afterSignOut = world.calls.length;
      const fresh = await openCms(context);
      await waitForNoShopper(fresh);
      assert.deepEqual(callsSince(afterSignOut, { cookie: true }), []);
      // ...and the page signed out on, and the second tab, show no shopper without a reload.
      await waitForNoShopper(page);
      await waitForNoShopper(second);
    });
  });

  it("with the backend behind the CMS's own proxy (same origin, www.other.test/bc): signed in, group prices, signed-in checkout", async () => {
    await inBrowser('same-origin', async (context) => {
      const page = await openCms(context, `backend=same&cart=${await newCart()}`);
      await signInOnPage(page, WHOLESALE.email, WHOLESALE.password);
      await waitForSignedIn(page, WHOLESALE.email);
      await waitForPrices(page, pricesFor(WHOLESALE.customer_group_id));
      const cookie = await sessionCookie(context, world.cms);
      assert.deepEqual(
        {
          domain: cookie?.domain,
          path: cookie?.path,
          httpOnly: cookie?.httpOnly,
          secure: cookie?.secure,
          sameSite: cookie?.sameSite,
        },
        { domain: 'www.other.test', path: '/bc', httpOnly: true, secure: true, sameSite: 'Lax' },
      );
      assert.equal(await checkOutFrom(page, world.shop), `Signed in as ${WHOLESALE.email}`);
    });
  });
});

describe('what must not work', () => {
  it('CSRF: pages of a sibling subdomain and of a third site posting to /sign-out, /prices, /session are refused; the session survives', async () => {
    await inBrowser('csrf', async (context) => {
      const page = await openCms(context);
      await signInOnPage(page, BUYER.email, BUYER.password);
      await waitForSignedIn(page, BUYER.email);
      const stored = await sessionCookie(context);
      assert.ok(stored);

      const bodies: Record<string, string> = {
        '/sign-out': '{}',
        '/prices': JSON.stringify({ items: [{ productId: 77 }] }),
        '/session': '{}',
      };
      for (const attacker of [world.sibling, world.third]) {
        const evil = await context.newPage();
        await evil.goto(`${attacker}/probe.html`);
        for (const [path, body] of Object.entries(bodies)) {
          const from = world.calls.length;
          // A "simple" request (text/plain: no preflight), credentials included: what a hostile page can send.
          const outcome = await evil.evaluate(
            ([url, data]) =>
              fetch(url, { method: 'POST', credentials: 'include', mode: 'no-cors', body: data }).then(
                () => 'sent',
                (e: Error) => e.name,
              ),
            [`${world.api}/bc${path}`, body] as const,
          );
          assert.equal(outcome, 'sent');
          // The JSON one needs a preflight, which is refused: the POST itself never goes.
          await evil.evaluate(
            ([url, data]) =>
              fetch(url, {
                method: 'POST',
                credentials: 'include',
                headers: { 'content-type': 'application/json' },
                body: data,
              }).catch(() => undefined),
            [`${world.api}/bc${path}`, body] as const,
          );
          const seen = world.calls.slice(from);
          const sameSite = attacker === world.sibling;
          assert.deepEqual(
            seen.map(({ method, path: p, origin, cookie, status, code, setCookie }) => ({
              method,
              path: p,
              origin,
              cookie,
              status,
              code,
              setCookie,
            })),
            [
              // The sibling is the same site: the browser attaches the SameSite=Lax cookie, the backend refuses it.
              // A third site's request comes without it (SameSite=Lax), and is refused all the same.
              {
                method: 'POST',
                path,
                origin: attacker,
                cookie: sameSite,
                status: 403,
                code: 'ERR_BC_ORIGIN_FORBIDDEN',
                setCookie: undefined,
              },
              {
                method: 'OPTIONS',
                path,
                origin: attacker,
                cookie: false,
                status: 403,
                code: 'ERR_BC_ORIGIN_FORBIDDEN',
                setCookie: undefined,
              },
            ],
            `${attacker} ${path}`,
          );
        }
        // A form posted by the sibling page (a top-level navigation, the cookie attached) is refused too.
        const from = world.calls.length;
        await Promise.all([
          evil.waitForURL(`${world.api}/bc/sign-out`),
          evil.evaluate((url) => {
            const form = document.createElement('form');
            form.method = 'POST';
            form.action = url;
            form.enctype = 'text/plain';
            document.body.append(form);
            form.submit();
          }, `${world.api}/bc/sign-out`),
        ]);
        assert.deepEqual(
          world.calls.slice(from).map(({ path, cookie, status, code }) => ({ path, cookie, status, code })),
          [{ path: '/sign-out', cookie: attacker === world.sibling, status: 403, code: 'ERR_BC_ORIGIN_FORBIDDEN' }],
        );
        await evil.close();
      }

      // The allowed page itself must send JSON: the same sign-out as text/plain, with the cookie, is refused.
      const from = world.calls.length;
      await page.evaluate(
        (url) => fetch(url, { method: 'POST', credentials: 'include', body: '{}' }).then((r) => r.status),
        `${world.api}/bc/sign-out`,
      );
      assert.deepEqual(
        world.calls.slice(from).map(({ path, cookie, status }) => ({ path, cookie, status })),
        [{ path: '/sign-out', cookie: true, status: 415 }],
      );

      // The session is untouched: the same cookie, and a reload is still signed in with the group's prices.
      assert.equal((await sessionCookie(context))?.value, stored.value);
      await page.reload();
      await waitForSignedIn(page, BUYER.email);
      await waitForPrices(page, pricesFor(BUYER.customer_group_id));
    });
  });

  it('a tampered cookie is a guest: guest prices, the cookie cleared, the hint removed', async () => {
    await inBrowser('tampered', async (context) => {
      const page = await openCms(context);
      await signInOnPage(page, PLAIN.email, PLAIN.password);
      await waitForSignedIn(page, PLAIN.email);
      const cookie = (await sessionCookie(context))!;
      // One character of the ciphertext changed (a JWE's fourth segment): authentication fails as a whole.
      const parts = cookie.value.split('.');
      const body = parts[3]!;
      const at = Math.floor(body.length / 2);
      parts[3] = `${body.slice(0, at)}${body[at] === 'A' ? 'B' : 'A'}${body.slice(at + 1)}`;
      await context.addCookies([{ ...cookie, value: parts.join('.') }]);

      const from = world.calls.length;
      await page.reload();
      await settled(page);
      await waitForNoShopper(page);
      assert.notEqual((await shown(page)).status, 'signed-in');
      assert.equal(await page.evaluate((key) => localStorage.getItem(key), hintKey(`${world.api}/bc`)), null);
      assert.equal(await sessionCookie(context), undefined, 'the bad cookie is cleared');
      const [asked] = callsSince(from, { path: '/session', cookie: true });
      assert.equal(asked?.status, 401);
      assert.equal(asked?.code, 'ERR_BC_UNAUTHORIZED');
      assert.match(asked?.setCookie ?? '', new RegExp(`^${SESSION_COOKIE}=;.*Max-Age=0`));
    });
  });

  it('a wrong password: the element says so, nobody is signed in, no cookie', async () => {
    await inBrowser('wrong-password', async (context) => {
      const page = await openCms(context);
      await signInOnPage(page, VIP.email, 'not-the-password');
      const alert = page.locator('bc-sign-in [part~="error"]');
      await waitUntil(
        page,
        () => Boolean(document.querySelector('bc-sign-in')?.shadowRoot?.querySelector('[part~="error"]')?.textContent),
        undefined,
        { what: 'the sign-in error' },
      );
      assert.equal(await alert.getAttribute('role'), 'alert');
      assert.equal((await alert.textContent())?.trim(), 'The email or password is incorrect.');
      assert.equal(await page.locator('bc-sign-in input[name="password"]').inputValue(), '', 'the password is cleared');
      const errors = await page.evaluate(() => (window as unknown as { bcErrors: { code: string }[] }).bcErrors);
      assert.ok(
        errors.some((e) => e.code === 'ERR_BC_SIGN_IN_FAILED' || e.code === 'ERR_BC_INVALID_CREDENTIALS'),
        JSON.stringify(errors),
      );
      assert.notEqual((await shown(page)).status, 'signed-in');
      assert.equal(await sessionCookie(context), undefined);
      assert.equal(await page.evaluate((key) => localStorage.getItem(key), hintKey(`${world.api}/bc`)), null);
    });
  });
});
