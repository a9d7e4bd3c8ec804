/**
 * A step's stored error, back as the GraphQL error type it was. graphql-js throws any Error a
 * resolver returns, so it is handed over the way ErrorsPlugin hands union errors over: wrapped in
 * its proxy, which carries the type brand and hides the Error prototype.
 */
import { createErrorProxy } from '@pothos/plugin-errors';
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
  const error = make(stored.message, stored.provider ?? undefined);
  return createErrorProxy(error, error.constructor, { wrapped: true }) as GatewayError;
}
