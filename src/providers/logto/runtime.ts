/**
 * What a running gateway needs of Logto: its client, its per-request loaders and its listing.
 * Importing this file registers the provider's GraphQL types (graph.ts); the module in index.ts
 * loads it only when a gateway starts.
 */
import type { ProviderRuntimeParts } from '../provider.ts';
import { logtoChangePlanner } from './change-planner.ts';
import { LogtoClient } from './client.ts';
import type { LogtoSettings } from './config.ts';
import './graph.ts';
import { createLogtoLoaders, type LogtoLoaders } from './loaders.ts';

export const logtoRuntime: ProviderRuntimeParts<LogtoSettings, LogtoClient, LogtoLoaders> = {
  createClient: (settings, deps) => new LogtoClient(settings, deps),
  createLoaders: createLogtoLoaders,
  // Logto returns every connector when the list is asked without page parameters.
  changePlanner: logtoChangePlanner,
  listSsoConnections: (loaders) => loaders.listAll(),
};
