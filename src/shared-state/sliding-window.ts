/**
 * The one counting primitive behind both shared limits: a sliding window log ("at most `limit`
 * events in any `windowMs`"). The upstream budgets and the per-caller write limit are both this,
 * keyed differently. A log is stricter than a token bucket or a fixed window: it never lets more
 * than `limit` through in any window, wherever the upstream's own window happens to start.
 */
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

/** Keys remembered at most; past that the oldest key's log is forgotten (a caller we have not seen for long). */
const MAX_KEYS = 100_000;

/** One key's event times, oldest first; `head` skips the expired ones without moving the array. */
interface Log {
  times: number[];
  head: number;
}

/** The log in this process's memory: the store when `REDIS_URL` is unset, and the fallback when Redis is away. */
export class MemoryWindow implements SlidingWindow {
  readonly #logs = new Map<string, Log>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async take(key: string, rate: Rate): Promise<WindowDecision> {
    return this.takeNow(key, rate);
  }

  /** The same decision, synchronously (the memory store needs no round trip). */
  takeNow(key: string, { limit, windowMs }: Rate): WindowDecision {
    const now = this.#now();
    const log = this.#logs.get(key) ?? { times: [], head: 0 };
    while (log.head < log.times.length && (log.times[log.head] ?? now) <= now - windowMs) log.head += 1;
    if (log.head > 1_024 && log.head * 2 > log.times.length) {
      log.times = log.times.slice(log.head);
      log.head = 0;
    }
    // Re-inserted on every take, so the map's first key is the one least recently used.
    this.#logs.delete(key);
    this.#logs.set(key, log);
    if (this.#logs.size > MAX_KEYS) this.#logs.delete(this.#logs.keys().next().value as string);
    const held = log.times.length - log.head;
    if (held >= limit) {
      // The slot frees when the entry `limit` places from the newest leaves the window.
      const freesAt = (log.times[log.times.length - limit] ?? now) + windowMs;
      return { allowed: false, retryAfterMs: Math.max(1, freesAt - now) };
    }
    log.times.push(now);
    return { allowed: true };
  }

  /** Forgets every log (after Redis came back, the shared log is the truth again). */
  clear(): void {
    this.#logs.clear();
  }
}
