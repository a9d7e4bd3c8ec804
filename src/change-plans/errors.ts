/** A step's stored error, back as the GraphQL error type it was (the `Error` interface resolves by class). */
import {
  ConflictError,
  type GatewayError,
  NotFoundError,
  PermissionDeniedError,
  ProviderNotConfiguredError,
  RateLimitedError,
  UpstreamContractError,
  UpstreamOutcomeUnknownError,
  UpstreamUnavailableError,
  ValidationError,
} from '../graph/errors.ts';
import type { ProviderId } from '../providers/provider-id.ts';
import type { StoredError } from './plan.ts';

type Make = (message: string, provider: ProviderId | undefined) => GatewayError;

const MAKERS: Record<string, Make> = {
  ValidationError: (message, provider) => new ValidationError(message, [], provider),
  NotFoundError: (message, provider) => new NotFoundError(message, provider),
  PermissionDeniedError: (message, provider) => new PermissionDeniedError(message, provider),
  ConflictError: (message, provider) => new ConflictError(message, provider),
  RateLimitedError: (message, provider) => new RateLimitedError(message, provider),
  UpstreamContractError: (message, provider) => new UpstreamContractError(message, provider),
  UpstreamOutcomeUnknownError: (message, provider) => new UpstreamOutcomeUnknownError(message, provider),
  ProviderNotConfiguredError: (_message, provider) => new ProviderNotConfiguredError(provider ?? 'unknown'),
};

export function errorOf(stored: StoredError): GatewayError {
  const make = MAKERS[stored.type] ?? ((message, provider) => new UpstreamUnavailableError(message, provider));
  return make(stored.message, stored.provider ?? undefined);
}
