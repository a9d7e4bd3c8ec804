/**
 * Per-caller limit on SSO writes (`GATEWAY_WRITE_RATE_LIMIT`, e.g. 30 a minute): a sliding window
 * of attempt times per caller subject. In memory for one gateway; in Redis when replicas share
 * state, so a caller spread over three replicas still gets one limit, not three.
 */
import type { Rate, SlidingWindow } from '../shared-state/sliding-window.ts';
import { MemoryWindow } from '../shared-state/sliding-window.ts';

export type WriteRate = Rate;

export type WriteDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class WriteRateLimiter {
  readonly #rate: WriteRate;
  readonly #window: SlidingWindow;

  constructor(rate: WriteRate, window: SlidingWindow = new MemoryWindow()) {
    this.#rate = rate;
    this.#window = window;
  }

  /**
   * Counts one attempt by `subject`, whatever refuses it later (scopes, validation, the upstream),
   * and says whether it may proceed; an attempt refused here is not counted again.
   */
  async take(subject: string): Promise<WriteDecision> {
    const decision = await this.#window.take(`writes:${subject}`, this.#rate);
    return decision.allowed ? decision : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)) };
  }
}
