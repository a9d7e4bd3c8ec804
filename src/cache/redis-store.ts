/**
 * The read cache's store when `REDIS_URL` is set: entries and tag generations in Redis, so a
 * write through one replica (INCR of the tag's generation) makes every replica's next read a miss,
 * and an answer fetched by one serves all. Values are sealed (`shared-state/sealer.ts`): they are
 * raw upstream answers and may hold secrets.
 *
 * A read is one round trip: the entry's key holds the tag and the request digest but not the
 * generation, which is stored in the value (and sealed in with it), so one MGET fetches the
 * tag's generation and the entry together, and an entry of another generation is a miss. A late
 * answer stored under an old generation may overwrite a newer entry: that costs a miss, never a
 * stale answer.
 *
 * When Redis is away the store answers from a local `MemoryStore`, under the same policy. Two
 * rules keep that from serving stale answers:
 * - the local store is emptied on every switch, both ways: what it held was stored before
 *   writes it may not have seen (another replica's, while this one was away);
 * - local generations are handed out as negative numbers and Redis's are never negative, so an
 *   entry keyed under one store's generation is never read under the other's.
 * Tags a write moved while Redis was away are moved in Redis too once it is back, so the other
 * replicas stop serving what that write changed.
 *
 * A replica that misses claims the fill with SET NX on a key of the entry's generation; replicas
 * that miss while the claim stands poll for the entry instead of calling the upstream. A fill
 * deletes its claim when it ends (only its own: a token guards it); after a failure that sends the
 * pollers upstream themselves. A fill that hangs stops holding them back when its claim expires.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { SharedRedis } from '../shared-state/redis.ts';
import type { Sealer } from '../shared-state/sealer.ts';
import { type CacheLookup, type CacheStore, entryKey, type FillClaim, type MemoryStore } from './cache-store.ts';

/**
 * Generations outlive every entry stored under them (the cache TTL is at most an hour), so a
 * generation key that expires and starts again at 0 can only meet entries long gone.
 */
const GENERATION_TTL_MS = 24 * 3_600_000;
/** Tags remembered for re-invalidation when Redis is back; past that, the oldest are dropped. */
const MAX_PENDING_TAGS = 10_000;
/**
 * How long a claim holds other replicas back. Longer than a healthy upstream answer takes; a slower
 * fill costs the waiters one call each, as if nobody had claimed.
 */
const FILL_CLAIM_MS = 2_000;
/** Pollers look again after 5, 10, 20, 40, then every 50 ms: close behind a fast upstream, light on Redis for a slow one. */
const FIRST_POLL_MS = 5;
const MAX_POLL_MS = 50;
/** Deletes a claim only if it still holds this replica's token: an expired claim may be another's now. */
const RELEASE_CLAIM = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

type Poll = { done: false } | { done: true; value: string | undefined };

export class RedisStore implements CacheStore {
  readonly #redis: SharedRedis;
  readonly #local: MemoryStore;
  readonly #sealer: Sealer;
  readonly #pendingBumps = new Set<string>();
  /** Expiry times of the entries this replica put in Redis, oldest first (one TTL for all). */
  readonly #written: number[] = [];
  readonly #maxEntries: number;

  constructor(redis: SharedRedis, local: MemoryStore, sealer: Sealer, maxEntries: number) {
    this.#redis = redis;
    this.#local = local;
    this.#sealer = sealer;
    this.#maxEntries = maxEntries;
    redis.onChange((mode) => {
      this.#local.clear();
      if (mode === 'redis') void this.#replayBumps();
    });
  }

  lookup(tag: string, id: string): Promise<CacheLookup> {
    return this.#redis.use(
      async (client) => {
        const key = this.#entryKey(tag, id);
        const [current, stored] = await client.mget(this.#generationKey(tag), key);
        const generation = Number(current ?? 0);
        return { generation, value: this.#open(key, generation, stored ?? null) };
      },
      async () => {
        const [local = 0] = await this.#local.generations([tag]);
        const generation = -1 - local;
        return { generation, value: await this.#local.get(entryKey(tag, generation, id)) };
      },
    );
  }

  store(tag: string, id: string, generation: number, value: string, ttlMs: number): Promise<void> {
    return this.#redis.use(
      async (client) => {
        // Looked up while Redis was away (negative): no replica will ever read that generation in Redis.
        if (!(generation >= 0)) return;
        const key = this.#entryKey(tag, id);
        await client.set(key, `${generation}.${this.#sealer.seal(`${key}:${generation}`, value)}`, 'PX', ttlMs);
        this.#noteWritten(Date.now() + ttlMs);
      },
      () => this.#local.set(entryKey(tag, generation, id), value, ttlMs),
    );
  }

  bump(tags: readonly string[]): Promise<void> {
    return this.#redis.use(
      (client) => this.#bumpIn(client, tags),
      async () => {
        await this.#local.bump(tags);
        for (const tag of tags) this.#pendingBumps.add(tag);
        for (const oldest of this.#pendingBumps) {
          if (this.#pendingBumps.size <= MAX_PENDING_TAGS) break;
          this.#pendingBumps.delete(oldest);
        }
      },
    );
  }

  claimFill(tag: string, id: string, generation: number): Promise<FillClaim> {
    const claimKey = `${this.#redis.keyPrefix}fill:${tag}:${generation}:${id}`;
    const token = randomUUID();
    return this.#redis.use<FillClaim>(
      async (client) => {
        if ((await client.set(claimKey, token, 'PX', FILL_CLAIM_MS, 'NX')) === 'OK')
          return { ours: true, release: () => this.#release(claimKey, token) };
        return { ours: false, wait: (signal) => this.#awaitFill(tag, id, generation, claimKey, signal) };
      },
      // Without Redis there are no other replicas to wait for.
      () => ({ ours: true, release: async () => undefined }),
    );
  }

  /**
   * An estimate, since `size()` cannot wait for Redis: the entries held locally plus those this
   * replica put in Redis that have not expired yet (other replicas' entries are not counted).
   */
  size(): number {
    const now = Date.now();
    let expired = 0;
    while (expired < this.#written.length && (this.#written[expired] ?? now) <= now) expired += 1;
    this.#written.splice(0, expired);
    return this.#local.size() + this.#written.length;
  }

  async #bumpIn(client: Redis, tags: readonly string[]): Promise<void> {
    const pipeline = client.pipeline();
    for (const tag of tags) pipeline.incr(this.#generationKey(tag)).pexpire(this.#generationKey(tag), GENERATION_TTL_MS);
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error !== null);
    if (failed) throw failed[0];
  }

  async #release(claimKey: string, token: string): Promise<void> {
    await this.#redis.use(
      (client) => client.eval(RELEASE_CLAIM, 1, claimKey, token),
      () => undefined,
    );
  }

  /**
   * Polls until the claimed entry is stored, the claim is gone, a write moves the tag, the claim's
   * time is up, or the waiting request is aborted.
   */
  async #awaitFill(tag: string, id: string, generation: number, claimKey: string, signal?: AbortSignal): Promise<string | undefined> {
    const key = this.#entryKey(tag, id);
    const givesUpAt = Date.now() + FILL_CLAIM_MS;
    for (let pause = FIRST_POLL_MS; Date.now() < givesUpAt; pause = Math.min(pause * 2, MAX_POLL_MS)) {
      const slept = await delay(pause, true, { signal }).catch(() => false);
      if (!slept) return undefined;
      const poll = await this.#redis.use<Poll>(
        async (client) => {
          const [current, stored, claim] = await client.mget(this.#generationKey(tag), key, claimKey);
          if (Number(current ?? 0) !== generation) return { done: true, value: undefined };
          const value = this.#open(key, generation, stored ?? null);
          return value !== undefined || claim === null ? { done: true, value } : { done: false };
        },
        () => ({ done: true, value: undefined }),
      );
      if (poll.done) return poll.value;
    }
    return undefined;
  }

  async #replayBumps(): Promise<void> {
    const tags = [...this.#pendingBumps];
    if (tags.length === 0) return;
    this.#pendingBumps.clear();
    await this.bump(tags);
  }

  #noteWritten(expiresAt: number): void {
    this.#written.push(expiresAt);
    if (this.#written.length > this.#maxEntries) this.#written.shift();
  }

  /** The stored answer when it was stored under `generation` and opens; otherwise a miss. */
  #open(key: string, generation: number, stored: string | null): string | undefined {
    if (stored === null) return undefined;
    const dot = stored.indexOf('.');
    if (dot < 0 || stored.slice(0, dot) !== String(generation)) return undefined;
    return this.#sealer.open(`${key}:${generation}`, stored.slice(dot + 1));
  }

  #entryKey(tag: string, id: string): string {
    return `${this.#redis.keyPrefix}cache:${tag}:${id}`;
  }

  #generationKey(tag: string): string {
    return `${this.#redis.keyPrefix}gen:${tag}`;
  }
}
