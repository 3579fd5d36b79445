// Storefront security settings on the emulator: the default, GET/PUT (global and per channel) and the framing and
// CSP headers they put on every storefront HTML page.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiFetch, type Served, servedForEachTest } from './support.js';

let served: Served;
const PATH = '/v3/settings/storefront/security';

const settings = (
  frame: Record<string, unknown>,
  csp: Record<string, unknown> = { enabled: false, header_value: '' },
) => ({
  csp_header: csp,
  hsts: { enabled: false, include_preload: false, include_subdomains: false, max_age: 'zero_seconds' },
  sitewide_https_enabled: true,
  x_frame_options_header: { allowed_url: '', ...frame },
});

async function headersOf(path = '/login.php') {
  const response = await fetch(`${served.url}${path}`, { redirect: 'manual' });
  await response.arrayBuffer();
  return { xfo: response.headers.get('x-frame-options'), csp: response.headers.get('content-security-policy') };
}

describe('emulator storefront security settings', () => {
  served = servedForEachTest();

  it('defaults to framing by the storefront only, on every storefront page', async () => {
    const response = await apiFetch(served, PATH);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { data: settings({ enabled: true, setting: 'same_origin' }), meta: {} });
    for (const path of ['/login.php', '/cart.php', '/checkout', '/no-such-page'])
      assert.deepEqual(await headersOf(path), { xfo: 'SAMEORIGIN', csp: "frame-ancestors 'self'" }, path);
    const jwt = await fetch(`${served.url}/customer/current.jwt?app_client_id=${served.emulator.app.clientId}`);
    assert.equal(jwt.headers.get('x-frame-options'), null, 'not on current.jwt (not a page)');
  });

  it('maps each framing setting to its headers; allow_from_url through CSP frame-ancestors', async () => {
    const cases: [Record<string, unknown>, { xfo: string | null; csp: string | null }][] = [
      [
        { enabled: true, setting: 'deny' },
        { xfo: 'DENY', csp: "frame-ancestors 'none'" },
      ],
      [
        { enabled: true, setting: 'same_origin' },
        { xfo: 'SAMEORIGIN', csp: "frame-ancestors 'self'" },
      ],
      [
        { enabled: true, setting: 'allow_from_url', allowed_url: 'https://www.example.com/landing' },
        { xfo: 'ALLOW-FROM https://www.example.com', csp: 'frame-ancestors https://www.example.com' },
      ],
      [
        { enabled: false, setting: 'deny' },
        { xfo: null, csp: null },
      ],
    ];
    for (const [frame, expected] of cases) {
      const put = await apiFetch(served, PATH, { method: 'PUT', body: settings(frame) });
      assert.equal(put.status, 200);
      assert.deepEqual(((await put.json()) as { data: unknown }).data, settings(frame));
      assert.deepEqual(await headersOf(), expected, JSON.stringify(frame));
    }
  });

  it('sends an enabled csp_header as a policy of its own, beside the framing one', async () => {
    await apiFetch(served, PATH, {
      method: 'PUT',
      body: settings({ enabled: true, setting: 'same_origin' }, { enabled: true, header_value: "default-src 'self'" }),
    });
    assert.deepEqual(await headersOf(), { xfo: 'SAMEORIGIN', csp: "frame-ancestors 'self', default-src 'self'" });
  });

  it('refuses partial and bad settings with 422', async () => {
    const full = settings({ enabled: true, setting: 'same_origin' });
    const bad: unknown[] = [
      { x_frame_options_header: { enabled: false } },
      { ...full, x_frame_options_header: { enabled: true, setting: 'allow_from_url' } },
      {
        ...full,
        x_frame_options_header: { enabled: true, setting: 'allow_from_url', allowed_url: 'javascript:alert(1)' },
      },
      { ...full, x_frame_options_header: { enabled: true, setting: 'sometimes' } },
      { ...full, x_frame_options_header: { setting: 'deny' } },
      { ...full, csp_header: { enabled: true, header_value: "default-src 'self'\r\nSet-Cookie: x=1" } },
      { ...full, csp_header: { enabled: true, header_value: '' } },
      { ...full, hsts: { enabled: true, max_age: 'forever' } },
      { ...full, sitewide_https_enabled: 'yes' },
      { ...full, x_frame_options_header: null },
    ];
    for (const body of bad)
      assert.equal((await apiFetch(served, PATH, { method: 'PUT', body })).status, 422, JSON.stringify(body));
    assert.deepEqual(await headersOf(), { xfo: 'SAMEORIGIN', csp: "frame-ancestors 'self'" }, 'unchanged');
  });

  it('per channel: null inherits the global value; an override governs the storefront', async () => {
    const empty = { csp_header: null, hsts: null, sitewide_https_enabled: null, x_frame_options_header: null };
    assert.deepEqual(
      ((await (await apiFetch(served, `${PATH}?channel_id=1`)).json()) as { data: unknown }).data,
      empty,
    );
    const frame = { enabled: false, setting: 'same_origin', allowed_url: '' };
    const put = await apiFetch(served, `${PATH}?channel_id=1`, {
      method: 'PUT',
      body: { ...empty, x_frame_options_header: frame },
    });
    assert.equal(put.status, 200);
    assert.deepEqual(((await put.json()) as { data: unknown }).data, { ...empty, x_frame_options_header: frame });
    assert.deepEqual(await headersOf(), { xfo: null, csp: null });
    assert.equal(
      ((await (await apiFetch(served, PATH)).json()) as { data: { x_frame_options_header: { enabled: boolean } } }).data
        .x_frame_options_header.enabled,
      true,
      'global unchanged',
    );
    await apiFetch(served, `${PATH}?channel_id=1`, { method: 'PUT', body: empty });
    assert.deepEqual(await headersOf(), { xfo: 'SAMEORIGIN', csp: "frame-ancestors 'self'" });
    assert.equal((await apiFetch(served, `${PATH}?channel_id=7`)).status, 422);
    assert.equal((await apiFetch(served, `${PATH}?channel_id=x`)).status, 422);
  });

  it('needs the Information & Settings scope', async () => {
    assert.equal((await apiFetch(served, PATH, { token: 'emulatorreadonlytoken0000000002' })).status, 403);
    assert.equal((await apiFetch(served, PATH, { token: null })).status, 401);
  });

  it('reset() restores the default', async () => {
    await apiFetch(served, PATH, { method: 'PUT', body: settings({ enabled: true, setting: 'deny' }) });
    served.emulator.reset();
    assert.deepEqual(await headersOf(), { xfo: 'SAMEORIGIN', csp: "frame-ancestors 'self'" });
  });
});
