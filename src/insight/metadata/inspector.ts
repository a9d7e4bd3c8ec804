/**
 * Metadata inspection with a short memory: a GraphQL page that lists twenty connections sharing
 * one IdP, or an administrator pressing "check" twice, should cost one fetch. Answers are kept
 * per URL (successes for `ttlMs`, refusals and failures for the shorter `failureTtlMs`, so a fixed
 * IdP shows up fixed soon), concurrent asks for one URL share one fetch, and at most `maxEntries`
 * URLs and `maxBytes` of answers are remembered, least recently used forgotten first. Callers
 * choose the URLs, so the memory is keyed by their digest.
 */

import { ByteLru, type ByteLruUsage, jsonBytes } from '../../cache/byte-lru.ts';
import { untilAborted } from '../../until-aborted.ts';
import { MetadataError } from './errors.ts';
import type { MetadataFetcher } from './fetch.ts';
import type { SamlMetadata } from './types.ts';

export interface MetadataInspectorOptions {
  fetcher: Pick<MetadataFetcher, 'fetch' | 'close'>;
  /** @default 60_000 */
  ttlMs?: number;
  /** @default 10_000 */
  failureTtlMs?: number;
  /** @default 500 */
  maxEntries?: number;
  /** Answers' estimated size, in total. @default 8 MiB */
  maxBytes?: number;
  /** Clock in epoch ms, injectable for tests. @default Date.now */
  now?: () => number;
}

/**
 * The XML parser (fast-xml-parser, about 1.3 MB of heap) is loaded when the first metadata document
 * is parsed: many gateways never inspect metadata.
 */
const xmlParser = () => import('./parse.ts');

type Outcome = { ok: true; metadata: SamlMetadata } | { ok: false; error: MetadataError };

export class MetadataInspector {
  readonly #fetcher: MetadataInspectorOptions['fetcher'];
  readonly #ttlMs: number;
  readonly #failureTtlMs: number;
  readonly #cache: ByteLru<Outcome>;
  /** Holds only the fetches in flight: each entry leaves when its fetch ends. */
  readonly #inFlight = new Map<string, Promise<SamlMetadata>>();

  constructor(options: MetadataInspectorOptions) {
    this.#fetcher = options.fetcher;
    this.#ttlMs = options.ttlMs ?? 60_000;
    this.#failureTtlMs = options.failureTtlMs ?? 10_000;
    this.#cache = new ByteLru({ maxEntries: options.maxEntries ?? 500, maxBytes: options.maxBytes ?? 8 * 1024 * 1024, now: options.now });
  }

  /**
   * The metadata at `url`, from memory when recent. `signal` ends only this caller's wait: the
   * fetch may be shared with other callers, so it runs on (bounded by the fetcher's deadline).
   */
  inspectUrl(url: string, signal?: AbortSignal): Promise<SamlMetadata> {
    const key = cacheKey(url);
    const remembered = this.#cache.get(key);
    if (remembered) return remembered.ok ? Promise.resolve(remembered.metadata) : Promise.reject(remembered.error);
    let shared = this.#inFlight.get(key);
    if (!shared) {
      shared = this.#fetchAndRemember(key, url);
      this.#inFlight.set(key, shared);
    }
    return signal ? untilAborted(shared, signal) : shared;
  }

  /** Parses a document the caller already has (pasted XML); nothing is cached. */
  async inspectXml(xml: string): Promise<SamlMetadata> {
    return (await xmlParser()).parseSamlMetadata(xml);
  }

  close(): Promise<void> {
    return this.#fetcher.close();
  }

  /** What the memory holds now (tests check it stays within its bounds). */
  usage(): ByteLruUsage {
    return this.#cache.usage();
  }

  async #fetchAndRemember(key: string, url: string): Promise<SamlMetadata> {
    try {
      const metadata = (await xmlParser()).parseSamlMetadata(await this.#fetcher.fetch(url));
      this.#cache.set(key, { ok: true, metadata }, jsonBytes(metadata), this.#ttlMs);
      return metadata;
    } catch (error) {
      // Only our own verdicts are kept; anything else is a bug, and should not stick for 10 s.
      if (error instanceof MetadataError) this.#cache.set(key, { ok: false, error }, jsonBytes(error.message), this.#failureTtlMs);
      throw error;
    } finally {
      this.#inFlight.delete(key);
    }
  }
}

/** One entry for spellings of the same URL (`HTTPS://IdP.example` and `https://idp.example/`). */
function cacheKey(url: string): string {
  return URL.parse(url)?.href ?? url;
}
