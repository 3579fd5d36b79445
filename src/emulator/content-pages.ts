/**
 * Pages V3 (pages.v3.yml): `GET/POST/PUT/DELETE /v3/content/pages` (bulk) and `GET/PUT/DELETE
 * /v3/content/pages/{id}`, and the storefront side: a `raw` page's body served as is at its `url`. Bodies are
 * answered only with `?include=body`, as on a real store.
 */
import type { EmulatorContext } from './context.js';
import { ERROR_TYPE, html, isObject, json, readJsonValue, redirect, relativePath, v3Error } from './http.js';

const TYPES = ['page', 'raw', 'contact_form', 'link', 'blog'] as const;
type PageType = (typeof TYPES)[number];

/** A page as the store keeps it. */
export interface StoredPage {
  id: number;
  channel_id: number;
  name: string;
  type: PageType;
  url: string;
  is_visible: boolean;
  parent_id: number;
  sort_order: number;
  is_homepage: boolean;
  is_customers_only: boolean;
  search_keywords: string | null;
  meta_title: string | null;
  meta_keywords: string | null;
  meta_description: string | null;
  body: string | null;
  content_type: string;
  link: string;
  email: string;
  contact_fields: string;
}

/** Page state: the pages by id and the next id to give. */
export interface PageStore {
  byId: Map<number, StoredPage>;
  nextId: number;
}

export const createPageStore = (): PageStore => ({ byId: new Map(), nextId: 1 });

/** Default and largest `limit` of a list [inferred: BigCommerce's usual 50 and 250]. */
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 250;
const LIST_PARAMS = ['channel_id', 'id:in', 'name', 'name:like', 'limit', 'page', 'include'];

/** ResponseErrorDetailed: what the spec's examples answer for a bad body. */
const invalid = (detail: string, errors: Record<string, string> = {}) =>
  v3Error(422, errors, 'Input is invalid', { detail });
/** ResponseErrorItemized: a path or query value of the wrong type. */
const badValue = (value: string) =>
  json({ status: 422, title: 'Invalid Input.', type: ERROR_TYPE, errors: [value] }, 422);
const notFound = (id: number | string) => v3Error(404, {}, `A Page was not found with an ID of ${id}`);

/** A page as the API answers it: the fields of its type, the body only when asked for. */
function pageJson(page: StoredPage, withBody: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: page.id,
    channel_id: page.channel_id,
    name: page.name,
    is_visible: page.is_visible,
    parent_id: page.parent_id,
    sort_order: page.sort_order,
    type: page.type,
    is_homepage: page.is_homepage,
    is_customers_only: page.is_customers_only,
  };
  if (page.type === 'link') return { ...out, link: page.link };
  out.url = page.url;
  out.search_keywords = page.search_keywords;
  if (page.type === 'raw') out.content_type = page.content_type;
  else {
    out.meta_title = page.meta_title;
    out.meta_keywords = page.meta_keywords;
    out.meta_description = page.meta_description;
  }
  if (page.type === 'contact_form') Object.assign(out, { email: page.email, contact_fields: page.contact_fields });
  if (withBody) out.body = page.body;
  return out;
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'page';

/** A storefront path for a page: one relative path, no query or fragment. */
const isPagePath = (value: unknown): value is string =>
  typeof value === 'string' && relativePath(value) === value && !/[?#]/.test(value);

type Checked = { ok: true; page: StoredPage } | { ok: false; response: Response };

/**
 * Applies one create or update entry to `base` (a new page's defaults, or the stored page) and checks the result:
 * required fields of its type, field types, the store's channel, unique names and URLs.
 */
function apply(ctx: EmulatorContext, base: StoredPage, input: Record<string, unknown>, creating: boolean): Checked {
  const fail = (field: string, reason: string, detail = `${field} ${reason}`) =>
    ({ ok: false, response: invalid(detail, { [field]: reason }) }) as const;
  const page = { ...base };
  const strings = ['name', 'url', 'content_type', 'link', 'email', 'contact_fields'] as const;
  const nullableStrings = ['search_keywords', 'meta_title', 'meta_keywords', 'meta_description', 'body'] as const;
  const booleans = ['is_visible', 'is_homepage', 'is_customers_only'] as const;
  const integers = ['channel_id', 'parent_id', 'sort_order'] as const;
  for (const key of strings)
    if (input[key] !== undefined && typeof input[key] !== 'string') return fail(key, 'must be a string');
  for (const key of nullableStrings)
    if (input[key] !== undefined && input[key] !== null && typeof input[key] !== 'string')
      return fail(key, 'must be a string or null');
  for (const key of booleans)
    if (input[key] !== undefined && typeof input[key] !== 'boolean') return fail(key, 'must be a boolean');
  for (const key of integers)
    if (input[key] !== undefined && !(Number.isSafeInteger(input[key]) && (input[key] as number) >= 0))
      return fail(key, 'must be a non-negative integer');
  if (input.type !== undefined && !TYPES.includes(input.type as PageType))
    return fail('type', `must be one of ${TYPES.join(', ')}`);
  Object.assign(
    page,
    Object.fromEntries(
      [...strings, ...nullableStrings, ...booleans, ...integers, 'type']
        .filter((k) => input[k] !== undefined)
        .map((k) => [k, input[k]]),
    ),
  );

  if (creating && input.name === undefined) return fail('name', 'is required', 'missing the required field: name');
  if (creating && input.type === undefined) return fail('type', 'is required', 'missing the required field: type');
  if (page.name.length < 1 || page.name.length > 100) return fail('name', 'must be 1 to 100 characters');
  if (page.type === 'blog' && base.type !== 'blog')
    return fail('type', 'blog pages can only be created in the control panel');
  if (page.type === 'raw' && typeof page.body !== 'string')
    return fail('body', 'is required for raw pages', 'missing the required field: body');
  if (page.type === 'link' && !URL.canParse(page.link))
    return fail('link', 'must be an absolute URL', 'missing the required field: link');
  if (!/^[\w.+-]+\/[\w.+-]+(;[\x20-\x7e]*)?$/.test(page.content_type))
    return fail('content_type', 'must be a MIME type such as text/html');
  if (page.email.length > 255) return fail('email', 'must be at most 255 characters');
  if (page.channel_id !== ctx.catalog.seed.store.channel_id)
    return fail('channel_id', `channel ${page.channel_id} does not exist`);
  if (page.parent_id !== 0 && (page.parent_id === page.id || !ctx.state.pages.byId.has(page.parent_id)))
    return fail('parent_id', `names no other page`);
  if (page.type !== 'link') {
    if (input.url === undefined && creating) page.url = `/${slug(page.name)}/`;
    if (!isPagePath(page.url)) return fail('url', 'must be a relative path such as /my-page/');
  }
  for (const other of ctx.state.pages.byId.values()) {
    if (other.id === page.id) continue;
    if (other.name === page.name) return fail('name', 'is already used by another page');
    if (page.type !== 'link' && other.type !== 'link' && other.channel_id === page.channel_id && other.url === page.url)
      return fail('url', 'is already used by another page of the channel');
  }
  return { ok: true, page };
}

function newPage(ctx: EmulatorContext): StoredPage {
  return {
    id: 0,
    channel_id: ctx.catalog.seed.store.channel_id,
    name: '',
    type: 'page',
    url: '',
    is_visible: true,
    parent_id: 0,
    sort_order: 0,
    is_homepage: false,
    is_customers_only: false,
    search_keywords: '',
    meta_title: '',
    meta_keywords: '',
    meta_description: '',
    body: null,
    content_type: 'text/html',
    link: '',
    email: '',
    contact_fields: '',
  };
}

const wantsBody = (request: Request) =>
  (new URL(request.url).searchParams.get('include') ?? '').split(',').includes('body');

/** A request body that may be one object or an array of them, read as the other JSON routes read theirs. */
async function readEntries(
  request: Request,
): Promise<{ ok: true; entries: unknown[]; many: boolean } | { ok: false; response: Response }> {
  const body = await readJsonValue(request);
  if (!body.ok) return body;
  const { value } = body;
  if (Array.isArray(value))
    return value.length > 0
      ? { ok: true, entries: value, many: true }
      : { ok: false, response: invalid('the body is an empty array') };
  return isObject(value)
    ? { ok: true, entries: [value], many: false }
    : { ok: false, response: invalid('the body must be a page or an array of pages') };
}

/** The query's filters, or the error a real store gives for a bad or unsupported one. */
function listQuery(request: Request) {
  const params = new URL(request.url).searchParams;
  for (const key of params.keys()) {
    if (!LIST_PARAMS.includes(key))
      return {
        error: v3Error(400, { [key]: 'is not supported on this endpoint' }, 'The request is malformed', {
          detail: `unsupported query parameter ${key}`,
        }),
      };
  }
  const int = (key: string) => {
    const raw = params.get(key);
    return raw === null ? undefined : /^\d+$/.test(raw) ? Number(raw) : NaN;
  };
  const ids = params.get('id:in')?.split(',');
  if (ids?.some((id) => !/^\d+$/.test(id))) return { error: badValue(params.get('id:in') ?? '') };
  for (const key of ['channel_id', 'limit', 'page'])
    if (Number.isNaN(int(key))) return { error: badValue(params.get(key) ?? '') };
  const include = params.get('include');
  if (include !== null && include.split(',').some((v) => v !== 'body')) return { error: badValue(include) };
  const limit = int('limit') ?? DEFAULT_LIMIT;
  const page = int('page') ?? 1;
  if (limit < 1 || limit > MAX_LIMIT) return { error: badValue(String(limit)) };
  if (page < 1) return { error: badValue(String(page)) };
  const channel = int('channel_id');
  const name = params.get('name');
  const like = params.get('name:like');
  const idSet = ids && new Set(ids.map(Number));
  const matches = (p: StoredPage) =>
    (channel === undefined || p.channel_id === channel) &&
    (!idSet || idSet.has(p.id)) &&
    (name === null || p.name === name) &&
    (like === null || p.name.includes(like) || (p.body ?? '').includes(like));
  return { matches, limit, page };
}

/** `GET /v3/content/pages`: filtered, paginated, in id order. */
export function listPages(ctx: EmulatorContext, request: Request): Response {
  const query = listQuery(request);
  if (query.error) return query.error;
  const { matches, limit, page } = query;
  const all = [...ctx.state.pages.byId.values()].filter(matches).sort((a, b) => a.id - b.id);
  const slice = all.slice((page - 1) * limit, page * limit);
  const totalPages = Math.max(1, Math.ceil(all.length / limit));
  const link = (n: number) => `?page=${n}&limit=${limit}`;
  const links: Record<string, string> = { current: link(page) };
  if (page > 1) links.previous = link(page - 1);
  if (page < totalPages) links.next = link(page + 1);
  return json({
    data: slice.map((p) => pageJson(p, wantsBody(request))),
    meta: {
      pagination: {
        total: all.length,
        count: slice.length,
        per_page: limit,
        current_page: page,
        total_pages: totalPages,
        links,
      },
    },
  });
}

/**
 * `POST /v3/content/pages`: one page (answered as an object) or several (an array). As documented, an invalid entry
 * makes the request 422 while the valid ones are still created.
 */
export async function createPages(ctx: EmulatorContext, request: Request): Promise<Response> {
  const read = await readEntries(request);
  if (!read.ok) return read.response;
  const created: StoredPage[] = [];
  let failure: Response | undefined;
  for (const entry of read.entries) {
    const checked = isObject(entry)
      ? apply(ctx, newPage(ctx), entry, true)
      : ({ ok: false, response: invalid('every page must be an object') } as const);
    if (!checked.ok) {
      failure ??= checked.response;
      continue;
    }
    const page = { ...checked.page, id: ctx.state.pages.nextId++ };
    ctx.state.pages.byId.set(page.id, page);
    created.push(page);
  }
  if (failure) return failure;
  const data = created.map((p) => pageJson(p, wantsBody(request)));
  return json({ data: read.many ? data : data[0], meta: {} }, 201);
}

/** A page id from the path, or the 422 a real store gives for one that is not an integer. */
function pathId(raw: string): number | Response {
  const id = decodeURIComponent(raw);
  return /^\d+$/.test(id) ? Number(id) : badValue(id);
}

/** `GET /v3/content/pages/{id}` (the list's filters apply: a page they exclude is a 404). */
export function getPage(ctx: EmulatorContext, request: Request, [raw]: string[]): Response {
  const id = pathId(raw ?? '');
  if (id instanceof Response) return id;
  const query = listQuery(request);
  if (query.error) return query.error;
  const page = ctx.state.pages.byId.get(id);
  return page && query.matches(page) ? json({ data: pageJson(page, wantsBody(request)), meta: {} }) : notFound(id);
}

/** Checks every update before storing any: a request either applies whole or not at all. */
function update(
  ctx: EmulatorContext,
  entries: { id: unknown; input: Record<string, unknown> }[],
): StoredPage[] | Response {
  const updated: StoredPage[] = [];
  for (const { id, input } of entries) {
    if (!Number.isSafeInteger(id)) return invalid('missing the required field: id', { id: 'is required' });
    const stored = ctx.state.pages.byId.get(id as number);
    if (!stored) return notFound(id as number);
    const checked = apply(ctx, stored, input, false);
    if (!checked.ok) return checked.response;
    updated.push(checked.page);
  }
  for (const page of updated) ctx.state.pages.byId.set(page.id, page);
  return updated;
}

/** `PUT /v3/content/pages`: entries carry their `id`. */
export async function updatePages(ctx: EmulatorContext, request: Request): Promise<Response> {
  const read = await readEntries(request);
  if (!read.ok) return read.response;
  if (!read.entries.every(isObject)) return invalid('every page must be an object');
  const result = update(
    ctx,
    read.entries.map((input) => ({ id: input.id, input })),
  );
  if (result instanceof Response) return result;
  return json({ data: result.map((p) => pageJson(p, wantsBody(request))), meta: {} });
}

/** `PUT /v3/content/pages/{id}`. */
export async function updatePage(ctx: EmulatorContext, request: Request, [raw]: string[]): Promise<Response> {
  const id = pathId(raw ?? '');
  if (id instanceof Response) return id;
  const read = await readEntries(request);
  if (!read.ok) return read.response;
  if (read.many || !isObject(read.entries[0])) return invalid('the body must be one page');
  const result = update(ctx, [{ id, input: read.entries[0] }]);
  if (result instanceof Response) return result;
  const [page] = result;
  return page ? json({ data: pageJson(page, wantsBody(request)), meta: {} }) : notFound(id);
}

/** Deletes a page; its children are deleted too (`recursive`) or moved to the top level and hidden, as documented. */
function remove(ctx: EmulatorContext, id: number, recursive: boolean): void {
  const { byId } = ctx.state.pages;
  byId.delete(id);
  for (const child of [...byId.values()].filter((p) => p.parent_id === id)) {
    if (recursive) remove(ctx, child.id, true);
    else byId.set(child.id, { ...child, parent_id: 0, is_visible: false });
  }
}

/** `DELETE /v3/content/pages?id:in=…[&delete_children=true]`: the pages that exist are deleted even when one is not. */
export function deletePages(ctx: EmulatorContext, request: Request): Response {
  const params = new URL(request.url).searchParams;
  const raw = params.get('id:in');
  if (raw === null || raw === '') return invalid('missing the required field: id', { 'id:in': 'is required' });
  const ids = raw.split(',');
  if (ids.some((id) => !/^\d+$/.test(id))) return badValue(raw);
  const missing = ids.map(Number).filter((id) => !ctx.state.pages.byId.has(id));
  for (const id of ids.map(Number))
    if (ctx.state.pages.byId.has(id)) remove(ctx, id, params.get('delete_children') === 'true');
  const [firstMissing] = missing;
  return firstMissing === undefined ? new Response(null, { status: 204 }) : notFound(firstMissing);
}

/** `DELETE /v3/content/pages/{id}` (query parameters are not recognised, as documented). */
export function deletePage(ctx: EmulatorContext, _request: Request, [raw]: string[]): Response {
  const id = pathId(raw ?? '');
  if (id instanceof Response) return id;
  if (!ctx.state.pages.byId.has(id)) return notFound(id);
  remove(ctx, id, false);
  return new Response(null, { status: 204 });
}

/** The raw page of the store's channel at this path, if any. */
export function rawPageAt(ctx: EmulatorContext, path: string): StoredPage | undefined {
  const channel = ctx.catalog.seed.store.channel_id;
  for (const page of ctx.state.pages.byId.values())
    if (page.type === 'raw' && page.channel_id === channel && page.url === path) return page;
  return undefined;
}

/**
 * A raw page on the storefront: its body as is, with its `content_type`. Served whether or not it is visible in
 * menus [inferred: `is_visible` is about navigation]; a customers-only page sends guests to sign in.
 */
export function serveRawPage(ctx: EmulatorContext, request: Request, page: StoredPage): Response {
  if (request.method !== 'GET' && request.method !== 'HEAD') return html('Method not allowed', 405);
  if (page.is_customers_only && !ctx.customerOf(request)) return redirect('/login.php');
  const response = html(page.body ?? '');
  if (!/^text\/html\b/i.test(page.content_type)) response.headers.set('content-type', page.content_type);
  return response;
}
