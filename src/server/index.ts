/** The backend endpoint on Web APIs only: `createHandler(options)` → `(Request) => Promise<Response>`. */
export { createHandler, type FetchHandler } from './handler.js';
export { MIN_SECRET_BYTES, OptionError, type HandlerOptions } from './options.js';
export { jsonLineLogger, type Logger, type LogFields } from './log.js';
export { checkedRedirectPath } from './redirect.js';
export type { SharedCache } from './shared-price-cache.js';
export type { SharedState } from './shared-state.js';
export { forwardedClientIp, type ForwardedClientIpOptions } from './client-ip.js';
