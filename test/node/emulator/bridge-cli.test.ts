// `bc-customer-elements bridge …`: real processes against the emulator over real HTTP: install (idempotent), print,
// check, uninstall, the framing verdict and its advice, and one plain line per failure with no secret in it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { framingSettingsFor, framingVerdicts } from '../../../src/bridge/framing.js';
import { bridgePageHtml } from '../../../src/bridge/page.js';
import { createStoreApi } from '../../../src/bridge/store-api.js';
import { installBridge } from '../../../src/commands/bridge.js';
import { apiFetch, type Served, servedForEachTest } from './support.js';

const CLI = fileURLToPath(new URL('../../../src/cli.ts', import.meta.url));
const ORIGIN = 'https://www.example.com';
let served: Served;

/** The backend's environment, pointed at the emulator. */
function env(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const { app } = served.emulator;
  const vars: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    BC_STORE_HASH: app.storeHash,
    BC_ACCESS_TOKEN: app.accessToken,
    BC_CLIENT_ID: app.clientId,
    BC_CLIENT_SECRET: app.clientSecret,
    BC_API_BASE_URL: served.url,
    BC_ALLOWED_ORIGINS: ORIGIN,
    ...extra,
  };
  return Object.fromEntries(Object.entries(vars).filter((e): e is [string, string] => e[1] !== undefined));
}

async function bridge(args: string[], extra: Record<string, string | undefined> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'bridge', ...args], {
    env: env(extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  return { code, stdout, stderr };
}

/** A failure: exit 1, one line on stderr, no stack, no secret. */
function failedPlainly(result: { code: number; stderr: string }, pattern: RegExp) {
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stderr, /^bc-customer-elements: [^\n]+\n$/);
  assert.match(result.stderr, pattern);
  for (const secret of [served.emulator.app.accessToken, served.emulator.app.clientSecret, 'wrong-token-123'])
    assert.ok(!result.stderr.includes(secret));
}

const pageOf = async (path = '/bc-bridge/') => {
  const response = await fetch(`${served.url}${path}`);
  return { status: response.status, body: await response.text() };
};

describe('bc-customer-elements bridge', () => {
  served = servedForEachTest();

  it('--help lists the subcommands and variables', async () => {
    for (const args of [['--help'], ['install', '--help'], []]) {
      const { code, stdout } = await bridge(args);
      assert.equal(code, 0);
      assert.match(stdout, /^Usage: bc-customer-elements bridge <install \| print \| uninstall \| check>/);
      assert.match(stdout, /BC_ALLOWED_ORIGINS/);
    }
  });

  it('print writes the page to stdout, needing no API access', async () => {
    const { code, stdout } = await bridge(['print'], {
      BC_ACCESS_TOKEN: undefined,
      BC_STORE_HASH: undefined,
      BC_ALLOWED_ORIGINS: `${ORIGIN}, http://localhost:3000`,
    });
    assert.equal(code, 0);
    assert.equal(
      stdout,
      bridgePageHtml({ appClientId: served.emulator.app.clientId, allowedOrigins: [ORIGIN, 'http://localhost:3000'] }),
    );
  });

  it('install creates the page, then finds it up to date, then updates it when the origins change', async () => {
    const first = await bridge(['install']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(
      first.stdout,
      /^bridge: created page 1 at \/bc-bridge\/ \(channel 1\)\nbridge: answers https:\/\/www\.example\.com\n/,
    );
    const expected = bridgePageHtml({ appClientId: served.emulator.app.clientId, allowedOrigins: [ORIGIN] });
    assert.deepEqual(await pageOf(), { status: 200, body: expected });
    const listed = (await (await apiFetch(served, '/v3/content/pages')).json()) as { data: Record<string, unknown>[] };
    assert.deepEqual(
      listed.data.map((p) => [p.type, p.is_visible, p.is_customers_only]),
      [['raw', false, false]],
    );

    const again = await bridge(['install']);
    assert.match(again.stdout, /^bridge: page 1 at \/bc-bridge\/ is already up to date\n/);
    const changed = await bridge(['install'], { BC_ALLOWED_ORIGINS: `${ORIGIN},https://blog.example.com` });
    assert.match(changed.stdout, /^bridge: updated page 1 at \/bc-bridge\/\n/);
    assert.match((await pageOf()).body, /var O=\["https:\/\/www\.example\.com","https:\/\/blog\.example\.com"\]/);
    assert.equal(
      ((await (await apiFetch(served, '/v3/content/pages')).json()) as { data: unknown[] }).data.length,
      1,
      'still one page',
    );
  });

  it('install says framing is not allowed by the default setting, and exactly what to change', async () => {
    const { stdout } = await bridge(['install']);
    assert.match(stdout, /framing: X-Frame-Options "same_origin"\n/);
    assert.match(stdout, / {2}https:\/\/www\.example\.com: may NOT frame the bridge: X-Frame-Options is "same_origin"/);
    assert.match(stdout, /To allow it:\n {2}Set X-Frame-Options to "Allow from URL" with https:\/\/www\.example\.com/);
    assert.match(
      stdout,
      /"x_frame_options_header": \{"enabled": true, "setting": "allow_from_url", "allowed_url": "https:\/\/www\.example\.com"\}/,
    );
    const two = await bridge(['install'], { BC_ALLOWED_ORIGINS: `${ORIGIN},https://blog.example.com` });
    assert.match(two.stdout, /X-Frame-Options allows one URL only, and 2 origins need to frame the bridge/);
    assert.match(two.stdout, /frame-ancestors 'self' https:\/\/www\.example\.com https:\/\/blog\.example\.com/);
  });

  it('check: exit 1 while the page is missing or framing is refused; exit 0 once both are right', async () => {
    const missing = await bridge(['check']);
    assert.equal(missing.code, 1);
    assert.match(missing.stdout, /^bridge: MISSING: no page at \/bc-bridge\/ \(run bridge install\)\n/);
    await bridge(['install']);
    const refused = await bridge(['check'], { BC_STOREFRONT_URL: served.url });
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /bridge: page 1 at \/bc-bridge\/ is current/);
    assert.match(
      refused.stdout,
      /storefront: GET http:\/\/127\.0\.0\.1:\d+\/bc-bridge\/ answered 200; x-frame-options: SAMEORIGIN; content-security-policy: frame-ancestors 'self'\n/,
    );

    const put = await apiFetch(served, '/v3/settings/storefront/security', {
      method: 'PUT',
      body: {
        csp_header: { enabled: false, header_value: '' },
        hsts: { enabled: false },
        sitewide_https_enabled: true,
        x_frame_options_header: { enabled: true, setting: 'allow_from_url', allowed_url: ORIGIN },
      },
    });
    assert.equal(put.status, 200);
    const ok = await bridge(['check'], { BC_STOREFRONT_URL: served.url });
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /content-security-policy: frame-ancestors https:\/\/www\.example\.com/);
    assert.match(ok.stdout, / {2}https:\/\/www\.example\.com: may frame the bridge\n/);
    assert.doesNotMatch(ok.stdout, /To allow it/);

    const outdated = await bridge(['check'], { BC_ALLOWED_ORIGINS: 'https://other.example.com' });
    assert.equal(outdated.code, 1);
    assert.match(outdated.stdout, /OUTDATED: page 1 at \/bc-bridge\/ differs from this configuration/);
  });

  it('a CSP header with frame-ancestors is judged too', async () => {
    await bridge(['install']);
    await apiFetch(served, '/v3/settings/storefront/security', {
      method: 'PUT',
      body: {
        csp_header: { enabled: true, header_value: "default-src 'self'; frame-ancestors 'self' https://*.example.org" },
        hsts: { enabled: false },
        sitewide_https_enabled: true,
        x_frame_options_header: { enabled: false },
      },
    });
    const { code, stdout } = await bridge(['check']);
    assert.equal(code, 1);
    assert.match(
      stdout,
      /may NOT frame the bridge: the storefront’s CSP header has a frame-ancestors directive that does not list it/,
    );
    assert.match(stdout, /Add https:\/\/www\.example\.com to the frame-ancestors directive/);
    const listed = await bridge(['check'], { BC_ALLOWED_ORIGINS: 'https://shop.example.org' });
    assert.match(listed.stdout, /https:\/\/shop\.example\.org: may frame the bridge/);
  });

  it('the framing that install advises, written through the Settings API, lets exactly those origins frame the bridge', async () => {
    const { app } = served.emulator;
    const api = createStoreApi({ apiBaseUrl: served.url, storeHash: app.storeHash, accessToken: app.accessToken });
    const blog = 'https://blog.example.com';
    const allow = async (origins: string[]) => {
      await api.updateFramingSettings(
        app.channelId,
        framingSettingsFor(await api.framingSettings(app.channelId), origins),
      );
      return api.framingSettings(app.channelId);
    };
    const one = await allow([ORIGIN]);
    assert.deepEqual(one.x_frame_options_header, { enabled: true, setting: 'allow_from_url', allowed_url: ORIGIN });
    assert.deepEqual(
      framingVerdicts(one, [ORIGIN, blog]).map((v) => v.allowed),
      [true, false],
    );

    // Several origins, and a CSP of the merchant's own: X-Frame-Options off, frame-ancestors added, the rest kept.
    const hsts = { enabled: true, include_preload: false, include_subdomains: true, max_age: 'one_year' };
    await apiFetch(served, '/v3/settings/storefront/security', {
      method: 'PUT',
      body: {
        csp_header: { enabled: true, header_value: "default-src 'self'" },
        hsts,
        sitewide_https_enabled: true,
        x_frame_options_header: { enabled: true, setting: 'same_origin' },
      },
    });
    const two = await allow([ORIGIN, blog]);
    assert.deepEqual(two, {
      x_frame_options_header: { enabled: false, setting: 'same_origin', allowed_url: '' },
      csp_header: { enabled: true, header_value: `default-src 'self'; frame-ancestors 'self' ${ORIGIN} ${blog}` },
    });
    const all = (await (await apiFetch(served, '/v3/settings/storefront/security')).json()) as {
      data: { hsts: unknown };
    };
    assert.deepEqual(all.data.hsts, hsts, 'the other settings are sent back as they were');
    const said: string[] = [];
    const origins = [ORIGIN, blog];
    const framed = await installBridge(
      { api, appClientId: app.clientId, origins, channelId: app.channelId, path: '/bc-bridge/' },
      (line = '') => said.push(line),
    );
    assert.equal(framed, true, said.join('\n'));
    const page = await fetch(`${served.url}/bc-bridge/`);
    assert.equal(
      page.headers.get('content-security-policy'),
      `default-src 'self'; frame-ancestors 'self' ${ORIGIN} ${blog}`,
    );
    assert.equal(page.headers.get('x-frame-options'), null);
  });

  it('uninstall deletes the page, and is idempotent', async () => {
    await bridge(['install'], { BC_BRIDGE_PATH: '/other-bridge/' });
    assert.equal((await pageOf('/other-bridge/')).status, 200);
    const removed = await bridge(['uninstall'], {
      BC_BRIDGE_PATH: '/other-bridge/',
      BC_ALLOWED_ORIGINS: undefined,
      BC_CLIENT_ID: undefined,
    });
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(removed.stdout, 'bridge: deleted page 1 at /other-bridge/\n');
    assert.equal((await pageOf('/other-bridge/')).status, 404);
    const again = await bridge(['uninstall'], { BC_BRIDGE_PATH: '/other-bridge/' });
    assert.equal(again.code, 0);
    assert.equal(again.stdout, 'bridge: no page at /other-bridge/; nothing to delete\n');
  });

  it('finds its page among many (every page of the list is read)', async () => {
    const others = Array.from({ length: 260 }, (_, i) => ({ type: 'raw', name: `Other ${i}`, body: '' }));
    assert.equal((await apiFetch(served, '/v3/content/pages', { body: others })).status, 201);
    await bridge(['install']);
    const again = await bridge(['install']);
    assert.match(again.stdout, /^bridge: page 261 at \/bc-bridge\/ is already up to date/);
  });

  it('configuration mistakes and API failures: one plain line each, exit 1, no secret', async () => {
    failedPlainly(await bridge(['install'], { BC_ALLOWED_ORIGINS: undefined }), /BC_ALLOWED_ORIGINS is not set/);
    failedPlainly(
      await bridge(['install'], { BC_ALLOWED_ORIGINS: ' , ' }),
      /BC_ALLOWED_ORIGINS is empty: the bridge would answer nobody/,
    );
    failedPlainly(
      await bridge(['print'], { BC_ALLOWED_ORIGINS: 'https://www.example.com/' }),
      /"https:\/\/www\.example\.com\/" is not an exact origin/,
    );
    failedPlainly(
      await bridge(['install'], { BC_BRIDGE_PATH: 'https://evil.example/' }),
      /BC_BRIDGE_PATH must be a storefront path/,
    );
    failedPlainly(await bridge(['install'], { BC_CHANNEL_ID: 'one' }), /BC_CHANNEL_ID must be a positive whole number/);
    failedPlainly(
      await bridge(['install'], { BC_ACCESS_TOKEN: 'wrong-token-123' }),
      /GET \/v3\/content\/pages answered 401: the access token was refused/,
    );
    failedPlainly(
      await bridge(['install'], { BC_ACCESS_TOKEN: 'emulatorreadonlytoken0000000002' }),
      /answered 403: the access token lacks the scope Content: modify \(store_v2_content\)/,
    );
    failedPlainly(await bridge(['install'], { BC_STORE_HASH: 'nosuchstore' }), /answered 404: .*check BC_STORE_HASH/);
    failedPlainly(
      await bridge(['install'], { BC_CHANNEL_ID: '2' }),
      /POST \/v3\/content\/pages answered 422: BigCommerce refused the request: channel_id channel 2 does not exist/,
    );
    failedPlainly(
      await bridge(['install'], { BC_API_BASE_URL: 'http://127.0.0.1:9' }),
      /cannot reach the Management API at http:\/\/127\.0\.0\.1:9/,
    );
    failedPlainly(await bridge(['frobnicate']), /unknown bridge command "frobnicate"/);
    served.emulator.faults.set('pages', { status: 429, resetMs: 4000 });
    failedPlainly(await bridge(['uninstall']), /answered 429: the store's API rate limit is used up; try again in 4 s/);
  });
});
