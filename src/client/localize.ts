/**
 * The words the elements show and say to shoppers. English is built in; a page supplies other languages at run time
 * with `registerMessages(lang, messages)` (also `BcCustomerElements.registerMessages` on the script-tag bundle's
 * global), and each element speaks the language of its nearest `lang` (crossing shadow roots), else the document's,
 * else English. A language lacking a message uses the English one. Placeholders in braces (`{price}`) are filled in.
 */
import { notifyConfigChange } from './config.js';

/** Every shopper-facing text of the elements, by name. */
export interface BcMessages {
  /** `<bc-group-price>`: a sale, as screen readers hear it; the page sees `{was}` struck through, then `{now}`. */
  priceSale: string;
  /** `<bc-group-price show-bulk>`: one bulk tier (`{quantity}`: `2–4`, `10+`). */
  bulkTier: string;
  /** Said when the shopper's price changed (a variant chosen, a sign-in). */
  priceChanged: string;
  /** Said instead when several prices changed at once. */
  pricesChanged: string;
  /** Said when a customer signs in (`<bc-current-customer>`). */
  signedIn: string;
  /** Said when the customer signs out (`<bc-current-customer>`). */
  signedOut: string;
  /** `<bc-checkout-button>`: why it is disabled without a cart. */
  cartEmpty: string;
  /** `<bc-sign-in>` labels and messages. */
  emailLabel: string;
  passwordLabel: string;
  submitLabel: string;
  invalidCredentials: string;
  accountLocked: string;
  storeUnreachable: string;
  signInUnavailable: string;
}

/** The built-in English. */
export const ENGLISH: Readonly<BcMessages> = Object.freeze({
  priceSale: 'was {was}, now {now}',
  bulkTier: '{quantity}: {price} each',
  priceChanged: 'Price: {price}',
  pricesChanged: 'Prices updated',
  signedIn: 'Signed in as {email}',
  signedOut: 'Signed out',
  cartEmpty: 'Your cart is empty.',
  emailLabel: 'Email',
  passwordLabel: 'Password',
  submitLabel: 'Sign in',
  invalidCredentials: 'The email or password is incorrect.',
  accountLocked: 'This account is locked after too many failed attempts. Try again later or reset your password.',
  storeUnreachable: 'The store could not be reached. Check your connection and try again.',
  signInUnavailable: 'Signing in is not possible right now. Try again later.',
});

interface Registry {
  /** What pages registered, by lower-case tag. */
  readonly given: Map<string, Partial<BcMessages>>;
  /** The complete sets asked for, by lower-case `lang`, until the next registration. */
  readonly merged: Map<string, Readonly<BcMessages>>;
}

// On the global object under a registered symbol, so that every copy of the library on a page shares the languages.
const REGISTRY = Symbol.for('bc-customer-elements.messages');
const { given, merged } = ((globalThis as { [REGISTRY]?: Registry })[REGISTRY] ??= { given: new Map(), merged: new Map() });

/**
 * Adds (or completes) the words of a language, e.g. `registerMessages('fr', {priceSale: 'au lieu de {was}, {now}'})`.
 * `lang` is a BCP 47 tag: `fr` serves `fr`, `fr-CA` and every other French; `fr-CA` only `fr-CA`, before `fr`.
 * Elements already shown speak it at once. Throws `TypeError` for a bad tag, an unknown message, or a message that
 * is not a string or lacks a placeholder of the English one.
 */
export function registerMessages(lang: string, messages: Partial<BcMessages>): void {
  const [tag] = Intl.getCanonicalLocales(lang);
  if (!tag) throw new TypeError(`lang must be a BCP 47 language tag, got "${lang}"`);
  for (const [name, text] of Object.entries(messages)) {
    const english = Object.hasOwn(ENGLISH, name) ? ENGLISH[name as keyof BcMessages] : undefined;
    const missing = english?.match(/\{\w+\}/g)?.find((placeholder) => typeof text === 'string' && !text.includes(placeholder));
    if (english === undefined || typeof text !== 'string' || missing) {
      throw new TypeError(`messages.${name} must be a string${missing ? ` with ${missing}` : ''}: see BcMessages`);
    }
  }
  const key = tag.toLowerCase();
  given.set(key, { ...given.get(key), ...messages });
  merged.clear();
  if (typeof document !== 'undefined') notifyConfigChange(document);
}

/** The words for `lang` (a `lang` attribute's value; `''` for English): its own, then its language's, then English. */
export function messagesFor(lang: string): Readonly<BcMessages> {
  const key = lang.trim().toLowerCase();
  let messages = merged.get(key);
  if (!messages) {
    const primary = key.split('-')[0] ?? '';
    messages = Object.freeze({ ...ENGLISH, ...given.get(primary), ...given.get(key) });
    merged.set(key, messages);
  }
  return messages;
}

/** `template` with each `{name}` replaced by `values[name]` (unknown names are left as written). */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
