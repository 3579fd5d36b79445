import type { ErrorCode } from './protocol.js';

/**
 * A failure caused by data or a remote party (a bad token, an unreachable backend), with a stable `code`.
 * Misuse by the programmer (a bad option) is a plain `TypeError` instead, thrown where the option is given.
 */
export class BcError extends Error {
  /** Stable machine-readable code, e.g. `ERR_BC_UNAUTHORIZED`. */
  readonly code: ErrorCode | `ERR_BC_${string}`;

  constructor(code: BcError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
