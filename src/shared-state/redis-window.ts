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
import { MemoryWindow, type Rate, type SlidingWindow, type WindowDecision, type WindowLimit } from './sliding-window.ts';

/**
 * KEYS: the limits' logs; ARGV: each limit's count and window in turn, then a unique member.
 * Returns 0 when the event is counted under every key, else the milliseconds until the last of
 * the full ones frees a slot (and counts nothing).
 */
const TAKE_ALL = `
local now = redis.call('TIME')
now = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local wait = 0
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[2 * i - 1])
  local window = tonumber(ARGV[2 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local held = redis.call('ZCARD', key)
  if held >= limit then
    local entry = redis.call('ZRANGE', key, held - limit, held - limit, 'WITHSCORES')
    wait = math.max(wait, 1, tonumber(entry[2]) + window - now)
  end
end
if wait > 0 then
  return wait
end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, now .. ':' .. ARGV[#ARGV])
  redis.call('PEXPIRE', key, tonumber(ARGV[2 * i]))
end
return 0
`;
const TAKE_ALL_SHA = createHash('sha1').update(TAKE_ALL).digest('hex');

/** EVALSHA, loading the script with EVAL the first time a server does not know it. */
async function runTakeAll(client: Redis, prefix: string, limits: readonly WindowLimit[]): Promise<number> {
  const keys = limits.map(({ key }) => `${prefix}window:${key}`);
  const args = [...limits.flatMap(({ rate }) => [rate.limit, rate.windowMs]), randomUUID()];
  try {
    return Number(await client.evalsha(TAKE_ALL_SHA, keys.length, ...keys, ...args));
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return Number(await client.eval(TAKE_ALL, keys.length, ...keys, ...args));
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
    return this.takeAll([{ key, rate }]);
  }

  takeAll(limits: readonly WindowLimit[]): Promise<WindowDecision> {
    return this.#redis.use(
      async (client) => decision(await runTakeAll(client, this.#redis.keyPrefix, limits)),
      () => this.#local.takeAllNow(limits.map(({ key, rate }) => ({ key, rate: shareOf(rate, this.#replicas) }))),
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
