// Pages V3 on the emulator: create, list, read, update and delete over real HTTP, and raw pages served as is on the
// storefront (under any host name the emulator is reached by), with the storefront's framing headers.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { describe, it } from 'node:test';
import { apiFetch, Browser, type Served, servedForEachTest } from './support.js';

let served: Served;

const RAW = {
  type: 'raw',
  name: 'Storefront bridge',
  url: '/bc-bridge/',
  body: '<!DOCTYPE html><p>bridge</p>',
  is_visible: false,
};

async function create(body: unknown, query = '') {
  const response = await apiFetch(served, `/v3/content/pages${query}`, { body });
  return {
    status: response.status,
    json: (await response.json()) as { data: Record<string, unknown> & { id: number }; [k: string]: unknown },
  };
}

/** GET with a Host header of our choosing (what a browser sends when it maps a name to 127.0.0.1). */
function getAs(
  host: string,
  path: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const { port } = new URL(served.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('emulator Pages API and raw pages', () => {
  served = servedForEachTest();

  it('creates a raw page (201, no body unless include=body) and serves it as is at its url', async () => {
    const { status, json } = await create(RAW);
    assert.equal(status, 201);
    assert.deepEqual(json, {
      data: {
        id: 1,
        channel_id: 1,
        name: 'Storefront bridge',
        is_visible: false,
        parent_id: 0,
        sort_order: 0,
        type: 'raw',
        is_homepage: false,
        is_customers_only: false,
        url: '/bc-bridge/',
        search_keywords: '',
        content_type: 'text/html',
      },
      meta: {},
    });
    const page = await fetch(`${served.url}/bc-bridge/`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(await page.text(), RAW.body);
    assert.equal((await fetch(`${served.url}/bc-bridge`)).status, 404, 'the exact url only');
    assert.equal(served.emulator.owns(new URL('/bc-bridge/', served.url)), true);
    assert.equal(served.emulator.owns(new URL('/elsewhere/', served.url)), false);
  });

  it('serves a raw page under whatever host name reaches the emulator (shop.example.test mapped to 127.0.0.1)', async () => {
    await create(RAW);
    const { port } = new URL(served.url);
    const page = await getAs(`shop.example.test:${port}`, '/bc-bridge/');
    assert.equal(page.status, 200);
    assert.equal(page.body, RAW.body);
    assert.equal(page.headers['x-frame-options'], 'SAMEORIGIN');
  });

  it('bulk: creates an array (answered as an array), lists with filters and pagination, include=body', async () => {
    const many = ['A', 'B', 'C'].map((n) => ({ type: 'raw', name: `Page ${n}`, body: `<p>${n} body</p>` }));
    const { status, json } = await create(many, '?include=body');
    assert.equal(status, 201);
    const data = json.data as unknown as { id: number; url: string; body: string }[];
    assert.deepEqual(
      data.map((p) => [p.id, p.url, p.body]),
      [
        [1, '/page-a/', '<p>A body</p>'],
        [2, '/page-b/', '<p>B body</p>'],
        [3, '/page-c/', '<p>C body</p>'],
      ],
    );
    const list = async (query: string) =>
      (await (await apiFetch(served, `/v3/content/pages${query}`)).json()) as {
        data: { id: number; body?: string }[];
        meta: { pagination: Record<string, unknown> };
      };
    const first = await list('?limit=2');
    assert.deepEqual(
      first.data.map((p) => p.id),
      [1, 2],
    );
    assert.equal(first.data[0]!.body, undefined);
    assert.deepEqual(first.meta.pagination, {
      total: 3,
      count: 2,
      per_page: 2,
      current_page: 1,
      total_pages: 2,
      links: { current: '?page=1&limit=2', next: '?page=2&limit=2' },
    });
    assert.deepEqual(
      (await list('?limit=2&page=2')).data.map((p) => p.id),
      [3],
    );
    assert.deepEqual(
      (await list('?id:in=1,3')).data.map((p) => p.id),
      [1, 3],
    );
    assert.deepEqual(
      (await list('?name=Page%20B')).data.map((p) => p.id),
      [2],
    );
    assert.deepEqual(
      (await list('?name:like=C%20body&include=body')).data.map((p) => [p.id, p.body]),
      [[3, '<p>C body</p>']],
    );
    assert.deepEqual((await list('?channel_id=2')).data, []);
  });

  it('refuses bad bodies with 422 (the valid entries of a bulk create are still created, as documented)', async () => {
    await create(RAW);
    const bad: [unknown, RegExp][] = [
      [{ type: 'raw', name: 'No body' }, /missing the required field: body/],
      [{ name: 'No type', body: '' }, /missing the required field: type/],
      [{ type: 'raw', body: '' }, /missing the required field: name/],
      [{ type: 'page', name: 'x'.repeat(101) }, /name must be 1 to 100 characters/],
      [{ type: 'weird', name: 'Weird' }, /type must be one of/],
      [{ type: 'blog', name: 'Blog' }, /blog pages can only be created in the control panel/],
      [{ type: 'link', name: 'Link', link: 'not a url' }, /missing the required field: link/],
      [{ type: 'raw', name: 'Elsewhere', body: '', channel_id: 2 }, /channel 2 does not exist/],
      [{ type: 'raw', name: 'Absolute', body: '', url: 'https://evil.example/x' }, /url must be a relative path/],
      [{ type: 'raw', name: 'Sneaky', body: '', url: '//evil.example/' }, /url must be a relative path/],
      [{ type: 'raw', name: 'Same url', body: '', url: '/bc-bridge/' }, /url is already used/],
      [{ type: 'raw', name: 'Storefront bridge', body: '', url: '/other/' }, /name is already used/],
      [
        { type: 'raw', name: 'Header', body: '', content_type: 'text/html\r\nx-evil: 1' },
        /content_type must be a MIME type/,
      ],
      [{ type: 'raw', name: 'Visible', body: '', is_visible: 'no' }, /is_visible must be a boolean/],
      [[], /empty array/],
      ['text', /a page or an array of pages/],
    ];
    for (const [body, detail] of bad) {
      const { status, json } = await create(body);
      assert.equal(status, 422, JSON.stringify(body));
      assert.match(String(json.detail), detail, JSON.stringify(body));
      assert.equal(json.title, 'Input is invalid');
    }
    const mixed = await create([
      { type: 'raw', name: 'Good', body: '' },
      { type: 'raw', name: 'Bad' },
    ]);
    assert.equal(mixed.status, 422);
    const names = (
      (await (await apiFetch(served, '/v3/content/pages')).json()) as { data: { name: string }[] }
    ).data.map((p) => p.name);
    assert.deepEqual(names, ['Storefront bridge', 'Good']);
  });

  it('answers 400 for an unsupported query parameter (e.g. url) and 422 for a badly typed one', async () => {
    const unsupported = await apiFetch(served, '/v3/content/pages?url=/bc-bridge/');
    assert.equal(unsupported.status, 400);
    for (const query of [
      'limit=abc',
      'limit=0',
      'limit=251',
      'page=0',
      'id:in=1,x',
      'channel_id=one',
      'include=everything',
    ]) {
      const response = await apiFetch(served, `/v3/content/pages?${query}`);
      assert.equal(response.status, 422, query);
      assert.ok(Array.isArray(((await response.json()) as { errors: unknown }).errors), `${query}: itemized errors`);
    }
  });

  it('reads, updates (single and bulk) and deletes; unknown ids are 404, non-integer ids 422', async () => {
    const { json } = await create(RAW);
    const id = json.data.id;
    const read = (await (await apiFetch(served, `/v3/content/pages/${id}?include=body`)).json()) as {
      data: { body: string };
    };
    assert.equal(read.data.body, RAW.body);
    const put = await apiFetch(served, `/v3/content/pages/${id}`, { method: 'PUT', body: { body: '<p>v2</p>' } });
    assert.equal(put.status, 200);
    assert.equal(await (await fetch(`${served.url}/bc-bridge/`)).text(), '<p>v2</p>');
    const bulk = await apiFetch(served, '/v3/content/pages?include=body', {
      method: 'PUT',
      body: [{ id, body: '<p>v3</p>', url: '/bridge-2/' }],
    });
    assert.equal(bulk.status, 200);
    assert.deepEqual(
      ((await bulk.json()) as { data: { url: string; body: string }[] }).data.map((p) => [p.url, p.body]),
      [['/bridge-2/', '<p>v3</p>']],
    );
    assert.equal((await fetch(`${served.url}/bc-bridge/`)).status, 404);
    assert.equal((await fetch(`${served.url}/bridge-2/`)).status, 200);

    const missing = await apiFetch(served, '/v3/content/pages/99');
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { title: string }).title, 'A Page was not found with an ID of 99');
    assert.equal((await apiFetch(served, '/v3/content/pages/bar')).status, 422);
    assert.equal((await apiFetch(served, '/v3/content/pages/99', { method: 'PUT', body: { name: 'x' } })).status, 404);
    assert.equal(
      (await apiFetch(served, `/v3/content/pages/${id}`, { method: 'PUT', body: { type: 'link' } })).status,
      422,
    );
    assert.equal(
      (await apiFetch(served, '/v3/content/pages', { method: 'PUT', body: [{ name: 'no id' }] })).status,
      422,
    );

    assert.equal((await apiFetch(served, '/v3/content/pages', { method: 'DELETE' })).status, 422, 'id:in is required');
    assert.equal((await apiFetch(served, `/v3/content/pages?id:in=${id},98`, { method: 'DELETE' })).status, 404);
    assert.equal((await fetch(`${served.url}/bridge-2/`)).status, 404, 'the existing page was deleted anyway');
    assert.equal((await apiFetch(served, `/v3/content/pages/${id}`, { method: 'DELETE' })).status, 404);
  });

  it('deleting a parent hides its children at the top level, or deletes them with delete_children=true', async () => {
    const parent = (await create({ type: 'page', name: 'Parent' })).json.data.id;
    const child = (await create({ type: 'page', name: 'Child', parent_id: parent, is_visible: true })).json.data.id;
    assert.equal((await apiFetch(served, `/v3/content/pages/${parent}`, { method: 'DELETE' })).status, 204);
    const orphan = (
      (await (await apiFetch(served, `/v3/content/pages/${child}`)).json()) as { data: Record<string, unknown> }
    ).data;
    assert.deepEqual([orphan.parent_id, orphan.is_visible], [0, false]);
    const again = (await create({ type: 'page', name: 'Parent 2' })).json.data.id;
    await apiFetch(served, `/v3/content/pages/${child}`, { method: 'PUT', body: { parent_id: again } });
    assert.equal(
      (await apiFetch(served, `/v3/content/pages?id:in=${again}&delete_children=true`, { method: 'DELETE' })).status,
      204,
    );
    assert.equal((await apiFetch(served, `/v3/content/pages/${child}`)).status, 404);
  });

  it('a customers-only raw page sends guests to sign in; a non-HTML content type is served as given', async () => {
    await create({ ...RAW, is_customers_only: true });
    const browser = new Browser(served.url);
    const guest = await browser.fetch('/bc-bridge/');
    assert.deepEqual([guest.status, guest.headers.get('location')], [302, '/login.php']);
    await browser.signIn('vip@example.com', 'vip-demo-1');
    assert.equal((await browser.fetch('/bc-bridge/')).status, 200);
    await create({ type: 'raw', name: 'Feed', url: '/feed.json', body: '{"a":1}', content_type: 'application/json' });
    const feed = await fetch(`${served.url}/feed.json`);
    assert.equal(feed.headers.get('content-type'), 'application/json');
    assert.equal(feed.headers.get('x-frame-options'), null, 'framing headers are for HTML pages');
  });

  it('needs the Content scope: read-only and other tokens get 403, no token 401', async () => {
    const readOnly = 'emulatorreadonlytoken0000000002';
    assert.equal((await apiFetch(served, '/v3/content/pages', { token: readOnly })).status, 403);
    assert.equal((await apiFetch(served, '/v3/content/pages', { token: null })).status, 401);
    assert.equal((await apiFetch(served, '/v3/content/pages', { body: RAW, token: readOnly })).status, 403);
    assert.equal(served.emulator.calls.count('pages'), 3);
  });

  it('reset() forgets the pages', async () => {
    await create(RAW);
    served.emulator.reset();
    assert.equal((await fetch(`${served.url}/bc-bridge/`)).status, 404);
    assert.equal((await create(RAW)).json.data.id, 1);
  });
});
