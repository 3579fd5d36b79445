/**
 * Storefront sign-in as BigCommerce's own theme does it: `GET /login.php` shows the form, which posts `login_email`
 * and `login_pass` to `/login.php?action=check_login`; `/login.php?action=logout` signs out; `/account.php` shows
 * who is signed in.
 */
import type { EmulatorContext } from './context.js';
import { escapeHtml, html, readText, redirect, relativePath } from './http.js';
import { ACCOUNT_LOCKED } from './graphql-errors.js';
import { loginForm, page, whoIsSignedIn } from './pages.js';
import { checkCredentials } from './sign-in-attempts.js';

/** Messages a `?error=` code on /login.php may show (codes, not text, travel in the URL). */
const MESSAGES: Record<string, string> = {
  invalid_login: 'Invalid login',
  bad_credentials: 'Your email address or password is incorrect. Please try again.',
  account_locked: ACCOUNT_LOCKED,
};

function loginPage(ctx: EmulatorContext, url: URL, status = 200): Response {
  const message = MESSAGES[url.searchParams.get('error') ?? ''];
  const redirectTo = relativePath(url.searchParams.get('redirect_to'));
  return html(page(ctx.catalog.seed.store.name, 'Sign in', loginForm(message, redirectTo)), status);
}

async function checkLogin(ctx: EmulatorContext, request: Request): Promise<Response> {
  const text = (await readText(request)) ?? '';
  const form = new URLSearchParams(text);
  const checked = await checkCredentials(ctx, form.get('login_email') ?? '', form.get('login_pass') ?? '');
  const redirectTo = relativePath(form.get('redirect_to'));
  if (!checked.ok) {
    const error = checked.reason === 'locked' ? 'account_locked' : 'bad_credentials';
    const query = new URLSearchParams({ error, ...(redirectTo ? { redirect_to: redirectTo } : {}) });
    return redirect(`/login.php?${query}`);
  }
  const { cookie } = ctx.sessions.start(request, checked.customer.id);
  return redirect(redirectTo ?? '/account.php', { 'set-cookie': cookie });
}

/** `/login.php` in all its actions. */
export async function login(ctx: EmulatorContext, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const action = url.searchParams.get('action');
  if (action === 'logout') return redirect('/login.php', { 'set-cookie': ctx.sessions.end(request) });
  if (action === 'check_login') {
    if (request.method !== 'POST') return redirect('/login.php');
    return checkLogin(ctx, request);
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return html('Method not allowed', 405);
  if (ctx.customerOf(request) && !url.searchParams.has('error')) return redirect('/account.php');
  return loginPage(ctx, url);
}

/** `/account.php`: who is signed in; guests are sent to sign in. */
export function account(ctx: EmulatorContext, request: Request): Response {
  const customer = ctx.customerOf(request);
  if (!customer) return redirect('/login.php');
  const group = ctx.catalog.group(customer.customer_group_id);
  const body = `${whoIsSignedIn(customer)}
<p id="customer-group">Customer group: ${group ? escapeHtml(group.name) : 'none'}</p>
<p><a href="/login.php?action=logout">Sign out</a></p>`;
  return html(page(ctx.catalog.seed.store.name, 'Your account', body));
}
