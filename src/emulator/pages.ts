/** The storefront's HTML pages. Every value shown is escaped: customer data is text, never markup. */
import { escapeHtml } from './http.js';
import type { SeedCustomer } from './types.js';

export function page(storeName: string, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – ${escapeHtml(storeName)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}
label{display:block;margin:.5rem 0}input{font:inherit}table{border-collapse:collapse}td,th{padding:.25rem .75rem;text-align:left}
.alert{color:#a00}</style>
</head>
<body>
<header><strong>${escapeHtml(storeName)}</strong> <small>(BigCommerce emulator)</small></header>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

/** "Signed in as …" or "Guest", as text. */
export function whoIsSignedIn(customer: SeedCustomer | undefined): string {
  return customer
    ? `<p id="customer">Signed in as <span id="customer-email">${escapeHtml(customer.email)}</span></p>`
    : '<p id="customer">Guest</p>';
}

export function loginForm(message: string | undefined, redirectTo: string | undefined): string {
  const alert = message ? `<p class="alert" role="alert">${escapeHtml(message)}</p>` : '';
  const hidden = redirectTo ? `<input type="hidden" name="redirect_to" value="${escapeHtml(redirectTo)}">` : '';
  return `${alert}
<form method="post" action="/login.php?action=check_login">
<label>Email Address <input type="text" inputmode="email" name="login_email" autocomplete="username" required></label>
<label>Password <input type="password" name="login_pass" autocomplete="current-password" required></label>
${hidden}<button type="submit">Sign in</button>
</form>`;
}
