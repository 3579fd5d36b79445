/**
 * The words the elements show and say to shoppers. English is built in (each element module holds its own, so a
 * page bundles only the words of the elements it uses); a page supplies other languages at run time with
 * `registerMessages(lang, messages)` (also `BcCustomerElements.registerMessages` on the script-tag bundle's global),
 * and each element speaks the language of its nearest `lang` (crossing shadow roots), else the document's, else
 * English. A language lacking a message uses the English one. Placeholders in braces (`{price}`) are filled in.
 */
import { notifyConfigChange } from './config.js';

/** Every shopper-facing text of the elements, by name (the English in parentheses). */
export interface BcMessages {
  /** `<bc-group-price>`: a sale as screen readers hear it, `{was}` struck through (`was {was}, now {now}`). */
  priceSale: string;
  /** `<bc-group-price show-bulk>`: one bulk tier, `{quantity}` like `2–4` or `10+` (`{quantity}: {price} each`). */
  bulkTier: string;
  /** Said when the shopper's price changed: a variant chosen, a sign-in (`Price: {price}`). */
  priceChanged: string;
  /** Said instead when several prices changed at once (`Prices updated`). */
  pricesChanged: string;
  /** `<bc-current-customer>`: said when a customer signs in (`Signed in as {email}`). */
  signedIn: string;
  /** `<bc-current-customer>`: said when the customer signs out (`Signed out`). */
  signedOut: string;
  /** `<bc-checkout-button>`: why it is disabled without a cart (`Your cart is empty.`). */
  cartEmpty: string;
  /** `<bc-sign-in>`: its labels (`Email`, `Password`, `Sign in`) and what a failure says. */
  emailLabel: string;
  passwordLabel: string;
  submitLabel: string;
  invalidCredentials: string;
  accountLocked: string;
  storeUnreachable: string;
  signInUnavailable: string;
  /** `<bc-sign-in>` through the backend: too many attempts, `{wait}` like `in 15 minutes` (`Too many sign-in attempts. Try again {wait}.`). */
  rateLimited: string;
}

interface Registry {
  /** What pages registered, by lower-case tag. */
  readonly given: Map<string, Partial<BcMessages>>;
  /** What each `lang` asked for gets, by lower-case `lang`, until the next registration. */
  readonly merged: Map<string, Readonly<Partial<BcMessages>>>;
}

// On the global object under a registered symbol, so that every copy of the library on a page shares the languages.
const REGISTRY = Symbol.for('bc-customer-elements.messages');
const { given, merged } = ((globalThis as { [REGISTRY]?: Registry })[REGISTRY] ??= {
  given: new Map(),
  merged: new Map(),
});

/**
 * Adds (or completes) the words of a language, e.g. `registerMessages('fr', {priceSale: 'au lieu de {was}, {now}'})`.
 * `lang` is a BCP 47 tag: `fr` serves `fr`, `fr-CA` and every other French; `fr-CA` only `fr-CA`, before `fr`.
 * Elements already shown speak it at once. Throws `RangeError` for a bad tag, `TypeError` for a message that is not
 * a string, or a `priceSale` without `{was}` and `{now}`.
 */
export function registerMessages(lang: string, messages: Partial<BcMessages>): void {
  const [tag] = Intl.getCanonicalLocales(lang);
  if (!tag) throw new TypeError(`lang must be a BCP 47 language tag, got "${lang}"`);
  for (const [name, text] of Object.entries(messages)) {
    if (typeof text !== 'string' || (name === 'priceSale' && !(text.includes('{was}') && text.includes('{now}')))) {
      throw new TypeError(`messages.${name}: see BcMessages`);
    }
  }
  const key = tag.toLowerCase();
  given.set(key, { ...given.get(key), ...messages });
  merged.clear();
  if (typeof document !== 'undefined') notifyConfigChange(document);
}

/**
 * The words the page gave for `lang` (a `lang` attribute's value): its own, else its language's; what is missing is
 * the elements' English. The same object until the next registration.
 */
export function messagesFor(lang: string): Readonly<Partial<BcMessages>> {
  const key = lang.trim().toLowerCase();
  let messages = merged.get(key);
  if (!messages) {
    messages = Object.freeze({ ...given.get(key.split('-')[0] ?? ''), ...given.get(key) });
    merged.set(key, messages);
  }
  return messages;
}

/** `template` with each `{name}` replaced by `values[name]` (unknown names are left as written). */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
