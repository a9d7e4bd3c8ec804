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
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import type { CacheStore } from './cache-store.ts';

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
  store(value: string): Promise<void>;
}

export class ReadCache {
  readonly ttlMs: number;
  readonly #store: CacheStore;
  readonly #logger: Logger;
  readonly #counts = new Map<ProviderId, CacheCounts>();

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
      store: async (value) => {
        if (generation === undefined) return;
        await this.#store.store(fullTag, id, generation, value, this.ttlMs).catch((error: unknown) => this.#storeFailed('write', error));
      },
    };
  }

  /** Called after every write, whatever its outcome: a failed write may still have been applied. */
  async invalidate(provider: ProviderId, tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    this.#countsOf(provider).invalidations += tags.length;
    await this.#store.bump(tags.map((tag) => `${provider}:${tag}`)).catch((error: unknown) => this.#storeFailed('invalidate', error));
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
