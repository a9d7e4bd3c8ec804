/**
 * The sliding window log in Redis, so that every replica counts against one limit: a sorted set
 * of event times per key, trimmed, counted and added to by one Lua script (atomic, and timed by
 * Redis's own clock, so replicas whose clocks disagree still share one window). When Redis cannot
 * answer, each replica counts alone against its share of the limit (`GATEWAY_REPLICAS`): together
 * they still stay within it.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { SharedRedis } from './redis.ts';
import { MemoryWindow, type Rate, type SlidingWindow, type WindowDecision } from './sliding-window.ts';

/** Returns 0 when the event is counted, else the milliseconds until a slot frees up. */
const TAKE = `
local now = redis.call('TIME')
now = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local held = redis.call('ZCARD', KEYS[1])
if held >= limit then
  local entry = redis.call('ZRANGE', KEYS[1], held - limit, held - limit, 'WITHSCORES')
  return math.max(1, tonumber(entry[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, now .. ':' .. ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 0
`;
const TAKE_SHA = createHash('sha1').update(TAKE).digest('hex');

/** EVALSHA, loading the script with EVAL the first time a server does not know it. */
async function runTake(client: Redis, key: string, rate: Rate): Promise<number> {
  const args = [key, rate.limit, rate.windowMs, randomUUID()] as const;
  try {
    return Number(await client.evalsha(TAKE_SHA, 1, ...args));
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return Number(await client.eval(TAKE, 1, ...args));
  }
}

export class RedisWindow implements SlidingWindow {
  readonly #redis: SharedRedis;
  readonly #local = new MemoryWindow();
  readonly #replicas: number;

  constructor(redis: SharedRedis, replicas: number) {
    this.#redis = redis;
    this.#replicas = replicas;
    // Counts made alone while Redis was away are not the shared truth once it is back.
    redis.onChange(() => this.#local.clear());
  }

  take(key: string, rate: Rate): Promise<WindowDecision> {
    return this.#redis.use(
      async (client) => decision(await runTake(client, `${this.#redis.keyPrefix}window:${key}`, rate)),
      () => this.#local.takeNow(key, shareOf(rate, this.#replicas)),
    );
  }
}

function decision(retryAfterMs: number): WindowDecision {
  return retryAfterMs <= 0 ? { allowed: true } : { allowed: false, retryAfterMs };
}

/** One replica's part of a limit, at least one event per window so nothing stops altogether. */
export function shareOf(rate: Rate, replicas: number): Rate {
  return { limit: Math.max(1, Math.floor(rate.limit / replicas)), windowMs: rate.windowMs };
}
