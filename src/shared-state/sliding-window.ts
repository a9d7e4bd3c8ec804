/**
 * The one counting primitive behind the shared limits: a sliding window log ("at most `limit`
 * events in any `windowMs`"). The upstream budgets, each caller's share of them and the
 * per-caller write limit are all this, keyed differently. A log is stricter than a token bucket
 * or a fixed window: it never lets more than `limit` through in any window, wherever the
 * upstream's own window happens to start.
 */
import { digestKey } from '../cache/byte-lru.ts';

export interface Rate {
  limit: number;
  windowMs: number;
}

/** Allowed (and counted), or refused (and not counted) with the wait until a slot frees up. */
export type WindowDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** One limit among several that an event must fit in at once. */
export interface WindowLimit {
  key: string;
  rate: Rate;
}

export interface SlidingWindow {
  /** Counts one event under `key` if fewer than `rate.limit` happened in the last `rate.windowMs`. */
  take(key: string, rate: Rate): Promise<WindowDecision>;
  /**
   * Counts one event under every key if each has room, else under none: a call counted against
   * its provider's budget and its caller's share of it is either in both or in neither. A refusal
   * waits for the limit that frees up last.
   */
  takeAll(limits: readonly WindowLimit[]): Promise<WindowDecision>;
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

  async takeAll(limits: readonly WindowLimit[]): Promise<WindowDecision> {
    return this.takeAllNow(limits);
  }

  /** The same decision, synchronously (the memory store needs no round trip). */
  takeNow(key: string, rate: Rate): WindowDecision {
    return this.takeAllNow([{ key, rate }]);
  }

  takeAllNow(limits: readonly WindowLimit[]): WindowDecision {
    const now = this.#now();
    const logs = limits.map(({ key, rate }) => ({ log: this.#current(key, rate.windowMs, now), rate }));
    const retryAfterMs = Math.max(0, ...logs.map(({ log, rate }) => waitFor(log, rate, now)));
    if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
    for (const { log } of logs) log.times.push(now);
    this.#events += logs.length;
    this.#forgetBeyondBounds();
    return { allowed: true };
  }

  /** `key`'s log without the events that left its window, marked as the most recently used. */
  #current(key: string, windowMs: number, now: number): Log {
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
    return log;
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

/** 0 when `log` has room under `rate`, else the milliseconds until its next slot frees up. */
function waitFor(log: Log, { limit, windowMs }: Rate, now: number): number {
  if (log.times.length - log.head < limit) return 0;
  // The slot frees when the entry `limit` places from the newest leaves the window.
  return Math.max(1, (log.times[log.times.length - limit] ?? now) + windowMs - now);
}
