/**
 * The one error type every provider client throws. It holds only what is safe to show a caller:
 * never request headers, request bodies or upstream response bodies, which can carry tokens,
 * metadata XML or e-mail addresses. `graph/errors.ts` alone turns it into GraphQL errors.
 */
import type { ProviderId } from '../providers/provider-id.ts';

export type UpstreamFailure =
  /** The upstream answered with a non-2xx status. */
  | 'status'
  /** No answer in time (connect, headers or body timeout, or the operation's deadline). */
  | 'timeout'
  /** The connection failed or was reset. */
  | 'network'
  /** The upstream answered 2xx with a body that does not match its documented shape. */
  | 'contract'
  /** The gateway call was cancelled (the client went away). */
  | 'aborted'
  /** The provider's circuit is open after repeated failures: not called at all. */
  | 'circuit_open'
  /** Too many calls to the provider are already running or queued. */
  | 'overloaded'
  /** The provider's rate-limit budget is spent until `retryAfterSeconds`: not called at all. */
  | 'throttled';

export interface UpstreamErrorDetails {
  provider: ProviderId;
  failure: UpstreamFailure;
  status?: number | undefined;
  /** The provider's own error code, e.g. Logto `entity.not_exists_with_id`; kept only when `safeUpstreamCode` passes it. */
  upstreamCode?: string | undefined;
  /** Kept only when `safeUpstreamRequestId` passes it. */
  upstreamRequestId?: string | undefined;
  retryAfterSeconds?: number | undefined;
  /**
   * A write was sent but no complete answer came back (timeout, reset): it may or may not have
   * been applied, so the caller must re-read before trying again.
   */
  outcomeUnknown?: boolean | undefined;
}

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  readonly provider: ProviderId;
  readonly failure: UpstreamFailure;
  readonly status: number | undefined;
  readonly upstreamCode: string | undefined;
  readonly upstreamRequestId: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly outcomeUnknown: boolean;

  constructor(details: UpstreamErrorDetails) {
    const upstreamCode = safeUpstreamCode(details.upstreamCode);
    super(safeMessage({ ...details, upstreamCode }));
    this.provider = details.provider;
    this.failure = details.failure;
    this.status = details.status;
    this.upstreamCode = upstreamCode;
    this.upstreamRequestId = safeUpstreamRequestId(details.upstreamRequestId);
    this.retryAfterSeconds = boundedRetryAfter(details.retryAfterSeconds);
    this.outcomeUnknown = details.outcomeUnknown ?? false;
  }
}

/**
 * Codes are identifiers like `guard.invalid_input`, request ids like `req-7f3a` or a UUID. Both
 * come from an upstream that may be hostile and both reach messages, extensions, logs and audit
 * records, so only these characters pass, at a bounded length; anything else is dropped whole
 * (trimming it would still echo part of the upstream's text).
 */
const SAFE_CODE = /^[A-Za-z0-9_.-]{1,64}$/;
const SAFE_REQUEST_ID = /^[A-Za-z0-9_.-]{1,128}$/;

export function safeUpstreamCode(code: unknown): string | undefined {
  return typeof code === 'string' && SAFE_CODE.test(code) ? code : undefined;
}

export function safeUpstreamRequestId(id: unknown): string | undefined {
  return typeof id === 'string' && SAFE_REQUEST_ID.test(id) ? id : undefined;
}

/** A day: longer than any budget window an upstream documents, and well inside GraphQL's 32-bit `Int`. */
const MAX_RETRY_AFTER_SECONDS = 86_400;

/** An upstream's `Retry-After` is its own text too: a huge or odd value must not break the `Int` it is shown as. */
function boundedRetryAfter(seconds: number | undefined): number | undefined {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return undefined;
  return Math.min(Math.ceil(seconds), MAX_RETRY_AFTER_SECONDS);
}

function safeMessage({ provider, failure, status, upstreamCode, outcomeUnknown }: UpstreamErrorDetails): string {
  if (outcomeUnknown) {
    return `${provider} did not confirm the write (${failure === 'timeout' ? 'no answer in time' : 'connection lost'}): it may or may not have been applied; read it again before retrying`;
  }
  switch (failure) {
    case 'status': {
      const code = upstreamCode ? ` (${upstreamCode})` : '';
      return `${provider} answered HTTP ${status}${code}`;
    }
    case 'timeout':
      return `${provider} did not answer in time`;
    case 'network':
      return `${provider} could not be reached`;
    case 'contract':
      return `${provider} sent a response the gateway does not understand`;
    case 'aborted':
      return `the request to ${provider} was cancelled`;
    case 'circuit_open':
      return `${provider} is failing repeatedly; the gateway stopped calling it for a while`;
    case 'overloaded':
      return `too many requests to ${provider} are already waiting`;
    case 'throttled':
      return `${provider}'s rate limit is used up for now`;
  }
}

/**
 * For DataLoader batch functions: a 404 is an empty slot (`null`), any other failure stays an
 * error in its slot so the rest of the batch still loads.
 */
export function nullWhenNotFound(error: unknown): null | Error {
  if (error instanceof UpstreamError && error.status === 404) return null;
  return asLoaderError(error);
}

/** For DataLoader batch functions: any failure stays an error in its slot, so the rest still loads. */
export function asLoaderError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Whether `signal` was aborted by the operation's deadline (`AbortSignal.timeout`). */
export function deadlinePassed(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && (signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
}

/** The error for a call stopped by its signal: the deadline is a timeout, anything else a cancellation. */
export function stoppedBy(provider: ProviderId, signal: AbortSignal | undefined): UpstreamError {
  return new UpstreamError({ provider, failure: deadlinePassed(signal) ? 'timeout' : 'aborted' });
}
