/**
 * The error classes the builder itself needs (zod failures, scope refusals), kept apart from
 * `errors.ts`, which registers the GraphQL types and so imports the builder.
 */
import type { ZodError } from 'zod';
import type { ProviderId } from '../providers/provider-id.ts';

export interface FieldError {
  path: string[];
  message: string;
}

/** Base of every error a field can return as data; `code` is stable for clients to branch on. */
export abstract class GatewayError extends Error {
  abstract readonly code: string;
  provider: ProviderId | undefined;
  upstreamRequestId: string | undefined;

  constructor(message: string, provider?: ProviderId, upstreamRequestId?: string) {
    super(message);
    this.provider = provider;
    this.upstreamRequestId = upstreamRequestId;
  }
}

export class ValidationError extends GatewayError {
  override name = 'ValidationError';
  readonly code = 'VALIDATION_FAILED';
  readonly fieldErrors: FieldError[];

  constructor(message: string, fieldErrors: FieldError[], provider?: ProviderId, upstreamRequestId?: string) {
    super(message, provider, upstreamRequestId);
    this.fieldErrors = fieldErrors;
  }

  static fromZod(error: ZodError): ValidationError {
    const fieldErrors = error.issues.map((issue) => ({
      path: issue.path.map(String),
      message: issue.message,
    }));
    const summary = fieldErrors.map((fieldError) => `${fieldError.path.join('.') || 'input'}: ${fieldError.message}`).join('; ');
    return new ValidationError(`Invalid input: ${summary}`, fieldErrors);
  }
}

export class PermissionDeniedError extends GatewayError {
  override name = 'PermissionDeniedError';
  readonly code = 'PERMISSION_DENIED';
}

export class RateLimitedError extends GatewayError {
  override name = 'RateLimitedError';
  readonly code = 'RATE_LIMITED';
  retryAfterSeconds: number | undefined;
}
