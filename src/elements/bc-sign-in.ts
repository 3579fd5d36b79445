import { css, html } from 'lit';
import { signIn } from '../client/account.js';
import { BcSignInEvent, errorEventFor } from '../client/events.js';
import { fill, type BcMessages } from '../client/localize.js';
import { BcError, type BcErrorCode } from '../errors.js';
import { ConfigController } from './config-controller.js';
import { StoreSettingsElement } from './store-settings.js';
// Kept in the declarations too (a bare import survives there): importing only this element, or only
// `bc-customer-elements/define`, types `addEventListener('bc-…', …)` through GlobalEventHandlersEventMap.
import '../client/events.js';

/** Its English (`BcMessages`). */
const WORDS = {
  emailLabel: 'Email',
  passwordLabel: 'Password',
  submitLabel: 'Sign in',
  invalidCredentials: 'The email or password is incorrect.',
  accountLocked: 'This account is locked after too many failed attempts. Try again later or reset your password.',
  storeUnreachable: 'The store could not be reached. Check your connection and try again.',
  signInUnavailable: 'Signing in is not possible right now. Try again later.',
  rateLimited: 'Too many sign-in attempts. Try again {wait}.',
} satisfies Partial<BcMessages>;

/** The message the shopper reads for each failure (any other: `signInUnavailable`). */
const FAILURES: Partial<Record<BcErrorCode, keyof typeof WORDS>> = {
  ERR_BC_INVALID_CREDENTIALS: 'invalidCredentials',
  ERR_BC_SIGN_IN_FAILED: 'invalidCredentials',
  ERR_BC_ACCOUNT_LOCKED: 'accountLocked',
  ERR_BC_UPSTREAM_UNAVAILABLE: 'storeUnreachable',
  ERR_BC_UPSTREAM_TIMEOUT: 'storeUnreachable',
};

/**
 * A sign-in form (`signIn()` of the browser core). On the storefront's own origin it signs the shopper in with the
 * GraphQL Storefront API's `login` mutation (the store's storefront token from `storefront-token` here or on
 * `<bc-store>`); on any other origin, through the backend at `endpoint` (`POST /sign-in`), which keeps the session
 * in its own cookie. Then every bc-* element, here and in the page's other tabs, shows the customer. The password goes
 * to the storefront or the backend only.
 *
 * @summary Email and password sign-in: hosted on the storefront, through the backend elsewhere.
 * @tagname bc-sign-in
 * @fires {BcSignInEvent} bc-sign-in - Signed in (`customer: {id, email}`); bubbles.
 * @fires {BcErrorEvent} bc-error - Sign-in failed (`code`, `message`). On the storefront: `ERR_BC_INVALID_CREDENTIALS`,
 *   `ERR_BC_ACCOUNT_LOCKED`, `ERR_BC_CONFIG_INVALID`; through the backend: `ERR_BC_SIGN_IN_FAILED`,
 *   `ERR_BC_RATE_LIMITED` (the wait in `cause.retryAfter`, seconds, and in the message shown),
 *   `ERR_BC_SESSION_NOT_KEPT`; either: `ERR_BC_CONFIG_MISSING`, `ERR_BC_UNTRUSTED_ORIGIN`,
 *   `ERR_BC_UPSTREAM_UNAVAILABLE`, `ERR_BC_UPSTREAM_TIMEOUT`, `ERR_BC_UPSTREAM`; bubbles.
 * @csspart form - The form.
 * @csspart label - Each label.
 * @csspart input - Each input (also `email` or `password`).
 * @csspart button - The submit button.
 * @csspart error - The error message region (`role="alert"`).
 */
export class BcSignIn extends StoreSettingsElement {
  static override styles = css`
    :host {
      display: block;
    }
    :host([hidden]) {
      display: none;
    }
    form {
      display: grid;
      gap: 0.5em;
    }
  `;

  static override properties = {
    emailLabel: { attribute: 'email-label' },
    passwordLabel: { attribute: 'password-label' },
    submitLabel: { attribute: 'submit-label' },
    _busy: { attribute: false },
    _failure: { attribute: false },
  };
  // The accessors exist as soon as the class does (as decorators made them), not only once it is defined: the React
  // wrappers decide property or attribute by them, on the server too.
  static {
    this.finalize();
  }

  /** Label of the email field (default: the language's `emailLabel`, "Email" in English). */
  emailLabel?: string;
  /** Label of the password field (default: the language's `passwordLabel`). */
  passwordLabel?: string;
  /** Text of the submit button (default: the language's `submitLabel`). */
  submitLabel?: string;

  private readonly _settings = new ConfigController(this);
  private _busy = false;
  /**
   * The message shown for the last failure, by name (shown in the language of the moment), with the wait of a rate
   * limit in seconds, or `null`.
   */
  private _failure: { name: keyof typeof WORDS; wait?: number } | null = null;

  static define(tag = 'bc-sign-in', registry: CustomElementRegistry = customElements): void {
    if (!registry.get(tag)) registry.define(tag, this);
  }

  override render() {
    const messages = { ...WORDS, ...this._settings.value.messages };
    return html`<form part="form" @submit=${this._onSubmit}>
      <label part="label" for="email">${this.emailLabel ?? messages.emailLabel}</label>
      <input part="input email" id="email" name="email" type="email" autocomplete="username" required ?disabled=${this._busy} />
      <label part="label" for="password">${this.passwordLabel ?? messages.passwordLabel}</label>
      <input part="input password" id="password" name="password" type="password" autocomplete="current-password" required ?disabled=${this._busy} />
      <button part="button" type="submit" ?disabled=${this._busy} aria-busy=${this._busy ? 'true' : 'false'}>${this.submitLabel ?? messages.submitLabel}</button>
      <p part="error" role="alert">${this._failure ? this._message(messages, this._failure) : ''}</p>
    </form>`;
  }

  private async _onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this._busy) return;
    const root = this.renderRoot as ShadowRoot;
    const email = root.getElementById('email') as HTMLInputElement;
    const password = root.getElementById('password') as HTMLInputElement;
    this._busy = true;
    this._failure = null;
    try {
      // Hosted or through the backend, as the page's place decides (account.ts); the password goes to a storefront or
      // backend the page trusts only, and the request's code is fetched at the first submit, not with the page.
      const customer = await signIn({ element: this, email: email.value, password: password.value });
      password.value = '';
      this.dispatchEvent(new BcSignInEvent(customer));
    } catch (error) {
      password.value = '';
      this._fail(error);
    } finally {
      this._busy = false;
    }
    await this.updateComplete;
    (this._failure ? password : email).focus();
  }

  private _fail(error: unknown): void {
    const event = errorEventFor(error, 'The sign-in failed.');
    const wait = error instanceof BcError ? error.retryAfter : undefined;
    this._failure =
      event.code === 'ERR_BC_RATE_LIMITED' && wait
        ? { name: 'rateLimited', wait }
        : { name: FAILURES[event.code] ?? 'signInUnavailable' };
    this.dispatchEvent(event);
  }

  /** What the shopper reads for a failure: a rate limit's wait as the language says "in 15 minutes". */
  private _message(messages: typeof WORDS, failure: { name: keyof typeof WORDS; wait?: number }): string {
    if (failure.wait === undefined) return messages[failure.name];
    const minutes = failure.wait > 60;
    const wait = new Intl.RelativeTimeFormat(this._settings.value.locale, { numeric: 'always' }).format(
      minutes ? Math.ceil(failure.wait / 60) : failure.wait,
      minutes ? 'minute' : 'second',
    );
    return fill(messages[failure.name], { wait });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'bc-sign-in': BcSignIn;
  }
}
