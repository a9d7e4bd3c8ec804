/**
 * What a running gateway needs of DatoCMS: its client, its per-request loaders and its listing.
 * Importing this file registers the provider's GraphQL types (graph.ts); the module in index.ts
 * loads it only when a gateway starts.
 */
import type { ProviderRuntimeParts } from '../provider.ts';
import { datoCmsChangePlanner } from './change-planner.ts';
import { DatoCmsClient } from './client.ts';
import type { DatoCmsSettings } from './config.ts';
import './graph.ts';
import { createDatoCmsLoaders, type DatoCmsLoaders } from './loaders.ts';

export const datocmsRuntime: ProviderRuntimeParts<DatoCmsSettings, DatoCmsClient, DatoCmsLoaders> = {
  createClient: (settings, deps) => new DatoCmsClient(settings, deps),
  createLoaders: createDatoCmsLoaders,
  // A DatoCMS project (the token's scope) has exactly one SSO settings resource.
  changePlanner: datoCmsChangePlanner,
  listSsoConnections: async (loaders) => [await loaders.ssoSettings()],
};
