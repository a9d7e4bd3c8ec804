/**
 * The error-log budget (`GATEWAY_ERROR_LOG_RATE`, default 20 a minute): at most so many lines
 * about failed or refused requests per caller in any window. Past it, lines are counted instead
 * of written, and one summary line says how many were dropped, written as soon as a slot frees up
 * (or when the gateway closes). So no caller can fill the log, nor hide that it tried.
 *
 * Kept in this process's memory even with Redis: each replica writes its own log.
 */
import { MemoryWindow, type Rate } from '../shared-state/sliding-window.ts';

/** The bucket of requests that failed authentication: they have no caller. */
export const UNAUTHENTICATED = '(unauthenticated)';
/** The bucket of lines written where the request is not known (Yoga's own logging). */
export const UNATTRIBUTED = '(unattributed)';

export class LogBudget {
  readonly #window = new MemoryWindow();
  readonly #dropped = new Map<string, { count: number; timer: NodeJS.Timeout }>();
  readonly #rate: Rate;
  readonly #onDropped: (bucket: string, dropped: number) => void;

  /** `onDropped` writes the summary line: it is not counted against the budget. */
  constructor(rate: Rate, onDropped: (bucket: string, dropped: number) => void) {
    this.#rate = rate;
    this.#onDropped = onDropped;
  }

  /** Whether a line for `bucket` (a caller's subject, or one of the buckets above) may be written now. */
  admit(bucket: string): boolean {
    const decision = this.#window.takeNow(bucket, this.#rate);
    if (decision.allowed) {
      this.#report(bucket);
      return true;
    }
    const pending = this.#dropped.get(bucket);
    if (pending) pending.count += 1;
    else this.#dropped.set(bucket, { count: 1, timer: setTimeout(() => this.#report(bucket), decision.retryAfterMs).unref() });
    return false;
  }

  /** Writes the pending summaries now. */
  close(): void {
    for (const bucket of [...this.#dropped.keys()]) this.#report(bucket);
  }

  #report(bucket: string): void {
    const pending = this.#dropped.get(bucket);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.#dropped.delete(bucket);
    this.#onDropped(bucket, pending.count);
  }
}
