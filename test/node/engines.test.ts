// The engine launchers the browser and end-to-end suites share (test/support/engines.ts): the host-name proxy that
// gives WebKitGTK real host names on loopback, an Xvfb started and stopped on a free display, and each non-Chromium
// engine loading a page under a mapped host name (Chromium's `--host-resolver-rules` is exercised by the e2e suites).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  ENGINES,
  enginesFromEnv,
  launchFirefox,
  startHostProxy,
  startWebKitDriver,
  startXvfb,
} from '../support/engines.js';

let server: Server;
let port: number;
const seen: IncomingHttpHeaders[] = [];

before(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>served to ${req.headers.host}</title>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** One request through the proxy at `proxyUrl`: a plain proxied GET, or a CONNECT tunnel carrying a GET. */
function viaProxy(proxyUrl: string, host: string, mode: 'get' | 'connect'): Promise<{ status: number; body: string }> {
  const proxy = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    if (mode === 'get') {
      request(
        {
          host: proxy.hostname,
          port: proxy.port,
          path: `http://${host}:${port}/page`,
          headers: { host: `${host}:${port}` },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      )
        .on('error', reject)
        .end();
      return;
    }
    request({ host: proxy.hostname, port: proxy.port, method: 'CONNECT', path: `${host}:${port}` })
      .on('connect', (res, socket) => {
        if (res.statusCode !== 200) {
          socket.destroy();
          resolve({ status: res.statusCode ?? 0, body: '' });
          return;
        }
        let raw = '';
        socket.on('data', (chunk: Buffer) => (raw += chunk.toString()));
        socket.on('end', () =>
          resolve({ status: Number(/^HTTP\/1\.1 (\d+)/.exec(raw)?.[1] ?? 0), body: raw.split('\r\n\r\n')[1] ?? '' }),
        );
        socket.write(`GET /page HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: close\r\n\r\n`);
      })
      .on('error', reject)
      .end();
  });
}

describe('host proxy', () => {
  it('sends mapped names (exact or *.suffix) to loopback with their Host header, plain and tunnelled', async () => {
    const proxy = await startHostProxy(['*.example.test', 'www.other.test']);
    try {
      for (const host of ['www.example.test', 'shop.example.test', 'www.other.test', 'localhost']) {
        for (const mode of ['get', 'connect'] as const) {
          const answer = await viaProxy(proxy.url, host, mode);
          assert.deepEqual(
            answer,
            { status: 200, body: `<!doctype html><title>served to ${host}:${port}</title>` },
            `${mode} ${host}`,
          );
        }
      }
    } finally {
      await proxy.stop();
    }
  });

  it('refuses every other name', async () => {
    const proxy = await startHostProxy(['*.example.test']);
    try {
      for (const host of ['example.test.evil', 'other.test', 'example.com']) {
        assert.equal((await viaProxy(proxy.url, host, 'get')).status, 502, host);
        assert.equal((await viaProxy(proxy.url, host, 'connect')).status, 502, host);
      }
    } finally {
      await proxy.stop();
    }
  });
});

describe('BC_ENGINES', () => {
  it('names the engines of a multi-engine run (every engine when unset); an unknown name is refused', () => {
    assert.deepEqual(enginesFromEnv(undefined), [...ENGINES]);
    assert.deepEqual(enginesFromEnv('firefox, WebKit'), ['firefox', 'webkit']);
    assert.throws(
      () => enginesFromEnv('firefox,safari'),
      /BC_ENGINE must be one of chromium, firefox, webkit, not "safari"/,
    );
  });
});

describe('Xvfb', () => {
  it('starts on a free display of its own and goes away on stop', async () => {
    const first = await startXvfb({ reuse: false });
    const second = await startXvfb({ reuse: false });
    const socket = (x: { display: string }) => `/tmp/.X11-unix/X${x.display.slice(1)}`;
    try {
      assert.match(first.display, /^:\d+$/);
      assert.notEqual(first.display, second.display);
      assert.equal(existsSync(socket(first)), true);
    } finally {
      await first.stop();
      await second.stop();
    }
    assert.equal(existsSync(socket(first)), false);
  });
});

describe('engines under mapped host names', () => {
  it('WebKitGTK (MiniBrowser through WebKitWebDriver) loads a page from www.example.test', async () => {
    const driver = await startWebKitDriver();
    try {
      const session = await driver.newSession({ hosts: ['*.example.test'] });
      await session.navigate(`http://www.example.test:${port}/`);
      assert.equal(await session.execute('return document.title'), `served to www.example.test:${port}`);
      assert.match(await session.execute<string>('return navigator.userAgent'), /AppleWebKit\/605\.1\.15 .*Safari/);
    } finally {
      await driver.stop();
    }
    await assert.rejects(fetch(`${driver.url}/status`)); // the driver is gone
  });

  it('Firefox ESR (puppeteer-core over WebDriver BiDi) loads a page from shop.example.test', async () => {
    const browser = await launchFirefox({ hosts: ['shop.example.test'] });
    try {
      const page = await browser.newPage();
      await page.goto(`http://shop.example.test:${port}/`);
      assert.equal(await page.title(), `served to shop.example.test:${port}`);
      assert.match(await page.evaluate(() => navigator.userAgent), /Firefox\/\d+/);
    } finally {
      await browser.close();
    }
  });
});
