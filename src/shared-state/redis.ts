/**
 * The one Redis connection of a gateway (`REDIS_URL`) and its health. Redis trouble must never
 * fail a request: every use names a local fallback, and a command that does not answer within
 * `REDIS_TIMEOUT_MS` (or finds the connection down) switches the whole gateway to local state until
 * a probe or a reconnect shows Redis is back. Each change of state is logged once and reported to
 * listeners (the read cache drops what it kept locally, so nothing it stored before another
 * replica's invalidation is served).
 *
 * The URL may carry a password: only `host:port` is ever logged or reported.
 */
import { Redis } from 'ioredis';
import { redisAddress } from '../config/gateway.ts';
import type { Logger } from '../logger.ts';

export interface RedisSettings {
  url: string;
  /** Put before every key, so several gateways (or test runs) can share one Redis. */
  keyPrefix: string;
  /** How long one command may take before the gateway falls back to local state. */
  timeoutMs: number;
}

/** `redis`: shared state in use; `local`: Redis unreachable or slow, this replica's own state in use. */
export type SharedStateMode = 'redis' | 'local';

/** `memory` without `REDIS_URL`; otherwise `redis`, with the mode in use right now. */
export type SharedStateStatus =
  | { store: 'memory' }
  | {
      store: 'redis';
      mode: SharedStateMode;
      /** `host:port` of the Redis server, never the URL (it may hold a password). */
      redis: string;
      /** Switches from Redis to local state since start. */
      fallbacks: number;
    };

/** While on local state, Redis is asked this often whether it answers again. */
const PROBE_INTERVAL_MS = 1_000;

export class SharedRedis {
  readonly client: Redis;
  readonly keyPrefix: string;
  readonly address: string;
  readonly #timeoutMs: number;
  readonly #logger: Logger;
  readonly #listeners: ((mode: SharedStateMode) => void)[] = [];
  /** `starting` counts as local; it only decides how the first state is logged. */
  #mode: SharedStateMode | 'starting' = 'starting';
  #fallbacks = 0;
  #probe: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(settings: RedisSettings, logger: Logger) {
    this.keyPrefix = settings.keyPrefix;
    this.address = redisAddress(settings.url);
    this.#timeoutMs = settings.timeoutMs;
    this.#logger = logger;
    this.client = new Redis(settings.url, {
      // Connecting must not hold up start-up: requests use local state until Redis is ready.
      lazyConnect: true,
      // A command while disconnected fails at once instead of waiting in a queue: local state answers.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: settings.timeoutMs,
      connectTimeout: Math.max(1_000, settings.timeoutMs),
      retryStrategy: (times) => Math.min(100 * times, 2_000),
      // The reads of one operation's providers are asked in the same tick: one socket write for
      // all their commands instead of one each.
      enableAutoPipelining: true,
    });
    this.client.on('ready', () => this.#setMode('redis'));
    this.client.on('close', () => this.#setMode('local', 'connection closed'));
    // ioredis reports every failed (re)connection here; the state change above is what matters.
    this.client.on('error', (error: Error) => this.#setMode('local', reasonOf(error)));
    this.client.connect().catch(() => undefined);
  }

  get mode(): SharedStateMode {
    return this.#mode === 'redis' ? 'redis' : 'local';
  }

  /** Told of every change between Redis and local state. */
  onChange(listener: (mode: SharedStateMode) => void): void {
    this.#listeners.push(listener);
  }

  /**
   * `operation` on Redis when it is in use and answers in time; otherwise `fallback`. A failure
   * switches to local state, so the next calls do not each wait for the timeout.
   */
  async use<T>(operation: (client: Redis) => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
    if (this.mode !== 'redis') return fallback();
    try {
      return await withTimeout(operation(this.client), this.#timeoutMs);
    } catch (error) {
      this.#setMode('local', reasonOf(error));
      return fallback();
    }
  }

  status(): Extract<SharedStateStatus, { store: 'redis' }> {
    return { store: 'redis', mode: this.mode, redis: this.address, fallbacks: this.#fallbacks };
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#probe);
    await this.client.quit().catch(() => this.client.disconnect());
  }

  #setMode(next: SharedStateMode, reason?: string): void {
    if (this.#closed || next === this.#mode) return;
    const previous = this.#mode;
    this.#mode = next;
    if (next === 'local') {
      if (previous === 'redis') this.#fallbacks += 1;
      this.#logger.warn('shared state: Redis unavailable, using local state', { redis: this.address, reason });
      this.#startProbing();
    } else {
      clearInterval(this.#probe);
      this.#probe = undefined;
      this.#logger.info(previous === 'starting' ? 'shared state: using Redis' : 'shared state: Redis available again, using shared state', {
        redis: this.address,
      });
    }
    for (const listener of this.#listeners) listener(this.mode);
  }

  /**
   * A reconnect brings Redis back by itself (`ready`); a server that is connected but too slow
   * never reconnects, so it is pinged until it answers in time again.
   */
  #startProbing(): void {
    if (this.#probe) return;
    this.#probe = setInterval(() => {
      if (this.client.status !== 'ready') return;
      withTimeout(this.client.ping(), this.#timeoutMs).then(
        () => this.#setMode('redis'),
        () => undefined,
      );
    }, PROBE_INTERVAL_MS);
    this.#probe.unref();
  }
}

/** An error's code or name: ioredis messages are safe today, but a code is all a log needs. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return /timed out/i.test(error.message) ? 'timeout' : error.name;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Redis command timed out')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
