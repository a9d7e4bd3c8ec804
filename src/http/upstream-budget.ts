/**
 * Each provider's budget of upstream calls (`<PROVIDER>_RATE_LIMIT`), and each caller's share of
 * it (`GATEWAY_CALLER_BUDGET_SHARE`), so that one caller cannot spend what every other caller
 * needs. Counted in a `SlidingWindow`: in memory for one gateway, in Redis for replicas, so three
 * replicas together stay within one provider's limit instead of tripling it. A call is counted
 * only once the circuit and the bulkhead have let it through (see `UpstreamGuard`), retries and
 * the Logto token request included. With the budget or the caller's share spent, a call waits for
 * the next slot when that fits before the operation's deadline, and otherwise fails as
 * `throttled` (a `RateLimitedError` with `retryAfterSeconds`) without calling the upstream.
 */
import type { ProviderId } from '../providers/provider-id.ts';
import type { Rate, SlidingWindow, WindowLimit } from '../shared-state/sliding-window.ts';
import { sleep } from './retry.ts';
import { UpstreamError } from './upstream-error.ts';

/** A call with no deadline of its own (the shared Logto token request) waits at most this long. */
const NO_DEADLINE_WAIT_MS = 5_000;

export class UpstreamBudget {
  readonly #window: SlidingWindow;
  readonly #callerSharePercent: number;

  /** `callerSharePercent`: the most of a budget one caller's calls may use; 100 leaves callers unlimited. */
  constructor(window: SlidingWindow, callerSharePercent = 100) {
    this.#window = window;
    this.#callerSharePercent = callerSharePercent;
  }

  /**
   * Counts one call about to be sent against the provider's budget and, for a caller, against
   * that caller's share of it: both or neither. Answers 0 when counted, else the milliseconds
   * until both could have room.
   */
  async spend(provider: ProviderId, rate: Rate, caller: string | undefined): Promise<number> {
    const limits: WindowLimit[] = [{ key: `budget:${provider}`, rate }];
    if (caller !== undefined && this.#callerSharePercent < 100) {
      const limit = Math.max(1, Math.floor((rate.limit * this.#callerSharePercent) / 100));
      limits.push({ key: `share:${provider}:${caller}`, rate: { limit, windowMs: rate.windowMs } });
    }
    const decision = await this.#window.takeAll(limits);
    return decision.allowed ? 0 : decision.retryAfterMs;
  }

  /** Waits `retryAfterMs` for the next slot when that fits before `deadline`, else fails as `throttled`. */
  async wait(provider: ProviderId, retryAfterMs: number, signal: AbortSignal | undefined, deadline: number | undefined): Promise<void> {
    const limit = deadline ?? Date.now() + NO_DEADLINE_WAIT_MS;
    if (Date.now() + retryAfterMs > limit) {
      throw new UpstreamError({ provider, failure: 'throttled', retryAfterSeconds: Math.ceil(retryAfterMs / 1000) });
    }
    await sleep(retryAfterMs, signal);
  }
}
