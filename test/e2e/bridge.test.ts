/**
 * The storefront bridge end to end, in Chromium, under real host names over HTTPS (test/e2e/bridge-support.ts): the
 * bridge installed by the CLI through the Pages API, framing set through the Settings API as the CLI advises, a
 * shopper signed in through the emulator's own login form on shop.example.test, CMS pages with the script-tag bundle
 * on www.example.test (same site) and www.other.test (another site), and pages that try to get what is not theirs.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { bridgePageHtml } from '../../src/bridge/page.js';
import { fullMessage } from '../support/diagnostics.js';
import { emulatorCart } from '../support/emulator-cart.js';
import { defaultSeed } from '../../src/emulator/seed.js';
import {
  launchBridgeChromium,
  pricesFor,
  launchWithPrefs,
  startBridgeWorld,
  type BridgeWorld,
} from './bridge-support.js';
import {
  checkOutFrom,
  screenshotAll,
  signIn,
  violations,
  waitForCustomer,
  waitForPrices,
  watchErrors,
} from './support.js';

const seed = defaultSeed();
const VIP = seed.customers.find((c) => c.email === 'vip@example.com')!;
const GUEST_GROUP = seed.store.guest_customer_group_id;

let world: BridgeWorld;
let browser: Browser;
const tmp = mkdtempSync(join(tmpdir(), 'bc-bridge-e2e-'));

/** Every field of the security settings, framing open to the given origins through CSP (what the CLI advises). */
function framingFor(origins: string[]) {
  return {
    csp_header: { enabled: true, header_value: `frame-ancestors 'self' ${origins.join(' ')}` },
    hsts: { enabled: false, include_preload: false, include_subdomains: false, max_age: 'zero_seconds' },
    sitewide_https_enabled: true,
    x_frame_options_header: { enabled: false, setting: 'same_origin', allowed_url: '' },
  };
}

/** Runs `body` in a fresh context of `browser` (or the given one); screenshots on failure. */
async function withContext(
  name: string,
  body: (context: BrowserContext) => Promise<void>,
  context?: BrowserContext,
): Promise<void> {
  const made = context ?? (await browser.newContext({ viewport: { width: 1280, height: 900 } }));
  try {
    await body(made);
  } catch (error) {
    await screenshotAll(made, `bridge-${name}`);
    throw error;
  } finally {
    await made.close();
  }
}

/** Opens a CMS page and waits until its customer element has answered (any status but loading). */
async function openCms(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(
    () => !['loading', null].includes(document.querySelector('bc-current-customer')?.getAttribute('status') ?? null),
    null,
    {
      timeout: 15_000,
    },
  );
  return page;
}

/** Appends an iframe of `src` to the page and waits until it has loaded. */
function addFrame(page: Page, src: string): Promise<void> {
  return page.evaluate(
    (url) =>
      new Promise<void>((resolve) => {
        const frame = document.createElement('iframe');
        frame.src = url;
        frame.onload = () => resolve();
        document.body.append(frame);
      }),
    src,
  );
}

const bcErrors = (page: Page) =>
  page.evaluate(() => (window as unknown as { bcErrors: { code: string; message: string }[] }).bcErrors);

/** The bridge frame of a page (the session's hidden one unless told otherwise). */
function bridgeFrame(page: Page, path = '/bc-bridge/'): Frame {
  const frame = page.frames().find((f) => new URL(f.url()).pathname === path && f !== page.mainFrame());
  assert.ok(frame, `a frame of ${path} in ${page.url()}`);
  return frame;
}

before(async () => {
  world = await startBridgeWorld();
  browser = await launchBridgeChromium();
});

after(async () => {
  await browser?.close();
  await world?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('installing the bridge as a merchant would', () => {
  it('the CLI creates the raw page through the Pages API and says that the store refuses framing (a new store: same_origin)', async () => {
    const { code, stdout, stderr } = await world.cli(['install'], {
      BC_ALLOWED_ORIGINS: `${world.sameSite},${world.crossSite}`,
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /bridge: created page \d+ at \/bc-bridge\//);
    assert.match(stdout, new RegExp(`${world.sameSite}: may NOT frame the bridge: X-Frame-Options is "same_origin"`));
    assert.ok(stdout.includes(`frame-ancestors 'self' ${world.sameSite} ${world.crossSite}`), stdout);
    const page = await world.storeApi.findPage(1, '/bc-bridge/');
    assert.equal(page?.type, 'raw');
  });

  it('framing refused by the store: the page shows a guest and a coded bc-error naming the fix', async () => {
    await withContext('refused', async (context) => {
      const shop = await context.newPage();
      await signIn(shop, world.shop, VIP.email, VIP.password);
      // The frame's document is Chromium's error page, so no answer comes: the session's 10 s deadline decides.
      const page = await openCms(context, `${world.sameSite}/`);
      assert.equal(await page.locator('bc-current-customer').getAttribute('status'), 'error');
      const [error] = await bcErrors(page);
      assert.equal(error?.code, 'ERR_BC_BRIDGE_UNAVAILABLE');
      // The script-tag bundle numbers the message; docs/diagnostics.md gives it in full.
      const message = fullMessage(error.message);
      assert.match(message, /bc-customer-elements bridge install/);
      assert.ok(message.includes(`with ${world.sameSite} among its allowed origins`), message);
      assert.match(message, /let the store allow framing by this origin/);
    });
  });

  it('after the change the CLI advised (Settings API), `bridge check` passes and reads the live headers', async () => {
    await world.putSecurity(framingFor([world.sameSite, world.crossSite]));
    // `check` fetches the live page; Node cannot resolve shop.example.test, so it reads it at the loopback address.
    const { code, stdout } = await world.cli(['check'], {
      BC_ALLOWED_ORIGINS: `${world.sameSite},${world.crossSite}`,
      BC_STOREFRONT_URL: world.api,
    });
    assert.equal(code, 0, stdout);
    assert.match(stdout, /is current/);
    assert.ok(
      stdout.includes(`content-security-policy: frame-ancestors 'self' ${world.sameSite} ${world.crossSite}`),
      stdout,
    );
    assert.match(stdout, new RegExp(`${world.crossSite}: may frame the bridge`));
  });

  it('the bridge page as served holds no secret: only the client id and the allowed origins', async () => {
    const response = await fetch(`${world.api}/bc-bridge/`);
    const html = await response.text();
    assert.equal(
      html,
      bridgePageHtml({ appClientId: seed.app.client_id, allowedOrigins: [world.sameSite, world.crossSite] }),
    );
    for (const secret of [seed.app.client_secret, seed.app.access_token, ...seed.customers.map((c) => c.password)])
      assert.ok(!html.includes(secret), 'no secret in the page');
    assert.ok(!/eyJ[\w-]+\.[\w-]+\./.test(html), 'no token in the page');
  });
});

describe('same site, other origin (www.example.test and shop.example.test)', () => {
  it('identity, group prices and a signed-in checkout; sign-out noticed on return; a second tab follows', async () => {
    await withContext('same-site', async (context) => {
      const errors: string[] = [];
      const shop = await context.newPage();
      await signIn(shop, world.shop, VIP.email, VIP.password);

      const page = await openCms(context, `${world.sameSite}/`);
      errors.push(...watchErrors(page));
      await waitForCustomer(page, 'signed-in', VIP.email);
      await waitForPrices(page, pricesFor(VIP.customer_group_id));
      // One hidden frame per page, however many elements, and the page never asked current.jwt itself.
      const frames = await page
        .locator('iframe')
        .evaluateAll((list) => list.map((f) => [(f as HTMLIFrameElement).src, f.getAttribute('aria-hidden')]));
      assert.deepEqual(frames, [[`${world.shop}/bc-bridge/`, 'true']]);
      assert.deepEqual(await bcErrors(page), []);

      // The checkout button lands in the store's checkout, signed in.
      const checkoutTab = await openCms(
        context,
        `${world.sameSite}/?cart=${await emulatorCart(world.api, world.store.emulator.app)}`,
      );
      await waitForCustomer(checkoutTab, 'signed-in', VIP.email);
      assert.equal(await checkOutFrom(checkoutTab, world.shop), `Signed in as ${VIP.email}`);

      // A second CMS tab, in the background.
      const second = await openCms(context, `${world.sameSite}/`);
      await waitForCustomer(second, 'signed-in', VIP.email);

      // Playwright makes every page think it has the focus; let focus follow the front tab as in a real browser.
      for (const p of [page, second])
        await (await context.newCDPSession(p)).send('Emulation.setFocusEmulationEnabled', { enabled: false });
      const checkedAt = Date.now();
      // The shopper signs out in the checkout tab (on the storefront)...
      await checkoutTab.bringToFront();
      await checkoutTab.goto(`${world.shop}/login.php?action=logout`);
      // ...and comes back to the first CMS tab: focus re-checks (at most every 5 s), the second tab follows by itself.
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 5_500 - (Date.now() - checkedAt))));
      await page.bringToFront();
      await waitForCustomer(page, 'guest');
      await waitForPrices(page, pricesFor(GUEST_GROUP));
      await waitForCustomer(second, 'guest');
      await waitForPrices(second, pricesFor(GUEST_GROUP));
      assert.deepEqual(errors, []);
    });
  });
});

describe('cross site (www.other.test and shop.example.test)', () => {
  it('Chromium as launched here (a fresh profile blocks third-party cookies): a guest view, ERR_BC_BRIDGE_NO_COOKIES, and the storage-access button', async () => {
    await withContext('cross-site-default', async (context) => {
      const shop = await context.newPage();
      await signIn(shop, world.shop, VIP.email, VIP.password);
      const page = await openCms(context, `${world.crossSite}/`);
      assert.equal(await page.locator('bc-current-customer').getAttribute('status'), 'error');
      const [error] = await bcErrors(page);
      assert.equal(error?.code, 'ERR_BC_BRIDGE_NO_COOKIES');
      assert.match(fullMessage(error.message), /same site as the storefront/);
      // As documented: every element shows its signed-out or light-DOM view and says why.
      assert.deepEqual([...new Set((await bcErrors(page)).map((e) => e.code))], ['ERR_BC_BRIDGE_NO_COOKIES']);
      await page.waitForFunction(() =>
        [...document.querySelectorAll('bc-group-price')].every(
          (el) => (el as unknown as { status: string }).status === 'error',
        ),
      );
      // The element offers the bridge's own button, in a visible, labelled, focusable frame.
      const offered = page.locator('bc-current-customer iframe[part="storage-access"]');
      await offered.waitFor();
      assert.equal(await offered.getAttribute('title'), 'Continue signed in with the store');
      assert.equal(await offered.getAttribute('aria-hidden'), null);
      assert.equal(await offered.getAttribute('tabindex'), null);
      const prompt = await offered.elementHandle();
      const frame = (await prompt.contentFrame())!;
      const button = frame.getByRole('button', { name: 'Continue signed in' });
      await button.waitFor({ state: 'visible' });
      assert.deepEqual(await violations(page), [], 'the page with the frame shown');
      assert.deepEqual(await violations(frame), [], 'the bridge page with its button');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert.equal(
        await frame.evaluate(() => document.activeElement?.id),
        'b',
        'the button is reached with the keyboard',
      );
      // Headless Chromium shows no prompt: without a grant the click is refused (NotAllowedError), the bridge
      // answers guest again and the button stays.
      await frame.evaluate(() => {
        const original = document.requestStorageAccess.bind(document);
        (window as unknown as { outcome: string[] }).outcome = [];
        document.requestStorageAccess = () =>
          original().then(
            () => void (window as unknown as { outcome: string[] }).outcome.push('granted'),
            (e: Error) => {
              (window as unknown as { outcome: string[] }).outcome.push(e.name);
              throw e;
            },
          );
      });
      await button.click();
      await frame.waitForFunction(() => (window as unknown as { outcome: string[] }).outcome.length > 0);
      assert.deepEqual(await frame.evaluate(() => (window as unknown as { outcome: string[] }).outcome), [
        'NotAllowedError',
      ]);
      assert.equal(await page.locator('bc-current-customer').getAttribute('status'), 'error');
      await button.waitFor({ state: 'visible' });
    });
  });

  it('with storage access granted at the click (the shopper accepting the prompt): identity and group prices follow', async () => {
    // A persistent profile (third-party cookies blocked, as every fresh profile here), whose permissions CDP can set.
    const context = await launchWithPrefs(join(tmp, 'grant'), {});
    await withContext(
      'cross-site-grant',
      async () => {
        const shop = await context.newPage();
        await signIn(shop, world.shop, VIP.email, VIP.password);
        const page = await openCms(context, `${world.crossSite}/`);
        assert.equal(await page.locator('bc-current-customer').getAttribute('status'), 'error');
        // What accepting Chromium's prompt records: storage-access granted to the storefront embedded in this site.
        const cdp = await context.newCDPSession(page);
        await cdp.send('Browser.setPermission', {
          permission: { name: 'storage-access' },
          setting: 'granted',
          origin: world.crossSite,
          embeddedOrigin: world.shop,
        } as never);
        const frame = (await (
          await page.locator('bc-current-customer iframe[part="storage-access"]').elementHandle()
        ).contentFrame())!;
        await frame.getByRole('button', { name: 'Continue signed in' }).click();
        // The session asks again through its own hidden frame, which takes the granted access without a click.
        await waitForCustomer(page, 'signed-in', VIP.email);
        await waitForPrices(page, pricesFor(VIP.customer_group_id));
        assert.equal(await page.locator('bc-current-customer iframe').count(), 0, 'the button is gone');
      },
      context,
    );
  });

  it('with third-party cookies allowed (chrome://settings/cookies, as Chrome ships): signed in across sites', async () => {
    const context = await launchWithPrefs(join(tmp, 'allow'), { profile: { cookie_controls_mode: 0 } });
    await withContext(
      'cross-site-allowed',
      async () => {
        const shop = await context.newPage();
        await signIn(shop, world.shop, VIP.email, VIP.password);
        const page = await openCms(context, `${world.crossSite}/`);
        await waitForCustomer(page, 'signed-in', VIP.email);
        await waitForPrices(page, pricesFor(VIP.customer_group_id));
        assert.deepEqual(await bcErrors(page), []);
      },
      context,
    );
  });

  it('with third-party cookies blocked by the user (cookie_controls_mode 1): as the default here, no cookies', async () => {
    const context = await launchWithPrefs(join(tmp, 'block'), { profile: { cookie_controls_mode: 1 } });
    await withContext(
      'cross-site-blocked',
      async () => {
        const shop = await context.newPage();
        await signIn(shop, world.shop, VIP.email, VIP.password);
        const page = await openCms(context, `${world.crossSite}/`);
        assert.equal((await bcErrors(page))[0]?.code, 'ERR_BC_BRIDGE_NO_COOKIES');
        // The same-site page of the same browser still gets the shopper: the setup docs/bridge.md recommends.
        const sameSite = await openCms(context, `${world.sameSite}/`);
        await waitForCustomer(sameSite, 'signed-in', VIP.email);
      },
      context,
    );
  });
});

describe('attacks', () => {
  /**
   * Frames `path` of the storefront into a bare page at `pageOrigin` and records, inside the bridge frame, every
   * message it receives (a listener added after the bridge's own, so it runs after the bridge's check of the same
   * message) and every fetch it starts. Resolves with helpers to post messages and read what happened.
   */
  async function probe(context: BrowserContext, pageOrigin: string, path = '/bc-bridge/') {
    const page = await context.newPage();
    await page.goto(`${pageOrigin}/probe.html`);
    await addFrame(page, `${world.shop}${path}`);
    const bridge = bridgeFrame(page, path);
    await bridge.evaluate(() => {
      const w = window as unknown as { received: number; fetches: string[] };
      w.received = 0;
      w.fetches = [];
      const original = window.fetch.bind(window);
      window.fetch = (input, init) => (w.fetches.push(String(input)), original(input, init));
      addEventListener('message', () => (w.received += 1));
    });
    const received = () => bridge.evaluate(() => (window as unknown as { received: number }).received);
    return {
      page,
      bridge,
      /** Posts `data` to the bridge from the page and waits until the bridge has handled it. */
      async post(data: unknown): Promise<void> {
        const before = await received();
        await page.evaluate((d) => document.querySelector('iframe')!.contentWindow!.postMessage(d, '*'), data);
        await bridge.waitForFunction((n) => (window as unknown as { received: number }).received > n, before);
      },
      fetches: () => bridge.evaluate(() => (window as unknown as { fetches: string[] }).fetches.length),
      answers: () =>
        page.evaluate(() =>
          (window as unknown as { seenMessages: { data: { type?: string } }[] }).seenMessages.filter(
            (m) => m.data?.type === 'bc-bridge-answer',
          ),
        ),
    };
  }

  const ask = (nonce = 'N'.repeat(22)) => ({ type: 'bc-bridge-ask', version: 1, nonce });

  it('a page of an origin the bridge does not list gets nothing, even where the store lets everyone frame it', async () => {
    await world.putSecurity({ ...framingFor([]), csp_header: { enabled: false, header_value: '' } });
    try {
      await withContext('attack-origin', async (context) => {
        const shop = await context.newPage();
        await signIn(shop, world.shop, VIP.email, VIP.password);
        const evil = await probe(context, world.evil); // same site as the store, not listed
        await evil.post(ask());
        assert.equal(await evil.fetches(), 0, 'the bridge did not even look');
        // The control: the same probe from a listed origin gets its answer.
        const good = await probe(context, world.sameSite);
        await good.post(ask());
        await good.page.waitForFunction(
          () => (window as unknown as { seenMessages: unknown[] }).seenMessages.length > 0,
        );
        assert.equal((await good.answers()).length, 1);
        assert.deepEqual(await evil.answers(), []);
      });
    } finally {
      await world.putSecurity(framingFor([world.sameSite, world.crossSite]));
    }
  });

  it('asks from a window that is not the parent, or with a bad nonce or version, are ignored', async () => {
    await withContext('attack-messages', async (context) => {
      const good = await probe(context, world.sameSite);
      // A sibling frame of the same allowed origin posts to the bridge: event.source is not window.parent.
      await addFrame(good.page, `${world.sameSite}/probe.html`);
      const sibling = good.page.frames().find((f) => f.url().endsWith('/probe.html') && f !== good.page.mainFrame())!;
      const before = await good.bridge.evaluate(() => (window as unknown as { received: number }).received);
      await sibling.evaluate((d) => window.parent.frames[0]!.postMessage(d, '*'), ask('S'.repeat(22)));
      await good.bridge.waitForFunction((n) => (window as unknown as { received: number }).received > n, before);
      for (const bad of [
        ask('short'),
        { ...ask(), version: 2 },
        { ...ask(), type: 'bc-bridge-answer' },
        'bc-bridge-ask',
      ])
        await good.post(bad);
      assert.equal(await good.fetches(), 0, 'nothing made the bridge look');
      assert.deepEqual(await good.answers(), []);
    });
  });

  it('a bridge with no allowed origins answers nobody', async () => {
    await world.storeApi.createPage({
      channel_id: 1,
      name: 'Bridge answering nobody',
      type: 'raw',
      url: '/bc-bridge-none/',
      body: bridgePageHtml({ appClientId: seed.app.client_id, allowedOrigins: [] }),
      is_visible: false,
    });
    await withContext('attack-none', async (context) => {
      const shop = await context.newPage();
      await signIn(shop, world.shop, VIP.email, VIP.password);
      const probeNone = await probe(context, world.sameSite, '/bc-bridge-none/');
      await probeNone.post(ask());
      assert.equal(await probeNone.fetches(), 0);
      assert.deepEqual(await probeNone.answers(), []);
    });
  });

  it('forged answers from another frame (another site) are ignored by the page: the guest stays a guest', async () => {
    await withContext('attack-forged', async (context) => {
      const page = await openCms(context, `${world.sameSite}/`);
      await waitForCustomer(page, 'guest');
      // An ad frame from another site posts a well-formed signed-in answer, token and all, to the page.
      const token = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ customer: { id: 1, email: 'forged@example.com', group_id: '2' } })).toString('base64url')}.c2ln`;
      await addFrame(page, `${world.crossSite}/probe.html`);
      const ad = page.frames().find((f) => f.url().startsWith(world.crossSite))!;
      await ad.evaluate((t) => {
        for (const nonce of ['A'.repeat(22), 'B'.repeat(32)])
          window.parent.postMessage(
            { type: 'bc-bridge-answer', version: 1, nonce, status: 'signed-in', token: t },
            '*',
          );
      }, token);
      await page.waitForFunction(
        () =>
          (window as unknown as { seenMessages: { origin: string }[] }).seenMessages.filter((m) =>
            m.origin.includes('other.test'),
          ).length === 2,
      );
      const state = await page.evaluate(() =>
        (
          document.querySelector('bc-current-customer') as unknown as { refresh(): Promise<{ status: string }> }
        ).refresh(),
      );
      assert.equal(state.status, 'guest');
      await waitForCustomer(page, 'guest');
    });
  });
});
