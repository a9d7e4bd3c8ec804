/**
 * The one counting primitive behind both shared limits: a sliding window log ("at most `limit`
 * events in any `windowMs`"). The upstream budgets and the per-caller write limit are both this,
 * keyed differently. A log is stricter than a token bucket or a fixed window: it never lets more
 * than `limit` through in any window, wherever the upstream's own window happens to start.
 */
import { digestKey } from '../cache/byte-lru.ts';
export interface Rate {
  limit: number;
  windowMs: number;
}

/** Allowed (and counted), or refused (and not counted) with the wait until a slot frees up. */
export type WindowDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface SlidingWindow {
  /** Counts one event under `key` if fewer than `rate.limit` happened in the last `rate.windowMs`. */
  take(key: string, rate: Rate): Promise<WindowDecision>;
}

/**
 * What the memory log holds at most: keys (kept as their digest: they name callers) and event
 * times across all keys (8 bytes each). Past either, the least recently used keys' logs are
 * forgotten first (callers not seen for long).
 */
export interface MemoryWindowBounds {
  maxKeys: number;
  maxEvents: number;
}

const DEFAULT_BOUNDS: MemoryWindowBounds = { maxKeys: 100_000, maxEvents: 1_000_000 };

/** One key's event times, oldest first; `head` skips the expired ones without moving the array. */
interface Log {
  times: number[];
  head: number;
}

/** The log in this process's memory: the store when `REDIS_URL` is unset, and the fallback when Redis is away. */
export class MemoryWindow implements SlidingWindow {
  readonly #logs = new Map<string, Log>();
  readonly #now: () => number;
  readonly #bounds: MemoryWindowBounds;
  /** Event times held in all logs, expired ones not yet dropped included. */
  #events = 0;

  constructor(now: () => number = Date.now, bounds: MemoryWindowBounds = DEFAULT_BOUNDS) {
    this.#now = now;
    this.#bounds = bounds;
  }

  async take(key: string, rate: Rate): Promise<WindowDecision> {
    return this.takeNow(key, rate);
  }

  /** The same decision, synchronously (the memory store needs no round trip). */
  takeNow(key: string, { limit, windowMs }: Rate): WindowDecision {
    const now = this.#now();
    const id = digestKey(key);
    const log = this.#logs.get(id) ?? { times: [], head: 0 };
    while (log.head < log.times.length && (log.times[log.head] ?? now) <= now - windowMs) log.head += 1;
    if (log.head > 1_024 && log.head * 2 > log.times.length) {
      log.times = log.times.slice(log.head);
      this.#events -= log.head;
      log.head = 0;
    }
    // Re-inserted on every take, so the map's first key is the one least recently used.
    this.#logs.delete(id);
    this.#logs.set(id, log);
    const held = log.times.length - log.head;
    if (held >= limit) {
      // The slot frees when the entry `limit` places from the newest leaves the window.
      const freesAt = (log.times[log.times.length - limit] ?? now) + windowMs;
      return { allowed: false, retryAfterMs: Math.max(1, freesAt - now) };
    }
    log.times.push(now);
    this.#events += 1;
    this.#forgetBeyondBounds();
    return { allowed: true };
  }

  /** Forgets every log (after Redis came back, the shared log is the truth again). */
  clear(): void {
    this.#logs.clear();
    this.#events = 0;
  }

  /** What the logs hold now (tests check it stays within the bounds). */
  usage(): { keys: number; events: number } {
    return { keys: this.#logs.size, events: this.#events };
  }

  /** Least recently used first; the log just taken from (the last one) always stays. */
  #forgetBeyondBounds(): void {
    for (const [id, log] of this.#logs) {
      if (this.#logs.size <= 1 || (this.#logs.size <= this.#bounds.maxKeys && this.#events <= this.#bounds.maxEvents)) break;
      this.#logs.delete(id);
      this.#events -= log.times.length;
    }
  }
}
