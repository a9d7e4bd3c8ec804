/**
 * Metadata inspection with a short memory: a GraphQL page that lists twenty connections sharing
 * one IdP, or an administrator pressing "check" twice, should cost one fetch. Answers are kept
 * per URL (successes for `ttlMs`, refusals and failures for the shorter `failureTtlMs`, so a fixed
 * IdP shows up fixed soon), concurrent asks for one URL share one fetch, and at most `maxEntries`
 * URLs are remembered, least recently used forgotten first.
 */

import { untilAborted } from '../../until-aborted.ts';
import { MetadataError } from './errors.ts';
import type { MetadataFetcher } from './fetch.ts';
import { parseSamlMetadata } from './parse.ts';
import type { SamlMetadata } from './types.ts';

export interface MetadataInspectorOptions {
  fetcher: Pick<MetadataFetcher, 'fetch' | 'close'>;
  /** @default 60_000 */
  ttlMs?: number;
  /** @default 10_000 */
  failureTtlMs?: number;
  /** @default 500 */
  maxEntries?: number;
  /** Clock in epoch ms, injectable for tests. @default Date.now */
  now?: () => number;
}

type Outcome = { ok: true; metadata: SamlMetadata } | { ok: false; error: MetadataError };

interface CacheEntry {
  outcome: Outcome;
  expiresAt: number;
}

export class MetadataInspector {
  readonly #fetcher: MetadataInspectorOptions['fetcher'];
  readonly #ttlMs: number;
  readonly #failureTtlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  /** In insertion order, which a hit refreshes: the first key is the least recently used. */
  readonly #cache = new Map<string, CacheEntry>();
  readonly #inFlight = new Map<string, Promise<SamlMetadata>>();

  constructor(options: MetadataInspectorOptions) {
    this.#fetcher = options.fetcher;
    this.#ttlMs = options.ttlMs ?? 60_000;
    this.#failureTtlMs = options.failureTtlMs ?? 10_000;
    this.#maxEntries = options.maxEntries ?? 500;
    this.#now = options.now ?? Date.now;
  }

  /**
   * The metadata at `url`, from memory when recent. `signal` ends only this caller's wait: the
   * fetch may be shared with other callers, so it runs on (bounded by the fetcher's deadline).
   */
  inspectUrl(url: string, signal?: AbortSignal): Promise<SamlMetadata> {
    const key = cacheKey(url);
    const remembered = this.#remembered(key);
    if (remembered) return remembered.ok ? Promise.resolve(remembered.metadata) : Promise.reject(remembered.error);
    let shared = this.#inFlight.get(key);
    if (!shared) {
      shared = this.#fetchAndRemember(key, url);
      this.#inFlight.set(key, shared);
    }
    return signal ? untilAborted(shared, signal) : shared;
  }

  /** Parses a document the caller already has (pasted XML); nothing is cached. */
  inspectXml(xml: string): SamlMetadata {
    return parseSamlMetadata(xml);
  }

  close(): Promise<void> {
    return this.#fetcher.close();
  }

  async #fetchAndRemember(key: string, url: string): Promise<SamlMetadata> {
    try {
      const metadata = parseSamlMetadata(await this.#fetcher.fetch(url));
      this.#remember(key, { ok: true, metadata }, this.#ttlMs);
      return metadata;
    } catch (error) {
      // Only our own verdicts are kept; anything else is a bug, and should not stick for 10 s.
      if (error instanceof MetadataError) this.#remember(key, { ok: false, error }, this.#failureTtlMs);
      throw error;
    } finally {
      this.#inFlight.delete(key);
    }
  }

  #remembered(key: string): Outcome | undefined {
    const entry = this.#cache.get(key);
    if (!entry) return undefined;
    this.#cache.delete(key);
    if (entry.expiresAt <= this.#now()) return undefined;
    this.#cache.set(key, entry);
    return entry.outcome;
  }

  #remember(key: string, outcome: Outcome, ttlMs: number): void {
    this.#cache.delete(key);
    this.#cache.set(key, { outcome, expiresAt: this.#now() + ttlMs });
    for (const oldest of this.#cache.keys()) {
      if (this.#cache.size <= this.#maxEntries) break;
      this.#cache.delete(oldest);
    }
  }
}

/** One entry for spellings of the same URL (`HTTPS://IdP.example` and `https://idp.example/`). */
function cacheKey(url: string): string {
  return URL.parse(url)?.href ?? url;
}
