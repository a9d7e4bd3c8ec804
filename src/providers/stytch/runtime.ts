/**
 * What a running gateway needs of Stytch: its client, its per-request loaders and its listing.
 * Importing this file registers the provider's GraphQL types (graph.ts); the module in index.ts
 * loads it only when a gateway starts.
 */
import type { ProviderRuntimeParts } from '../provider.ts';
import { stytchChangePlanner } from './change-planner.ts';
import { StytchClient } from './client.ts';
import type { StytchSettings } from './config.ts';
import './graph.ts';
import { createStytchLoaders, type StytchLoaders } from './loaders.ts';

export const stytchRuntime: ProviderRuntimeParts<StytchSettings, StytchClient, StytchLoaders> = {
  createClient: (settings, deps) => new StytchClient(settings, deps),
  createLoaders: createStytchLoaders,
  // Organizations from STYTCH_ORGANIZATION_IDS, else discovered by search; one GET each, concurrently.
  changePlanner: stytchChangePlanner,
  listSsoConnections: (loaders) => loaders.listConnections(),
};
