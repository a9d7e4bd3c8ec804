/**
 * Each provider's budget of upstream calls (`<PROVIDER>_RATE_LIMIT`), counted before every
 * attempt, retries and the Logto token request included. Counted in a `SlidingWindow`: in memory
 * for one gateway, in Redis for replicas, so three replicas together stay within one provider's
 * limit instead of tripling it. With the budget spent, a call waits for the next slot when that
 * fits before the operation's deadline, and otherwise fails as `throttled` (a `RateLimitedError`
 * with `retryAfterSeconds`) without calling the upstream.
 */
import type { ProviderId } from '../providers/provider-id.ts';
import type { Rate, SlidingWindow } from '../shared-state/sliding-window.ts';
import { sleep } from './retry.ts';
import { UpstreamError } from './upstream-error.ts';

/** A call with no deadline of its own (the shared Logto token request) waits at most this long. */
const NO_DEADLINE_WAIT_MS = 5_000;

export class UpstreamBudget {
  readonly #window: SlidingWindow;

  constructor(window: SlidingWindow) {
    this.#window = window;
  }

  /** Resolves once one call to `provider` is counted; rejects with a `throttled` UpstreamError. */
  async take(provider: ProviderId, rate: Rate, signal: AbortSignal | undefined, deadline: number | undefined): Promise<void> {
    for (;;) {
      const decision = await this.#window.take(`budget:${provider}`, rate);
      if (decision.allowed) return;
      const limit = deadline ?? Date.now() + NO_DEADLINE_WAIT_MS;
      if (Date.now() + decision.retryAfterMs > limit) {
        throw new UpstreamError({ provider, failure: 'throttled', retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000) });
      }
      await sleep(decision.retryAfterMs, signal);
    }
  }
}
