/**
 * The one shape of in-process cache the gateway uses where keys or values come from callers or
 * upstreams: least recently used first out, bounded by an estimate of the memory it holds. A
 * bound on the number of entries alone lets large entries (a 95 KB document, a pasted
 * certificate) hold far more than intended, and a key kept as given holds the caller's text
 * itself. So keys are kept only as their SHA-256, and every entry is charged what its owner
 * reckons its value holds plus a fixed overhead for the digest, the map slot and the entry.
 */
import { createHash } from 'node:crypto';

export interface ByteLruOptions {
  /** The most the entries may be charged in total. */
  maxBytes: number;
  /** A bound on the count as well, where one is configured. @default no bound */
  maxEntries?: number;
  /** Clock in epoch ms, injectable for tests. @default Date.now */
  now?: () => number;
}

/** What a cache holds now, for tests and status pages. */
export interface ByteLruUsage {
  entries: number;
  bytes: number;
  maxBytes: number;
}

interface Entry<V> {
  value: V;
  bytes: number;
  expiresAt: number;
}

/** The digest (43 characters), the `Map` slot and the entry object, whatever the value. */
const ENTRY_OVERHEAD_BYTES = 200;

export class ByteLru<V> {
  /** In insertion order, which a hit refreshes: the first key is the least recently used. */
  readonly #entries = new Map<string, Entry<V>>();
  readonly #maxBytes: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  #bytes = 0;

  constructor(options: ByteLruOptions) {
    this.#maxBytes = options.maxBytes;
    this.#maxEntries = options.maxEntries ?? Number.POSITIVE_INFINITY;
    this.#now = options.now ?? Date.now;
  }

  /** The value kept under `key`, unless it has expired (then it is forgotten). */
  get(key: string): V | undefined {
    const id = digestKey(key);
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    this.#remove(id, entry);
    if (entry.expiresAt <= this.#now()) return undefined;
    this.#insert(id, entry);
    return entry.value;
  }

  /**
   * Keeps `value` for `ttlMs`, charged `valueBytes` (see `stringBytes`); older entries go until
   * the bounds hold again. A value that alone would pass the byte bound is not kept.
   */
  set(key: string, value: V, valueBytes: number, ttlMs = Number.POSITIVE_INFINITY): void {
    const id = digestKey(key);
    const previous = this.#entries.get(id);
    if (previous) this.#remove(id, previous);
    const bytes = Math.max(0, valueBytes) + ENTRY_OVERHEAD_BYTES;
    if (bytes > this.#maxBytes) return;
    this.#insert(id, { value, bytes, expiresAt: this.#now() + ttlMs });
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes && this.#entries.size <= this.#maxEntries) break;
      this.#remove(oldest, entry);
    }
  }

  delete(key: string): void {
    const id = digestKey(key);
    const entry = this.#entries.get(id);
    if (entry) this.#remove(id, entry);
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  usage(): ByteLruUsage {
    return { entries: this.#entries.size, bytes: this.#bytes, maxBytes: this.#maxBytes };
  }

  #insert(id: string, entry: Entry<V>): void {
    this.#entries.set(id, entry);
    this.#bytes += entry.bytes;
  }

  #remove(id: string, entry: Entry<V>): void {
    this.#entries.delete(id);
    this.#bytes -= entry.bytes;
  }
}

/** What a key is kept as: its SHA-256, so the cache never holds the text a caller sent. */
export function digestKey(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

/** An upper bound on what a string holds: V8 keeps at most two bytes per UTF-16 code unit. */
export function stringBytes(text: string): number {
  return text.length * 2;
}

/** For values made of strings, numbers and dates: their JSON text is a fair upper bound. */
export function jsonBytes(value: unknown): number {
  return stringBytes(JSON.stringify(value) ?? '');
}
