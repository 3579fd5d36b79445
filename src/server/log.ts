/**
 * Log events of the backend. Every event is a name plus flat fields; nothing that reaches a logger carries the
 * client secret, the access token or a token string: the fields pass through `createSafeLogger`, which also
 * masks anything shaped like a JWT.
 */

/** Fields of one log event (values are strings, numbers, booleans or null). */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Where the backend's events go. `console` fits; so does any structured logger with these three methods. */
export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

/** The default logger: one JSON line per event on stderr, `{"time","level","event",...fields}`. */
export function jsonLineLogger(write: (line: string) => void = (line) => console.error(line)): Logger {
  const emit = (level: string) => (event: string, fields?: LogFields) => {
    write(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }));
  };
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

// Three base64url segments, the first starting like a JSON object: any compact JWS.
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g;

/** Wraps a logger so that secrets and tokens never reach it, and so that a throwing logger never breaks a request. */
export function createSafeLogger(logger: Logger, secrets: readonly string[]): Logger {
  const hidden = secrets.filter((s) => s.length >= 4);
  const clean = (value: string): string => {
    let out = value.replace(JWT_PATTERN, '[token]');
    for (const secret of hidden) out = out.split(secret).join('[secret]');
    // Cap the length: a reason string never needs more, and a log line must not carry a request body.
    return out.length > 500 ? `${out.slice(0, 500)}…` : out;
  };
  const wrap = (level: keyof Logger) => (event: string, fields?: LogFields) => {
    const safe: LogFields = {};
    for (const [key, value] of Object.entries(fields ?? {})) {
      safe[key] = typeof value === 'string' ? clean(value) : value;
    }
    try {
      logger[level](event, safe);
    } catch {
      // A broken logger must not turn a good answer into a 500.
    }
  };
  return { info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
