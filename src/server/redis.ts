/**
 * `bc-customer-elements/server/redis`: the state several backend instances share, on Redis through the official
 * `redis` client (an optional peer dependency: only this entry imports it). Pass the result as `sharedState`:
 *
 *   const sharedState = createRedisState({ url: process.env.REDIS_URL });
 *   const handler = createHandler({ ...options, sharedState });
 *
 * It holds the price cache, the short locks of single flight, the per-client token buckets and the store's quota
 * hold. Keys are `{prefix}{kind}:{hash}`: a SHA-256 of the backend's own key, so nothing readable about a shopper
 * (an address, a customer id) or any secret is ever a Redis key; values are prices (JSON) and counters only.
 *
 * Redis that is down or slow never fails a request: commands are not queued while disconnected (they fail at once),
 * the handler bounds every call (shared-state.ts), uses its own state meanwhile, logs once per period, and the client
 * reconnects by itself.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { jsonLineLogger, type Logger } from './log.js';
import { sharedHealth, type SharedState } from './shared-state.js';

/** The commands used, as the official client offers them (a client you create yourself fits). */
export interface RedisCommands {
  get(key: string): Promise<unknown>;
  set(
    key: string,
    value: string,
    options: { expiration: { type: 'PX'; value: number }; condition?: 'NX' },
  ): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

export interface RedisStateOptions {
  /** Where Redis is (`redis://host:6379`, `rediss://…` for TLS); the adapter creates and connects its own client. */
  url?: string;
  /**
   * Your own client instead of `url` (connected by you; create it with `disableOfflineQueue: true` so that commands
   * fail at once rather than queue while Redis is away). `close()` then leaves it open.
   */
  client?: RedisCommands;
  /** Prefix of every key; default `bce:`. Several stores may share one Redis: the store hash is part of each key. */
  prefix?: string;
  /** Where connection errors go (once per period); default one JSON line on stderr, like the handler's. */
  logger?: Logger;
}

export interface RedisState extends SharedState {
  /**
   * Settles once the adapter's client is first connected (at once for a client you passed). Awaiting it is optional:
   * until then the instance uses its own state; a pool member may await it before it takes traffic.
   */
  readonly connected: Promise<void>;
  /** Closes the client the adapter created (not one you passed). */
  close(): Promise<void>;
}

/** Longest wait between reconnection attempts, in ms. */
export const REDIS_RECONNECT_MAX_MS = 2_000;

// One token bucket per key, refilled continuously like src/server/rate-limit.ts, on Redis's clock (so the instances'
// clocks never meet). A bucket idle for a window is full again: it expires then.
const TAKE = `
local capacity = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = redis.call('TIME')
local t = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = t
end
tokens = math.min(capacity, tokens + math.max(0, t - at) * capacity / window)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.ceil((1 - tokens) * window / capacity)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(t))
redis.call('PEXPIRE', KEYS[1], window)
return wait
`;

// The quota hold: longer holds win; Redis's own expiry says when it ends.
const HOLD = `
local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms then
  redis.call('SET', KEYS[1], '1', 'PX', ms)
end
return 1
`;

const PTTL = `return redis.call('PTTL', KEYS[1])`;

// A lock is freed only by the instance that took it.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/** The state of several instances on one Redis. Creating it never throws for Redis being away: it connects in the background. */
export function createRedisState(options: RedisStateOptions): RedisState {
  if (typeof options !== 'object' || options === null) throw new TypeError('createRedisState: options are required');
  if ((options.url === undefined) === (options.client === undefined)) {
    throw new TypeError('createRedisState: pass either url or client');
  }
  if (options.url !== undefined && (typeof options.url !== 'string' || !/^rediss?:\/\//.test(options.url))) {
    throw new TypeError('createRedisState: url must be a redis:// or rediss:// URL');
  }
  const prefix = options.prefix ?? 'bce:';
  if (typeof prefix !== 'string') throw new TypeError('createRedisState: prefix must be a string');
  const logger = options.logger ?? jsonLineLogger();
  const owned = options.url === undefined ? undefined : connect(options.url, logger);
  const redis: RedisCommands | undefined = options.client ?? owned?.commands;
  if (!redis) throw new TypeError('createRedisState: give a url or a client');
  // One identity per process: a lock is freed only by the instance that holds it.
  const instance = randomUUID();
  const key = (kind: string, name: string) =>
    `${prefix}${kind}:${createHash('sha256').update(name).digest('base64url')}`;
  const integer = (reply: unknown) => {
    const value = Number(reply);
    if (!Number.isFinite(value)) throw new TypeError('unexpected reply from Redis');
    return value;
  };

  return {
    cache: {
      get: async (name) => {
        const value = await redis.get(key('p', name));
        return typeof value === 'string' ? value : undefined;
      },
      set: async (name, value, ttlMs) => {
        await redis.set(key('p', name), value, { expiration: { type: 'PX', value: Math.max(1, Math.round(ttlMs)) } });
      },
    },
    claim: (names, ttlMs) =>
      // One SET NX per key, sent together (the client pipelines commands of one tick), each key on its own so that a
      // Redis Cluster may place them anywhere.
      Promise.all(
        names.map((name) =>
          redis
            .set(key('l', name), instance, {
              expiration: { type: 'PX', value: Math.max(1, Math.round(ttlMs)) },
              condition: 'NX',
            })
            .then((reply) => reply === 'OK'),
        ),
      ),
    release: async (names) => {
      await Promise.all(names.map((name) => redis.eval(RELEASE, { keys: [key('l', name)], arguments: [instance] })));
    },
    take: async (name, { requests, windowMs }) =>
      integer(await redis.eval(TAKE, { keys: [key('r', name)], arguments: [String(requests), String(windowMs)] })),
    heldFor: async (name) => Math.max(0, integer(await redis.eval(PTTL, { keys: [key('q', name)], arguments: [] }))),
    hold: async (name, ms) => {
      await redis.eval(HOLD, { keys: [key('q', name)], arguments: [String(Math.max(1, Math.round(ms)))] });
    },
    connected: owned?.connected ?? Promise.resolve(),
    close: async () => {
      await owned?.close();
    },
  };
}

/** The adapter's own client: no offline queue, reconnecting with backoff, errors logged once per period. */
function connect(url: string, logger: Logger) {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2_000,
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, REDIS_RECONNECT_MAX_MS),
    },
  });
  const health = sharedHealth(logger);
  // Without a listener an 'error' event would end the process; every failed connection attempt emits one.
  client.on('error', (error: unknown) => health.failed('redis_connection_failed', 'connect', error));
  let closed = false;
  // The first connection is made in the background too: a Redis that is away at start is like one that goes away.
  const connecting = client.connect().catch((error: unknown) => {
    if (!closed) health.failed('redis_connection_failed', 'connect', error);
  });
  return {
    commands: client as unknown as RedisCommands,
    connected: new Promise<void>((resolve) => {
      if (client.isReady) resolve();
      else client.once('ready', () => resolve());
    }),
    async close() {
      closed = true;
      await connecting;
      if (client.isOpen) client.destroy();
    },
  };
}
