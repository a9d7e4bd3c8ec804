/**
 * What replicas share (`REDIS_URL`), behind interfaces that also run in memory: one code path, two
 * stores. Without Redis every piece is this process's own, as before; with it, the read cache,
 * the upstream budgets, the per-caller write limits and the Logto token live in Redis, each with
 * a local fallback (see `redis.ts`).
 */
import { type CacheStore, MemoryStore, type MemoryStoreOptions } from '../cache/cache-store.ts';
import { RedisStore } from '../cache/redis-store.ts';
import type { Logger } from '../logger.ts';
import type { RedisSettings, SharedRedis, SharedStateStatus } from './redis.ts';
import { RedisWindow } from './redis-window.ts';
import { Sealer } from './sealer.ts';
import { MemoryWindow, type SlidingWindow } from './sliding-window.ts';

export interface SharedStateSettings {
  /** Unset: everything in memory. */
  redis: RedisSettings | undefined;
  /** Replicas behind the load balancer: each takes this share of a limit when Redis is away. */
  replicas: number;
}

/** Small values every replica may reuse (the Logto token), sealed like cached answers. */
export interface SharedValues {
  get(name: string): Promise<string | undefined>;
  /**
   * Shares `value` unless another replica shared one first, and answers the value in effect: the
   * first one, so replicas that fetched at the same moment all settle on it.
   */
  claim(name: string, value: string, ttlMs: number): Promise<string>;
  /** Stores `value` whether or not one is there (change plans); false when Redis is away and nothing was kept. */
  put(name: string, value: string, ttlMs: number): Promise<boolean>;
  delete(name: string): Promise<void>;
}

export interface SharedState {
  /** Counts events against a limit: upstream budgets and write limits. */
  window: SlidingWindow;
  /** `undefined` without Redis: a value kept in this process already serves all its requests. */
  values: SharedValues | undefined;
  cacheStore(options: MemoryStoreOptions): CacheStore;
  status(): SharedStateStatus;
  close(): Promise<void>;
}

/**
 * `secrets`: the configured provider credentials, from which the sealing key is derived. The Redis
 * client (ioredis, about 1.6 MB of heap) is loaded only when `REDIS_URL` is set.
 */
export async function createSharedState(settings: SharedStateSettings, secrets: readonly string[], logger: Logger): Promise<SharedState> {
  if (!settings.redis) {
    return {
      window: new MemoryWindow(),
      values: undefined,
      cacheStore: (options) => new MemoryStore(options),
      status: () => ({ store: 'memory' }),
      close: async () => undefined,
    };
  }
  const { SharedRedis } = await import('./redis.ts');
  const redis = new SharedRedis(settings.redis, logger);
  return {
    window: new RedisWindow(redis, settings.replicas),
    values: redisValues(redis, new Sealer(secrets, 'values')),
    cacheStore: (options) => new RedisStore(redis, new MemoryStore(options), new Sealer(secrets, 'read-cache'), options.maxEntries),
    status: () => redis.status(),
    close: () => redis.close(),
  };
}

/** While Redis is away a value reads as absent and is not kept: its owner makes a new one. */
function redisValues(redis: SharedRedis, sealer: Sealer): SharedValues {
  const keyOf = (name: string) => `${redis.keyPrefix}value:${name}`;
  return {
    get: (name) =>
      redis.use(
        async (client) => {
          const sealed = await client.get(keyOf(name));
          return sealed === null ? undefined : sealer.open(keyOf(name), sealed);
        },
        () => undefined,
      ),
    claim: (name, value, ttlMs) =>
      redis.use(
        async (client) => {
          const stored = await client.set(keyOf(name), sealer.seal(keyOf(name), value), 'PX', Math.max(1, Math.round(ttlMs)), 'NX');
          if (stored === 'OK') return value;
          const first = await client.get(keyOf(name));
          return (first === null ? undefined : sealer.open(keyOf(name), first)) ?? value;
        },
        () => value,
      ),
    put: (name, value, ttlMs) =>
      redis.use(
        async (client) => (await client.set(keyOf(name), sealer.seal(keyOf(name), value), 'PX', Math.max(1, Math.round(ttlMs)))) === 'OK',
        () => false,
      ),
    delete: (name) =>
      redis.use(
        async (client) => {
          await client.del(keyOf(name));
        },
        () => undefined,
      ),
  };
}
