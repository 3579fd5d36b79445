/**
 * Checking a shopper's email and password, for every way the storefront signs in (GraphQL `login`, the theme's
 * `/login.php` form): one per-account lockout and one amount of work whichever part is wrong.
 *
 * Lockout: `attempts` failures in a row for one email lock it for `lockoutMs`, during which even the right password
 * is refused (with its own message); a success resets the count. BigCommerce documents neither the rule, its numbers
 * nor the message [assumed: a storefront is expected to stop password guessing, and these are common values]; the
 * count is kept per email whether or not a customer has it, so a lockout never tells which emails are customers.
 *
 * Work: the emulator keeps the seed's passwords in plain text, but compares them as a store compares password
 * hashes: both sides derived (PBKDF2-SHA-256) and compared in constant time, against a dummy for an unknown email, so
 * an unknown email is not answered faster than a wrong password [assumed: BigCommerce documents no hashing; a real
 * store hashes, and one that skipped the hash for unknown emails would leak them by timing].
 */
import type { EmulatorContext } from './context.js';
import type { SeedCustomer } from './types.js';

/** The lockout's default rule (see EmulatorOptions.loginLockout). */
export const LOGIN_ATTEMPTS = 5;
export const LOCKOUT_MS = 15 * 60_000;

/** PBKDF2 iterations of the comparison: enough to be the dominant cost of a login, small enough for the tests. */
const ITERATIONS = 1_000;
const SALT = new TextEncoder().encode('bc-customer-elements emulator password');
/** Compared with the given password when no customer has the email: never equal to a seeded password's hash. */
const DUMMY_PASSWORD = '\u0000no customer has this email\u0000';

async function derive(password: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: SALT, iterations: ITERATIONS },
    key,
    256,
  );
  return new Uint8Array(bits);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  a.forEach((byte, i) => {
    difference |= byte ^ (b[i] ?? 0);
  });
  return difference === 0;
}

export type CredentialCheck =
  { readonly ok: true; readonly customer: SeedCustomer } | { readonly ok: false; readonly reason: 'wrong' | 'locked' };

/** Checks `email` and `password`, counting a failure against the email's lockout. */
export async function checkCredentials(
  ctx: EmulatorContext,
  email: string,
  password: string,
): Promise<CredentialCheck> {
  const key = email.trim().toLowerCase();
  const { loginLockout } = ctx;
  const record = ctx.state.loginFailures.get(key);
  if (loginLockout && record && record.lockedUntil > ctx.clock.now()) return { ok: false, reason: 'locked' };
  const customer = ctx.catalog.customerByEmail(email);
  const [given, stored] = await Promise.all([derive(password), derive(customer?.password ?? DUMMY_PASSWORD)]);
  if (customer && sameBytes(given, stored)) {
    ctx.state.loginFailures.delete(key);
    return { ok: true, customer };
  }
  if (loginLockout) {
    // A lockout that has ended starts the count again.
    const now = ctx.clock.now();
    const count = (record && record.lockedUntil === 0 ? record.count : 0) + 1;
    const locked = count >= loginLockout.attempts;
    ctx.state.loginFailures.set(key, {
      count: locked ? 0 : count,
      lockedUntil: locked ? now + loginLockout.lockoutMs : 0,
    });
  }
  return { ok: false, reason: 'wrong' };
}
