/**
 * The client's address from `X-Forwarded-For` behind proxies you run. Each proxy appends the address it received
 * the request from, so only the right-most entries are written by proxies; everything to their left is whatever the
 * client sent. The address `trustedHops` entries from the right is the one your outermost proxy saw.
 */

/** Options of `forwardedClientIp`. */
export interface ForwardedClientIpOptions {
  /** How many proxies you run in front of the backend, each appending one entry (1 for one load balancer). */
  trustedHops: number;
  /** The header to read; default `x-forwarded-for`. */
  header?: string;
}

/**
 * A `clientIp` for `createHandler` that takes the address `trustedHops` entries from the right of `X-Forwarded-For`
 * (never the left-most, which the client writes). A request with fewer entries did not pass through all the
 * proxies, and gets `undefined` (it then counts against the limit shared by all unknown clients).
 */
export function forwardedClientIp({
  trustedHops,
  header = 'x-forwarded-for',
}: ForwardedClientIpOptions): (request: Request) => string | undefined {
  if (!Number.isSafeInteger(trustedHops) || trustedHops < 1) {
    throw new TypeError('forwardedClientIp: trustedHops must be a positive integer (the number of proxies you run)');
  }
  if (typeof header !== 'string' || !/^[A-Za-z0-9-]+$/.test(header))
    throw new TypeError('forwardedClientIp: header must be a header name');
  return (request) => {
    // Several headers of the same name are joined with ", " by Headers, in arrival order: still right-most last.
    const value = request.headers.get(header);
    if (value === null) return undefined;
    const entries = value.split(',').map((entry) => entry.trim());
    const address = entries[entries.length - trustedHops];
    return address ? address : undefined;
  };
}
