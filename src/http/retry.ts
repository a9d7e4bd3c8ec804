/**
 * When a failed upstream call may be tried again, and after how long. Hand-written rather than
 * undici's retry interceptor because the wait must fit inside the GraphQL operation's deadline,
 * must honour DatoCMS's `X-RateLimit-Reset` as well as `Retry-After`, and must never apply to a
 * write (undici retries PUT and DELETE by default).
 */
import { UpstreamError } from './upstream-error.ts';

export interface RetryPolicy {
  /** Retries after the first attempt. @default 2 */
  maxRetries: number;
  /** First backoff ceiling; doubles each retry, capped at `maxDelayMs`. @default 100 */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 2, baseDelayMs: 100, maxDelayMs: 2_000 };

/** A retry must leave this much of the deadline for the attempt itself. */
const ATTEMPT_RESERVE_MS = 100;
/** Calls with no deadline of their own (the shared Logto token request) wait at most this long. */
const NO_DEADLINE_BUDGET_MS = 5_000;

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** Connection failures happen before any answer; a timeout or reset mid-answer does not retry. */
function isRetryable(error: unknown): error is UpstreamError {
  if (!(error instanceof UpstreamError)) return false;
  if (error.failure === 'network') return true;
  return error.failure === 'status' && error.status !== undefined && RETRYABLE_STATUSES.has(error.status);
}

/**
 * The wait before retry number `retry` (1-based), or `undefined` when the call must not be retried:
 * not retryable, out of retries, or the wait would not fit before `deadline` (epoch ms).
 */
export function retryDelay(
  error: unknown,
  retry: number,
  deadline: number | undefined,
  policy: RetryPolicy = DEFAULT_RETRY,
): number | undefined {
  if (!isRetryable(error) || retry > policy.maxRetries) return undefined;
  const wait =
    error.retryAfterSeconds !== undefined
      ? error.retryAfterSeconds * 1000
      : // Full jitter: a random wait below the exponential ceiling spreads out retry storms.
        Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const limit = deadline ?? Date.now() + NO_DEADLINE_BUDGET_MS;
  if (Date.now() + wait + ATTEMPT_RESERVE_MS > limit) return undefined;
  return wait;
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
