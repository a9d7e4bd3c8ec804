/**
 * The gateway's error types and the one translation of an upstream failure (`UpstreamError`) into
 * them. Mutations return these classes as members of their result unions (see sso-mutation.ts);
 * queries surface them in `errors[]` with `extensions.code` and `extensions.provider` through
 * `maskGatewayError`, which Yoga calls for every error.
 */
import { createGraphQLError, maskError } from 'graphql-yoga';
import { UpstreamError } from '../http/upstream-error.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import { builder } from './builder.ts';
import { type FieldError, GatewayError, PermissionDeniedError, RateLimitedError, ValidationError } from './gateway-error.ts';
import { ssoProviderEnum } from './sso-connection.ts';

export { GatewayError, PermissionDeniedError, RateLimitedError, ValidationError };

export class NotFoundError extends GatewayError {
  override name = 'NotFoundError';
  readonly code = 'NOT_FOUND';
}

export class ConflictError extends GatewayError {
  override name = 'ConflictError';
  readonly code = 'CONFLICT';
}

export class UpstreamUnavailableError extends GatewayError {
  override name = 'UpstreamUnavailableError';
  readonly code = 'UPSTREAM_UNAVAILABLE';
}

export class UpstreamContractError extends GatewayError {
  override name = 'UpstreamContractError';
  readonly code = 'UPSTREAM_CONTRACT_VIOLATION';
}

export class UpstreamOutcomeUnknownError extends GatewayError {
  override name = 'UpstreamOutcomeUnknownError';
  readonly code = 'UPSTREAM_OUTCOME_UNKNOWN';
}

export class ProviderNotConfiguredError extends GatewayError {
  override name = 'ProviderNotConfiguredError';
  readonly code = 'PROVIDER_NOT_CONFIGURED';

  constructor(provider: ProviderId) {
    super(`${provider} is not configured on this gateway; set its credentials to enable it`, provider);
  }
}

/** Every error a mutation can answer with; each mutation lists these in its union. */
export const MUTATION_ERRORS = [
  ValidationError,
  NotFoundError,
  PermissionDeniedError,
  ConflictError,
  RateLimitedError,
  UpstreamUnavailableError,
  UpstreamContractError,
  UpstreamOutcomeUnknownError,
  ProviderNotConfiguredError,
] as const;

export function fromUpstream(error: UpstreamError): GatewayError {
  const { provider, status, upstreamRequestId, message } = error;
  if (error.outcomeUnknown) return new UpstreamOutcomeUnknownError(message, provider, upstreamRequestId);
  if (error.failure === 'contract') return new UpstreamContractError(message, provider, upstreamRequestId);
  if (error.failure === 'throttled') return rateLimited(error);
  if (error.failure !== 'status') return new UpstreamUnavailableError(message, provider, upstreamRequestId);
  switch (status) {
    case 400:
    case 422:
      return new ValidationError(`${provider} rejected the input: ${message}`, [], provider, upstreamRequestId);
    case 401:
    case 403:
      return new PermissionDeniedError(message, provider, upstreamRequestId);
    case 404:
      return new NotFoundError(message, provider, upstreamRequestId);
    case 409:
      return new ConflictError(message, provider, upstreamRequestId);
    case 429:
      return rateLimited(error);
    default:
      return new UpstreamUnavailableError(message, provider, upstreamRequestId);
  }
}

function rateLimited(error: UpstreamError): RateLimitedError {
  const limited = new RateLimitedError(error.message, error.provider, error.upstreamRequestId);
  limited.retryAfterSeconds = error.retryAfterSeconds;
  return limited;
}

/** Runs a resolver body, turning `UpstreamError` into the typed GraphQL error for its status. */
export async function translateUpstreamErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof UpstreamError ? fromUpstream(error) : error;
  }
}

/**
 * Yoga's `maskedErrors.maskError`: gateway and upstream errors keep their safe message and gain
 * `code`/`provider` (and `retryAfterSeconds` where known); anything else gets Yoga's own masking ("Unexpected error.").
 */
export function maskGatewayError(error: unknown, message: string, isDev?: boolean): Error {
  const original = (error as { originalError?: unknown } | null)?.originalError ?? error;
  const known = original instanceof UpstreamError ? fromUpstream(original) : original;
  if (known instanceof GatewayError) {
    const source = error as { path?: readonly (string | number)[]; nodes?: never };
    return createGraphQLError(known.message, {
      path: source.path,
      nodes: source.nodes,
      extensions: {
        code: known.code,
        ...(known.provider ? { provider: known.provider.toUpperCase() } : {}),
        ...(known.upstreamRequestId ? { upstreamRequestId: known.upstreamRequestId } : {}),
        ...(known instanceof RateLimitedError && known.retryAfterSeconds !== undefined
          ? { retryAfterSeconds: known.retryAfterSeconds }
          : {}),
      },
    });
  }
  return maskError(error, message, isDev);
}

export const ErrorInterface = builder.interfaceRef<GatewayError>('Error').implement({
  description: 'Something that went wrong, returned as data. `code` is stable; `message` is for people.',
  // For fields typed as the interface itself (a change plan step's error): each class is named for its type.
  resolveType: (error) => error.name,
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.exposeString('code'),
    provider: t.field({
      type: ssoProviderEnum(),
      nullable: true,
      description: 'The provider involved, if any.',
      resolve: (error) => error.provider ?? null,
    }),
    upstreamRequestId: t.string({
      nullable: true,
      description: 'The request id the upstream gave, for support tickets with that provider.',
      resolve: (error) => error.upstreamRequestId ?? null,
    }),
  }),
});

const FieldErrorRef = builder.objectRef<FieldError>('FieldError').implement({
  description: 'One rejected input field.',
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Path of the field inside the arguments, e.g. ["input", "samlMetadataUrl"].' }),
    message: t.exposeString('message'),
  }),
});

const interfaces = [ErrorInterface];

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input was rejected, by the gateway before any upstream call or by the upstream itself.',
  interfaces,
  fields: (t) => ({
    fieldErrors: t.field({ type: [FieldErrorRef], resolve: (error) => error.fieldErrors }),
  }),
});
builder.objectType(NotFoundError, { name: 'NotFoundError', description: 'The upstream has no such object.', interfaces });
builder.objectType(PermissionDeniedError, {
  name: 'PermissionDeniedError',
  description: "The upstream refused the gateway's credentials or the caller's session.",
  interfaces,
});
builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The change clashes with existing upstream state, for example a duplicate name.',
  interfaces,
});
builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  description: 'The upstream is rate limiting; try again later.',
  interfaces,
  fields: (t) => ({
    retryAfterSeconds: t.int({ nullable: true, resolve: (error) => error.retryAfterSeconds ?? null }),
  }),
});
builder.objectType(UpstreamUnavailableError, {
  name: 'UpstreamUnavailableError',
  description:
    'The upstream failed (5xx), timed out, could not be reached, or is being given a rest after repeated failures ' +
    '(circuit open), or too many calls to it are already waiting. Safe to try again later.',
  interfaces,
});
builder.objectType(UpstreamContractError, {
  name: 'UpstreamContractError',
  description:
    'The upstream answered something the gateway cannot read (not JSON, cut off, too large, or not its documented shape). ' +
    'Nothing of that answer is shown. For a write the upstream may have applied the change: read it again.',
  interfaces,
});
builder.objectType(UpstreamOutcomeUnknownError, {
  name: 'UpstreamOutcomeUnknownError',
  description:
    'A write was sent but no complete answer came back (timeout or lost connection). It may or may not have been applied: ' +
    'read the object again before trying the write again. The gateway never repeats a write on its own.',
  interfaces,
});
builder.objectType(ProviderNotConfiguredError, {
  name: 'ProviderNotConfiguredError',
  description: 'This gateway has no credentials for the provider.',
  interfaces,
});
