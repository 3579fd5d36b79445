// The storefront bridge page (src/bridge/page.ts): what it bakes in, what it refuses to bake, its size, and its
// script's rules, run in a bare sandbox (node:vm) against the emulator's real /customer/current.jwt.
import assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { after, before, beforeEach, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { bridgePageHtml, jsonForScript } from '../../../src/bridge/page.js';
import { parseBridgeAnswer } from '../../../src/bridge/protocol.js';
import { Browser, serve, T0, type Served } from '../emulator/support.js';

const ALLOWED = 'https://www.example.com';
const NONCE = 'n0nce-for-the-bridge-test_0001';
const ask = (nonce = NONCE) => ({ type: 'bc-bridge-ask', version: 1, nonce });

let served: Served;

/** The inline script of a page. */
function scriptOf(html: string): string {
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1, 'one inline script');
  return scripts[0]![1]!;
}

interface Frame {
  posted: { data: Record<string, unknown>; origin: string }[];
  fetched: { url: string; init: RequestInit }[];
  elements: Record<'t' | 'b', { hidden: boolean; onclick: (() => void) | null }>;
  listening: boolean;
  parent: object;
  /** Delivers a message event to the page. */
  message(event: { source: unknown; origin: string; data: unknown }): void;
  /** Waits until `count` answers were posted (or fails after a while). */
  answers(count: number): Promise<Frame['posted']>;
}

interface FrameOptions {
  html?: string;
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  top?: boolean;
  hasStorageAccess?: () => Promise<boolean>;
  requestStorageAccess?: () => Promise<void>;
  /** The state `navigator.permissions.query({name: 'storage-access'})` answers (no `navigator` when absent). */
  storageAccessPermission?: string;
}

/**
 * Runs the page's script in a fresh realm holding only what the script may use: no console, storage, location or
 * cookies exist there, so touching them would throw.
 */
function frame(browser: Browser, options: FrameOptions = {}): Frame {
  const html = options.html ?? bridgePageHtml({ appClientId: served.emulator.app.clientId, allowedOrigins: [ALLOWED] });
  const listeners: ((event: unknown) => void)[] = [];
  const posted: Frame['posted'] = [];
  const fetched: Frame['fetched'] = [];
  const elements = { t: { hidden: true, onclick: null }, b: { hidden: true, onclick: null } };
  const parent = {
    postMessage: (data: Record<string, unknown>, origin: string) =>
      posted.push({ data: JSON.parse(JSON.stringify(data)), origin }),
  };
  const window: Record<string, unknown> = {};
  window.parent = options.top ? window : parent;
  if (options.storageAccessPermission)
    window.navigator = {
      permissions: {
        query: (q: { name: string }) =>
          q.name === 'storage-access'
            ? Promise.resolve({ state: options.storageAccessPermission })
            : Promise.reject(new TypeError()),
      },
    };
  const document: Record<string, unknown> = { getElementById: (id: 't' | 'b') => elements[id] };
  if (options.hasStorageAccess) document.hasStorageAccess = options.hasStorageAccess;
  if (options.requestStorageAccess) document.requestStorageAccess = options.requestStorageAccess;
  const fetch = (url: string, init: RequestInit) => {
    fetched.push({ url, init: JSON.parse(JSON.stringify(init)) as RequestInit }); // out of the sandbox's realm
    return (options.fetch ?? ((u, i) => browser.fetch(u, i)))(url, init);
  };
  runInNewContext(scriptOf(html), {
    window,
    document,
    fetch,
    encodeURIComponent,
    addEventListener: (type: string, listener: (event: unknown) => void) =>
      type === 'message' && listeners.push(listener),
  });
  return {
    posted,
    fetched,
    elements,
    parent,
    get listening() {
      return listeners.length > 0;
    },
    message: (event) => listeners.forEach((listener) => listener(event)),
    async answers(count) {
      for (let i = 0; i < 200 && posted.length < count; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal(posted.length, count, `${count} answer(s)`);
      return posted;
    },
  };
}

describe('bridge page', () => {
  before(async () => (served = await serve()));
  after(() => served.close());
  beforeEach(() => {
    served.emulator.reset();
    served.emulator.clock.set(T0);
  });

  describe('the HTML', () => {
    it('bakes the client id and the origins exactly, and holds no secret', () => {
      const { app } = served.emulator;
      const origins = [ALLOWED, 'http://shop.example.test:4000'];
      const html = bridgePageHtml({ appClientId: app.clientId, allowedOrigins: origins });
      const script = scriptOf(html);
      assert.deepEqual(JSON.parse(/var O=(\[[^\]]*\])/.exec(script)![1]!), origins);
      assert.equal(JSON.parse(/,C=("[^"]*")/.exec(script)![1]!), app.clientId);
      for (const secret of [app.clientSecret, app.accessToken, app.storefrontToken]) assert.ok(!html.includes(secret));
      // Nothing that could keep or leak a token: no storage, cookies, URLs, console or other windows than the parent.
      for (const word of [
        'localStorage',
        'sessionStorage',
        'indexedDB',
        'cookie',
        'console',
        'location',
        'opener',
        'top',
        "'*'",
        '"*"',
      ])
        assert.ok(!script.includes(word), word);
    });

    it('is a small, complete, accessible document', () => {
      const html = bridgePageHtml({ appClientId: served.emulator.app.clientId, allowedOrigins: [ALLOWED] });
      assert.match(html, /^<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">/);
      assert.match(html, /<title>[^<]+<\/title>/);
      assert.match(html, /<button id="b" type="button" hidden>Continue signed in<\/button>/);
      assert.match(html, /<p id="t" hidden>[^<]+<\/p>/);
      assert.ok(html.trimEnd().endsWith('</html>'));
      assert.ok(!html.includes('{{'), 'nothing Handlebars would interpret when pasted into a Stencil template');
      const bytes = Buffer.byteLength(html);
      const gzip = gzipSync(html, { level: 9 }).length;
      assert.ok(bytes < 2500, `${bytes} bytes`);
      assert.ok(gzip < 1250, `${gzip} bytes gzipped`);
    });

    it('dedupes origins; no origins makes a page that answers nobody', () => {
      const html = bridgePageHtml({ appClientId: 'abc', allowedOrigins: [ALLOWED, ALLOWED] });
      assert.match(scriptOf(html), /var O=\["https:\/\/www\.example\.com"\],/);
      assert.match(scriptOf(bridgePageHtml({ appClientId: 'abc', allowedOrigins: [] })), /var O=\[\],/);
    });

    it('refuses origins that are not exact http(s) origins, and client ids that are not identifiers, with a TypeError', () => {
      const hostile = [
        'https://a.com"];alert(1);//',
        'https://a.com</script><script>alert(1)</script>',
        `${ALLOWED}/`,
        '*',
        'null',
        'https://*.example.com',
      ];
      for (const origin of hostile) {
        assert.throws(
          () => bridgePageHtml({ appClientId: 'abc', allowedOrigins: [ALLOWED, origin] }),
          (error: Error) => {
            assert.ok(error instanceof TypeError);
            assert.match(
              error.message,
              /^allowedOrigins: .* is not an exact origin such as https:\/\/www\.example\.com$/,
            );
            return true;
          },
        );
      }
      for (const id of ['', 'abc"</script>', 'a b', 'x'.repeat(201), 42])
        assert.throws(() => bridgePageHtml({ appClientId: id as string, allowedOrigins: [] }), TypeError);
      assert.throws(() => bridgePageHtml({ appClientId: 'abc', allowedOrigins: ALLOWED as never }), TypeError);
    });

    it('jsonForScript: no value can close the script or open a comment', () => {
      const value = ['</script><script>alert(1)</script>', '<!--', '&amp;', '\u2028\u2029'];
      const text = jsonForScript(value);
      assert.ok(!/[<>&\u2028\u2029]/.test(text), text);
      assert.deepEqual(JSON.parse(text), value);
    });
  });

  describe('the script', () => {
    it('answers a signed-in shopper with the current-customer token, only to the asking allowed origin', async () => {
      const browser = new Browser(served.url);
      await browser.signIn('vip@example.com', 'vip-demo-1');
      const page = frame(browser);
      page.message({ source: page.parent, origin: ALLOWED, data: ask() });
      const [answer] = await page.answers(1);
      assert.equal(answer!.origin, ALLOWED);
      const parsed = parseBridgeAnswer(answer!.data);
      assert.ok(parsed?.status === 'signed-in');
      assert.deepEqual(Object.keys(answer!.data).sort(), ['nonce', 'status', 'token', 'type', 'version']);
      assert.equal(parsed.nonce, NONCE);
      assert.equal((decodeJwt(parsed.token).customer as { email: string }).email, 'vip@example.com');
      assert.deepEqual(page.fetched, [
        {
          url: `/customer/current.jwt?app_client_id=${served.emulator.app.clientId}`,
          init: { credentials: 'include', cache: 'no-store' },
        },
      ]);
    });

    it('answers a guest, with storageAccess true where hasStorageAccess does not exist', async () => {
      const page = frame(new Browser(served.url));
      page.message({ source: page.parent, origin: ALLOWED, data: ask() });
      const [answer] = await page.answers(1);
      assert.deepEqual(answer, {
        origin: ALLOWED,
        data: { status: 'guest', storageAccess: true, type: 'bc-bridge-answer', version: 1, nonce: NONCE },
      });
      assert.equal(page.elements.b.hidden, true);
    });

    it('answers every ask (the parent re-asks), each with its own nonce', async () => {
      const page = frame(new Browser(served.url));
      const nonces = ['A'.repeat(22), 'B'.repeat(40), 'C'.repeat(64)];
      for (const nonce of nonces) page.message({ source: page.parent, origin: ALLOWED, data: ask(nonce) });
      const answers = await page.answers(3);
      assert.deepEqual(answers.map((a) => a.data.nonce).sort(), nonces);
    });

    it('ignores other windows, other origins and malformed asks, without fetching anything', async () => {
      const page = frame(new Browser(served.url));
      const events = [
        { source: {}, origin: ALLOWED, data: ask() }, // another frame or window
        { source: null, origin: ALLOWED, data: ask() }, // a worker or extension
        ...[
          'https://www.example.com.evil.com',
          'https://evil.com',
          'http://www.example.com',
          'https://www.example.com:8443',
          `${ALLOWED}/`,
          'null',
          '*',
          '',
        ].map((origin) => ({ source: page.parent, origin, data: ask() })),
        ...[
          null,
          'bc-bridge-ask',
          { ...ask(), type: 'bc-bridge-answer' },
          { ...ask(), version: '1' },
          { ...ask(), version: 2 },
          ask('short'),
          ask(`${NONCE}/`),
          { type: 'bc-bridge-ask', version: 1 },
        ].map((data) => ({ source: page.parent, origin: ALLOWED, data })),
      ];
      for (const event of events) page.message(event);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(page.posted, []);
      assert.deepEqual(page.fetched, []);
    });

    it('a bridge with no allowed origins answers nobody', async () => {
      const html = bridgePageHtml({ appClientId: served.emulator.app.clientId, allowedOrigins: [] });
      const page = frame(new Browser(served.url), { html });
      page.message({ source: page.parent, origin: ALLOWED, data: ask() });
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(page.posted, []);
    });

    it('answers unavailable for a 500, a network failure and a 200 that is not a token; accepts {"token": …} JSON', async () => {
      const browser = new Browser(served.url);
      await browser.signIn('plain@example.com', 'plain-demo-1');
      served.emulator.faults.set('current_jwt', { status: 500, times: 1 });
      const fetches: FrameOptions['fetch'][] = [
        (url, init) => browser.fetch(url, init),
        () => Promise.reject(new TypeError('Failed to fetch')),
        () => Promise.resolve(new Response('<html>maintenance</html>', { status: 200 })),
        () => Promise.resolve(new Response('{"token": 42}', { status: 200 })),
      ];
      for (const fetch of fetches) {
        const page = frame(browser, { fetch });
        page.message({ source: page.parent, origin: ALLOWED, data: ask() });
        const [answer] = await page.answers(1);
        assert.deepEqual(answer!.data, { status: 'unavailable', type: 'bc-bridge-answer', version: 1, nonce: NONCE });
      }
      const page = frame(browser, {
        fetch: (url, init) => browser.fetch(url, { ...init, headers: { accept: 'application/json' } }),
      });
      page.message({ source: page.parent, origin: ALLOWED, data: ask() });
      const [answer] = await page.answers(1);
      assert.equal(parseBridgeAnswer(answer!.data)?.status, 'signed-in');
    });

    it('without storage access: answers guest with storageAccess false, shows the button, and answers again after the click', async () => {
      const browser = new Browser(served.url);
      let granted = false;
      const page = frame(browser, {
        hasStorageAccess: () => Promise.resolve(granted),
        requestStorageAccess: async () => {
          granted = true;
          await browser.signIn('vip@example.com', 'vip-demo-1'); // the cookies the frame can now see
        },
        // Without access the frame sees no session: current.jwt is the guest's 404.
        fetch: (url, init) =>
          granted ? browser.fetch(url, init) : Promise.resolve(new Response('{}', { status: 404 })),
      });
      page.message({ source: page.parent, origin: ALLOWED, data: ask() });
      const [first] = await page.answers(1);
      assert.deepEqual(first!.data, {
        status: 'guest',
        storageAccess: false,
        type: 'bc-bridge-answer',
        version: 1,
        nonce: NONCE,
      });
      assert.equal(page.elements.b.hidden, false, 'the button shows');
      page.elements.b.onclick!();
      const [, second] = await page.answers(2);
      assert.equal(second!.origin, ALLOWED);
      assert.equal(parseBridgeAnswer(second!.data)?.status, 'signed-in');
      assert.equal(page.elements.b.hidden, true, 'the button hides again');
    });

    it('storage access granted before (another frame, same site pair): takes it without a click and answers signed-in', async () => {
      const browser = new Browser(served.url);
      let granted = false;
      let requests = 0;
      const page = frame(browser, {
        storageAccessPermission: 'granted',
        hasStorageAccess: () => Promise.resolve(granted),
        requestStorageAccess: async () => {
          requests += 1;
          granted = true;
          await browser.signIn('vip@example.com', 'vip-demo-1');
        },
        fetch: (url, init) =>
          granted ? browser.fetch(url, init) : Promise.resolve(new Response('{}', { status: 404 })),
      });
      page.message({ source: page.parent, origin: ALLOWED, data: ask() });
      const [first] = await page.answers(1);
      assert.equal(parseBridgeAnswer(first!.data)?.status, 'signed-in');
      assert.equal(requests, 1);
      assert.equal(page.elements.b.hidden, true, 'no button');
    });

    it('permission not granted ("prompt"): never calls requestStorageAccess without the click', async () => {
      let requests = 0;
      const page = frame(new Browser(served.url), {
        storageAccessPermission: 'prompt',
        hasStorageAccess: () => Promise.resolve(false),
        requestStorageAccess: async () => void (requests += 1),
        fetch: () => Promise.resolve(new Response('{}', { status: 404 })),
      });
      page.message({ source: page.parent, origin: ALLOWED, data: ask() });
      const [first] = await page.answers(1);
      assert.deepEqual(
        [first!.data.status, first!.data.storageAccess, requests, page.elements.b.hidden],
        ['guest', false, 0, false],
      );
    });

    it('a refused storage access still answers the last ask (guest again)', async () => {
      const page = frame(new Browser(served.url), {
        hasStorageAccess: () => Promise.resolve(false),
        requestStorageAccess: () => Promise.reject(new DOMException('refused', 'NotAllowedError')),
      });
      page.message({ source: page.parent, origin: ALLOWED, data: ask() });
      await page.answers(1);
      page.elements.b.onclick!();
      const [, second] = await page.answers(2);
      assert.equal(second!.data.status, 'guest');
    });

    it('opened as a top-level page: shows its explanation and listens to nothing', () => {
      const page = frame(new Browser(served.url), { top: true });
      assert.equal(page.elements.t.hidden, false);
      assert.equal(page.listening, false);
    });
  });
});
