/**
 * The per-request context. A new object with new loaders for every GraphQL request: DataLoader
 * memoises, and a shared loader would serve one caller's data to another (Stytch forwards the
 * caller's member session, so this is a security property, not a style choice).
 */
import { randomUUID } from 'node:crypto';
import type { YogaInitialContext } from 'graphql-yoga';
import { ProviderNotConfiguredError } from './graph/errors.ts';
import type { Logger } from './logger.ts';
import type { providers } from './providers/index.ts';
import type { ProviderClient, ProviderModule, UpstreamCall } from './providers/provider.ts';
import type { ProviderId } from './providers/provider-id.ts';

type Registry = (typeof providers)[number];
type LoadersOf<M> = M extends ProviderModule<ProviderId, ProviderClient, infer Loaders> ? Loaders : never;

export type ProviderLoaders = { [M in Registry as M['id']]: LoadersOf<M> };

export interface GatewayContext {
  requestId: string;
  call: UpstreamCall;
  logger: Logger;
  /** Present only for enabled providers; read them through `loadersOf`. */
  loaders: Partial<ProviderLoaders>;
}

/** An enabled provider: its module and the client built once at start-up. */
export interface ProviderRuntime {
  module: Registry;
  client: ProviderClient;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

export function createContextFactory(runtimes: readonly ProviderRuntime[], logger: Logger) {
  return ({ request }: YogaInitialContext): GatewayContext => {
    const incoming = request.headers.get('x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const call: UpstreamCall = { requestId, signal: request.signal, headers: request.headers };
    const loaders: Record<string, unknown> = {};
    for (const { module, client } of runtimes) {
      // Each module pairs its own client and loaders; the registry type cannot see that pairing.
      loaders[module.id] = (module.createLoaders as (client: ProviderClient, call: UpstreamCall) => unknown)(client, call);
    }
    return { requestId, call, logger, loaders: loaders as Partial<ProviderLoaders> };
  };
}

/** The one place that answers "this provider is not configured". */
export function loadersOf<P extends keyof ProviderLoaders>(context: GatewayContext, provider: P): ProviderLoaders[P] {
  const loaders = context.loaders[provider];
  if (loaders === undefined) throw new ProviderNotConfiguredError(provider);
  return loaders as ProviderLoaders[P];
}
