/** Small strict validators for request bodies: exact shapes, no extra keys, safe integers only. */
import { HttpError } from './http.js';

export function invalid(message: string): never {
  throw new HttpError('ERR_BC_INVALID_REQUEST', { message });
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === null || proto === Object.prototype;
}

/** Refuses an object with keys outside `allowed` (a typo or an injected field is an error, not ignored). */
export function onlyKeys(value: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) invalid(`${where} has an unknown field.`);
  }
}

export function positiveId(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    invalid(`${where} must be a positive integer.`);
  }
  return value;
}
