/**
 * Where the read cache keeps its entries and its tag generations. One interface, so a shared
 * store (Redis, for several replicas) can replace the in-memory one without touching the policy in
 * `read-cache.ts`. Every method is async for that reason.
 */
export interface CacheStore {
  /**
   * The tag's current generation and the answer stored for `id` under it, in one step: one round
   * trip for a shared store.
   */
  lookup(tag: string, id: string): Promise<CacheLookup>;
  /** Stores `value` for `id` under the generation its `lookup` answered (never under a later one). */
  store(tag: string, id: string, generation: number, value: string, ttlMs: number): Promise<void>;
  /** Moves each tag to a new generation: entries stored under an older one are never read again. */
  bump(tags: readonly string[]): Promise<void>;
  /** Entries held now, for `Query.providers` and metrics. */
  size(): number;
  /**
   * Shared stores only: claims the fill of an entry for this replica, so that replicas that miss the
   * same entry together make one upstream call between them. In one process the read cache already
   * lets one request fill for all.
   */
  claimFill?(tag: string, id: string, generation: number): Promise<FillClaim>;
}

/** A replica's claim to fill one entry, or the fill another replica is making. */
export type FillClaim =
  | {
      ours: true;
      /** Ends the claim once the fill is stored or has failed; after a failure, other replicas stop waiting and ask themselves. */
      release(): Promise<void>;
    }
  | {
      ours: false;
      /**
       * The answer the other replica stored under this generation; `undefined` when it gave up, a
       * write moved the tag meanwhile, no answer came within the wait, or `signal` aborted: then
       * the caller fetches.
       */
      wait(signal?: AbortSignal): Promise<string | undefined>;
    };

export interface CacheLookup {
  generation: number;
  /** `undefined` on a miss. */
  value: string | undefined;
}

/** Where an entry lives in a store that keys entries by their generation. */
export function entryKey(tag: string, generation: number, id: string): string {
  return `${tag}:${generation}:${id}`;
}

export interface MemoryStoreOptions {
  /** Entries kept at most; the least recently used go first. */
  maxEntries: number;
  /**
   * Sum of key and value lengths (characters) kept at most: at most two bytes each, so this bounds
   * the bytes held too. Keys are short (a tag and a digest), values are upstream answers.
   */
  maxChars: number;
  now?: () => number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/** Distinct tags remembered at most before generations start over (with every entry dropped). */
const MAX_TAGS = 10_000;

/**
 * A bounded LRU in this process. A `Map` keeps insertion order, so re-inserting on every hit makes
 * its first key the least recently used one.
 */
export class MemoryStore implements CacheStore {
  readonly #entries = new Map<string, Entry>();
  readonly #generations = new Map<string, number>();
  readonly #options: MemoryStoreOptions;
  readonly #now: () => number;
  #chars = 0;
  /**
   * Generation of a tag not in the map. Raised past every generation handed out when the map is
   * reset, so a generation number is never reused and a late write under an old one stays unread.
   */
  #floor = 0;
  #highest = 0;

  constructor(options: MemoryStoreOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  async lookup(tag: string, id: string): Promise<CacheLookup> {
    const generation = this.#generations.get(tag) ?? this.#floor;
    return { generation, value: await this.get(entryKey(tag, generation, id)) };
  }

  store(tag: string, id: string, generation: number, value: string, ttlMs: number): Promise<void> {
    return this.set(entryKey(tag, generation, id), value, ttlMs);
  }

  async get(key: string): Promise<string | undefined> {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#delete(key, entry);
    if (entry.expiresAt <= this.#now()) return undefined;
    this.#entries.set(key, entry);
    this.#chars += charsOf(key, entry);
    return entry.value;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    const entry = { value, expiresAt: this.#now() + ttlMs };
    if (charsOf(key, entry) > this.#options.maxChars) return;
    const previous = this.#entries.get(key);
    if (previous) this.#delete(key, previous);
    this.#entries.set(key, entry);
    this.#chars += charsOf(key, entry);
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.#options.maxEntries && this.#chars <= this.#options.maxChars) break;
      this.#delete(oldest, entry);
    }
  }

  async generations(tags: readonly string[]): Promise<number[]> {
    return tags.map((tag) => this.#generations.get(tag) ?? this.#floor);
  }

  async bump(tags: readonly string[]): Promise<void> {
    if (this.#generations.size + tags.length > MAX_TAGS) this.clear();
    for (const tag of tags) {
      const next = (this.#generations.get(tag) ?? this.#floor) + 1;
      this.#generations.set(tag, next);
      this.#highest = Math.max(this.#highest, next);
    }
  }

  size(): number {
    return this.#entries.size;
  }

  /** Drops every entry and moves every tag past any generation handed out so far. */
  clear(): void {
    this.#floor = this.#highest + 1;
    this.#highest = this.#floor;
    this.#generations.clear();
    this.#entries.clear();
    this.#chars = 0;
  }

  #delete(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#chars -= charsOf(key, entry);
  }
}

function charsOf(key: string, entry: Entry): number {
  return key.length + entry.value.length;
}
