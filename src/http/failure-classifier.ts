/**
 * Turns everything that can go wrong with one upstream call (a non-2xx status, a body that is not
 * JSON or does not fit its schema, an undici error on the way) into an `UpstreamError`, and logs
 * what a person needs to find the cause without logging anything the body or path might carry.
 */
import { errors as undiciErrors } from 'undici';
import type { z } from 'zod';
import type { Logger } from '../logger.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import { isRepeatable, type RequestSpec, type RestResponse, routeOf } from './rest-request.ts';
import { deadlinePassed, UpstreamError, type UpstreamFailure } from './upstream-error.ts';

/** What a provider's error body says, in the provider's own format. */
export interface ErrorBodyFacts {
  code?: string | undefined;
  requestId?: string | undefined;
  retryAfterSeconds?: number | undefined;
}

/** Reads the provider's error body format (and headers) into code and request id. */
export type ErrorBodyReader = (body: unknown, headers: Record<string, string>) => ErrorBodyFacts;

/** Errors raised while connecting: the request never left, so even a write was not applied. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export class FailureClassifier {
  readonly #provider: ProviderId;
  readonly #logger: Logger;
  readonly #readError: ErrorBodyReader;

  constructor(provider: ProviderId, logger: Logger, readError: ErrorBodyReader) {
    this.#provider = provider;
    this.#logger = logger;
    this.#readError = readError;
  }

  /** A complete answer with a non-2xx status. */
  status(raw: RestResponse<unknown>): UpstreamError {
    const facts = this.#readError(raw.body, raw.headers);
    return new UpstreamError({
      provider: this.#provider,
      failure: 'status',
      status: raw.status,
      upstreamCode: facts.code,
      upstreamRequestId: facts.requestId,
      retryAfterSeconds: facts.retryAfterSeconds ?? retryAfter(raw.headers['retry-after']),
    });
  }

  /** The body as JSON; `undefined` when empty, or when an error status came with a non-JSON page. */
  parseBody(text: string, status: number): unknown {
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      // An error page in HTML is still an error with a status; a 2xx that is not JSON breaks the contract.
      if (status >= 200 && status < 300) throw this.unreadable(status, 'body is not JSON');
      return undefined;
    }
  }

  /** An answer that cannot be read at all (not JSON, over the size cap). */
  unreadable(status: number, reason: string): UpstreamError {
    this.#logger.warn('unreadable upstream response', { provider: this.#provider, status, reason });
    return new UpstreamError({ provider: this.#provider, failure: 'contract', status });
  }

  /** A 2xx whose body does not fit the schema the provider documents. */
  schemaMismatch(spec: RequestSpec, status: number, error: z.ZodError): UpstreamError {
    // Paths only: values may be secrets or personal data.
    const paths = error.issues.map((issue) => issue.path.join('.') || '(root)');
    this.#logger.warn('upstream response does not match its schema', {
      provider: this.#provider,
      method: spec.method,
      route: routeOf(spec),
      paths,
    });
    return new UpstreamError({ provider: this.#provider, failure: 'contract', status });
  }

  /**
   * A failure with no complete answer. For a write sent on its way, the outcome is unknown; for a
   * read cut off mid-body, the answer is unusable (a contract failure).
   */
  transport(error: unknown, spec: RequestSpec, phase: 'before answer' | 'mid body'): UpstreamError {
    if (error instanceof UpstreamError) return error;
    const code = errorCode(error);
    const failure = transportFailure(error, spec, phase);
    const sent = !NOT_SENT_CODES.has(code) && !(error instanceof undiciErrors.ConnectTimeoutError);
    const outcomeUnknown = !isRepeatable(spec) && sent && failure !== 'aborted';
    this.#logger.warn('upstream call failed', {
      provider: this.#provider,
      method: spec.method,
      route: routeOf(spec),
      failure,
      phase,
      reason: code,
      outcomeUnknown,
    });
    return new UpstreamError({ provider: this.#provider, failure, outcomeUnknown });
  }
}

function transportFailure(error: unknown, spec: RequestSpec, phase: 'before answer' | 'mid body'): UpstreamFailure {
  if (deadlinePassed(spec.call?.signal) || isTimeout(error)) return 'timeout';
  if (isAbort(error)) return 'aborted';
  return phase === 'mid body' && spec.method === 'GET' ? 'contract' : 'network';
}

function isTimeout(error: unknown): boolean {
  return (
    error instanceof undiciErrors.HeadersTimeoutError ||
    error instanceof undiciErrors.BodyTimeoutError ||
    error instanceof undiciErrors.ConnectTimeoutError
  );
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error instanceof undiciErrors.RequestAbortedError);
}

function errorCode(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  return (error as { code?: string }).code ?? error.name;
}

function retryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
