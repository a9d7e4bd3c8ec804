/**
 * The read cache shared by every request of a gateway (opt-in: `GATEWAY_CACHE_TTL_MS`).
 *
 * Consistency rule: an answer is served from the cache for at most the TTL after the upstream
 * gave it, unless a write through this gateway touched the same resource first. Keys are built
 * from the provider, the resource tag, the tag's generation, and a digest of the whole upstream
 * request *including the credential headers it carries*: a Stytch caller's forwarded member
 * session, a Logto token or an API key each get their own key space, so nothing one upstream
 * credential may see is served to a request made with another. A write moves the tags it touches
 * to a new generation before it answers, which orphans every entry stored under the old one, even
 * entries from reads that were still in flight. Only successful, schema-valid answers are stored.
 * A store that fails is a miss, never a failed request.
 *
 * Requests that miss the same entry together make one upstream call: the first fills it, the
 * others wait for the text it stores (and, with a shared store, so do other replicas' requests).
 * Only a success is shared: when the fill fails, each waiter asks the upstream itself, so nobody
 * is handed an error, a timeout or an abort that belonged to another caller's request.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import { untilAborted } from '../until-aborted.ts';
import { type CacheStore, entryKey } from './cache-store.ts';

export interface CacheCounts {
  hits: number;
  misses: number;
  /** Tags moved to a new generation by writes. */
  invalidations: number;
}

/** One read's place in the cache, fixed (generation included) before the upstream is asked. */
export interface CacheSlot {
  /** The stored answer, or `undefined` on a miss. */
  hit: string | undefined;
  /**
   * After a miss: runs `fetch` and stores what it returns, unless a fill of the same entry is
   * already running (here or in another replica); then the text that fill stored is returned as
   * `shared` instead, and `fetch` runs only if that fill fails. When `signal` aborts, the request
   * stops waiting and runs `fetch`, which answers the abort as any call of that request does.
   */
  fill<T>(fetch: () => Promise<Filled<T>>, signal?: AbortSignal): Promise<Filled<T> | { shared: string }>;
}

/** What a fill fetched: the caller's own result, and the text to store for everyone else. */
export interface Filled<T> {
  result: T;
  stored: string;
}

/** Where an entry lives: the tag (provider included), the request digest and the tag's generation. */
interface EntryPlace {
  tag: string;
  id: string;
  generation: number;
}

export class ReadCache {
  readonly ttlMs: number;
  readonly #store: CacheStore;
  readonly #logger: Logger;
  readonly #counts = new Map<ProviderId, CacheCounts>();
  /** Fills running in this process, by entry: the text each stores, or `undefined` if it fails. */
  readonly #fills = new Map<string, Promise<string | undefined>>();

  constructor(store: CacheStore, ttlMs: number, logger: Logger) {
    this.#store = store;
    this.ttlMs = ttlMs;
    this.#logger = logger;
  }

  /** Looks a request up; `request` must describe everything that shapes the answer, credentials included. */
  async slot(provider: ProviderId, tag: string, request: string): Promise<CacheSlot> {
    const counts = this.#countsOf(provider);
    const fullTag = `${provider}:${tag}`;
    const id = digest(request);
    let generation: number | undefined;
    let hit: string | undefined;
    try {
      ({ generation, value: hit } = await this.#store.lookup(fullTag, id));
    } catch (error) {
      this.#storeFailed('read', error);
    }
    if (hit === undefined) counts.misses += 1;
    else counts.hits += 1;
    return {
      hit,
      // Without a generation (the store failed) there is nothing to share or store into.
      fill: (fetch, signal) => (generation === undefined ? fetch() : this.#fill({ tag: fullTag, id, generation }, fetch, signal)),
    };
  }

  /** Called after every write, whatever its outcome: a failed write may still have been applied. */
  async invalidate(provider: ProviderId, tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    this.#countsOf(provider).invalidations += tags.length;
    await this.#store.bump(tags.map((tag) => `${provider}:${tag}`)).catch((error: unknown) => this.#storeFailed('invalidate', error));
  }

  /** Joins the fill of `place` running in this process, or starts one and lets later misses join it. */
  #fill<T>(place: EntryPlace, fetch: () => Promise<Filled<T>>, signal?: AbortSignal): Promise<Filled<T> | { shared: string }> {
    const key = entryKey(place.tag, place.generation, place.id);
    const running = this.#fills.get(key);
    if (running) return this.#join(running, place, fetch, signal);
    const filling = this.#lead(place, fetch, signal);
    const stored = filling.then(
      (filled) => ('shared' in filled ? filled.shared : filled.stored),
      () => undefined,
    );
    this.#fills.set(key, stored);
    void stored.then(() => {
      if (this.#fills.get(key) === stored) this.#fills.delete(key);
    });
    return filling;
  }

  async #join<T>(running: Promise<string | undefined>, place: EntryPlace, fetch: () => Promise<Filled<T>>, signal?: AbortSignal) {
    // The fill runs on for the others when this request is aborted; only this one stops waiting.
    const shared = await (signal ? untilAborted(running, signal).catch(() => undefined) : running);
    return shared === undefined ? this.#fetchAndStore(place, fetch) : { shared };
  }

  /** Fills `place`, unless another replica is filling it already and its answer arrives. */
  async #lead<T>(place: EntryPlace, fetch: () => Promise<Filled<T>>, signal?: AbortSignal): Promise<Filled<T> | { shared: string }> {
    const claim = await this.#store.claimFill?.(place.tag, place.id, place.generation).catch((error: unknown) => {
      this.#storeFailed('claim', error);
      return undefined;
    });
    if (claim && !claim.ours) {
      const shared = await claim.wait(signal).catch((error: unknown) => this.#storeFailed('wait', error));
      if (shared !== undefined) return { shared };
      return this.#fetchAndStore(place, fetch);
    }
    try {
      return await this.#fetchAndStore(place, fetch);
    } finally {
      // Stored or failed, the claim ends now: left to expire, it would hold back the next miss of
      // this entry (once the entry expires) for the rest of its time, waiting for a fill nobody makes.
      await claim?.release().catch((failure: unknown) => this.#storeFailed('release', failure));
    }
  }

  async #fetchAndStore<T>(place: EntryPlace, fetch: () => Promise<Filled<T>>): Promise<Filled<T>> {
    const filled = await fetch();
    await this.#store
      .store(place.tag, place.id, place.generation, filled.stored, this.ttlMs)
      .catch((error: unknown) => this.#storeFailed('write', error));
    return filled;
  }

  counts(provider: ProviderId): CacheCounts {
    return { ...this.#countsOf(provider) };
  }

  entries(): number {
    return this.#store.size();
  }

  #countsOf(provider: ProviderId): CacheCounts {
    let counts = this.#counts.get(provider);
    if (!counts) {
      counts = { hits: 0, misses: 0, invalidations: 0 };
      this.#counts.set(provider, counts);
    }
    return counts;
  }

  #storeFailed(operation: string, error: unknown): void {
    this.#logger.warn('read cache store failed; treated as a miss', { operation, reason: error instanceof Error ? error.name : 'unknown' });
  }
}

/** Keys hold a digest, never the request itself: its headers carry credentials. */
function digest(request: string): string {
  return createHash('sha256').update(request).digest('base64url');
}
