/**
 * What stands between the gateway and one provider: a circuit breaker (fail fast after repeated
 * outages, one probe after a pause), a bulkhead (a cap on concurrent calls with a bounded queue),
 * pacing from the provider's own rate-limit headers, so the gateway slows down before the
 * upstream answers 429, and the gateway's own budget of calls (`./upstream-budget.ts`), which
 * replicas share and which only calls really sent spend. The breaker is cockatiel's; the bulkhead
 * is `./bulkhead.ts`.
 */
import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, TaskCancelledError } from 'cockatiel';
import type { UpstreamSettings } from '../config/upstream.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import { Bulkhead, BulkheadFullError, QueueWaitCancelledError } from './bulkhead.ts';
import { sleep } from './retry.ts';
import type { UpstreamBudget } from './upstream-budget.ts';
import type { UpstreamCall } from './upstream-call.ts';
import { stoppedBy, UpstreamError } from './upstream-error.ts';

/** A provider's rate-limit budget as its headers last reported it. */
export interface RateLimitSnapshot {
  limit: number;
  remaining: number;
  /** Epoch ms when the budget refills. */
  resetAt: number;
}

/** Builds a snapshot from header values, or `undefined` when any is missing or not a number. */
export function rateLimitSnapshot(
  limit: string | undefined,
  remaining: string | undefined,
  resetAt: number | undefined,
): RateLimitSnapshot | undefined {
  const values = { limit: Number(limit), remaining: Number(remaining), resetAt: Number(resetAt) };
  return Object.values(values).every(Number.isFinite) && limit !== undefined && remaining !== undefined ? values : undefined;
}

export type CircuitStateName = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface UpstreamStatus {
  circuit: CircuitStateName;
  lastFailure: { code: string; at: Date } | null;
  rateLimit: { limit: number; remaining: number; resetAt: Date } | null;
}

const CIRCUIT_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'CLOSED',
  [CircuitState.Open]: 'OPEN',
  [CircuitState.HalfOpen]: 'HALF_OPEN',
  [CircuitState.Isolated]: 'OPEN',
};

/** What the guard reads of the operation a call belongs to. */
export type GuardedCall = Partial<Pick<UpstreamCall, 'signal' | 'deadline' | 'caller'>>;

/** The budget or the caller's share of it has no slot now; nothing was sent. */
class BudgetSpent extends Error {
  override name = 'BudgetSpent';
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number) {
    super('upstream budget spent');
    this.retryAfterMs = retryAfterMs;
  }
}

/** Below this share of the budget, calls are spaced out over what is left of the window. */
const PACING_SHARE = 0.1;
const MAX_PACING_DELAY_MS = 2_000;

/** Outages open the circuit; 4xx answers (and 429) prove the upstream is alive. */
function isOutage(error: Error): boolean {
  if (!(error instanceof UpstreamError)) return false;
  if (error.failure === 'status') return (error.status ?? 0) >= 500;
  return error.failure === 'timeout' || error.failure === 'network' || error.failure === 'contract';
}

export class UpstreamGuard {
  readonly #provider: ProviderId;
  readonly #breaker;
  readonly #bulkhead: Bulkhead;
  readonly #ownBudget: { budget: UpstreamBudget; rate: NonNullable<UpstreamSettings['rateLimit']> } | undefined;
  #lastFailure: UpstreamStatus['lastFailure'] = null;
  #budget: RateLimitSnapshot | undefined;

  constructor(
    provider: ProviderId,
    settings: Pick<UpstreamSettings, 'maxConcurrent' | 'maxQueued' | 'circuitFailures' | 'circuitOpenMs'> &
      Partial<Pick<UpstreamSettings, 'rateLimit'>>,
    budget?: UpstreamBudget,
  ) {
    this.#provider = provider;
    this.#ownBudget = budget && settings.rateLimit ? { budget, rate: settings.rateLimit } : undefined;
    this.#breaker = circuitBreaker(handleWhen(isOutage), {
      halfOpenAfter: settings.circuitOpenMs,
      breaker: new ConsecutiveBreaker(settings.circuitFailures),
    });
    this.#bulkhead = new Bulkhead(settings.maxConcurrent, settings.maxQueued);
  }

  /**
   * Runs one upstream call through pacing, the bulkhead, the breaker and the budget, in that
   * order: the budget is counted last, so a call the circuit or the bulkhead refuses spends
   * nothing of it. A wait for the budget is made outside the bulkhead, holding no slot.
   */
  async run<T>(send: () => Promise<T>, call: GuardedCall = {}): Promise<T> {
    const { signal, deadline } = call;
    await this.#pace(signal, deadline).catch((error: unknown) => this.#stopped(error, signal));
    for (;;) {
      try {
        return await this.#bulkhead.run(() => this.#breaker.execute(() => this.#spendThenSend(send, call), signal), signal);
      } catch (error) {
        if (!(error instanceof BudgetSpent)) throw this.#record(this.#translate(error, signal));
        await this.#ownBudget?.budget
          .wait(this.#provider, error.retryAfterMs, signal, deadline)
          .catch((stopped: unknown) => this.#stopped(stopped, signal));
      }
    }
  }

  /**
   * A refusal here is an error the breaker does not count. Were the circuit half open, cockatiel
   * closes it on such an error; its failure count stays at the threshold, though, so the next
   * call that fails opens it again at once, as a failed probe would have.
   */
  async #spendThenSend<T>(send: () => Promise<T>, call: GuardedCall): Promise<T> {
    if (this.#ownBudget) {
      const retryAfterMs = await this.#ownBudget.budget.spend(this.#provider, this.#ownBudget.rate, call.caller);
      if (retryAfterMs > 0) throw new BudgetSpent(retryAfterMs);
    }
    return send();
  }

  /** A wait before sending ended early: out of budget (throttled), or stopped by the signal. */
  #stopped(error: unknown, signal: AbortSignal | undefined): never {
    throw this.#record(error instanceof UpstreamError ? error : stoppedBy(this.#provider, signal));
  }

  /** Takes the budget the provider reported on its latest answer. */
  observeRateLimit(snapshot: RateLimitSnapshot | undefined): void {
    if (snapshot) this.#budget = snapshot;
  }

  status(): UpstreamStatus {
    const budget = this.#budget && this.#budget.resetAt > Date.now() ? this.#budget : undefined;
    return {
      circuit: CIRCUIT_NAMES[this.#breaker.state],
      lastFailure: this.#lastFailure,
      rateLimit: budget ? { limit: budget.limit, remaining: budget.remaining, resetAt: new Date(budget.resetAt) } : null,
    };
  }

  /**
   * With the budget spent, waits for the reset if that fits before the deadline, else fails fast
   * (no call that would only earn a 429). With little budget left, spaces calls out.
   */
  async #pace(signal: AbortSignal | undefined, deadline: number | undefined): Promise<void> {
    const budget = this.#budget;
    const now = Date.now();
    if (!budget || budget.resetAt <= now) return;
    const untilReset = budget.resetAt - now;
    if (budget.remaining <= 0) {
      if (deadline !== undefined && now + untilReset > deadline) {
        throw this.#record(
          new UpstreamError({ provider: this.#provider, failure: 'throttled', retryAfterSeconds: Math.ceil(untilReset / 1000) }),
        );
      }
      await sleep(untilReset, signal);
    } else if (budget.remaining < budget.limit * PACING_SHARE) {
      const room = deadline === undefined ? MAX_PACING_DELAY_MS : (deadline - now) / 4;
      await sleep(Math.min(untilReset / budget.remaining, room, MAX_PACING_DELAY_MS), signal);
    }
    // Counted before the answer arrives, so concurrent calls see the budget shrink.
    budget.remaining -= 1;
  }

  #translate(error: unknown, signal: AbortSignal | undefined): unknown {
    if (error instanceof BrokenCircuitError) return new UpstreamError({ provider: this.#provider, failure: 'circuit_open' });
    if (error instanceof BulkheadFullError) return new UpstreamError({ provider: this.#provider, failure: 'overloaded' });
    // Cancelled while queued: by the deadline (a timeout) or by the client leaving.
    if (error instanceof QueueWaitCancelledError || error instanceof TaskCancelledError) return stoppedBy(this.#provider, signal);
    return error;
  }

  /** Remembers the latest failure worth reporting: outages and refusals, not 4xx answers. */
  #record(error: unknown): unknown {
    const worthReporting =
      error instanceof UpstreamError &&
      (isOutage(error) || error.status === 429 || ['circuit_open', 'overloaded', 'throttled'].includes(error.failure));
    if (worthReporting) {
      const code = error.failure === 'status' ? `HTTP_${error.status}` : error.failure.toUpperCase();
      this.#lastFailure = { code, at: new Date() };
    }
    return error;
  }
}
