/**
 * Per-caller limit on SSO writes (`GATEWAY_WRITE_RATE_LIMIT`, e.g. 30 a minute): a sliding window
 * of attempt times per caller subject, kept in memory for this process.
 */
export interface WriteRate {
  limit: number;
  windowMs: number;
}

export type WriteDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class WriteRateLimiter {
  readonly #rate: WriteRate;
  readonly #attempts = new Map<string, number[]>();

  constructor(rate: WriteRate) {
    this.#rate = rate;
  }

  /** Counts one attempt by `subject`, refused ones included, and says whether it may proceed. */
  take(subject: string, now = Date.now()): WriteDecision {
    const since = now - this.#rate.windowMs;
    const recent = (this.#attempts.get(subject) ?? []).filter((at) => at > since);
    if (recent.length >= this.#rate.limit) {
      this.#attempts.set(subject, recent);
      const oldest = recent[0] ?? now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.#rate.windowMs - now) / 1000)) };
    }
    recent.push(now);
    this.#attempts.set(subject, recent);
    return { allowed: true };
  }
}
