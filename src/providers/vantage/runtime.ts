/**
 * What a running gateway needs of Vantage: its client, its per-request loaders and its listing.
 * Importing this file registers the provider's GraphQL types (graph.ts); the module in index.ts
 * loads it only when a gateway starts.
 */
import type { ProviderRuntimeParts } from '../provider.ts';
import { vantageChangePlanner } from './change-planner.ts';
import { VantageClient } from './client.ts';
import type { VantageSettings } from './config.ts';
import './graph.ts';
import { createVantageLoaders, type VantageLoaders } from './loaders.ts';
import { toVantageSsoConnection } from './wire.ts';

/** Largest page Vantage serves, and a bound on how many pages one listing may walk. */
const PAGE_SIZE = 1000;
const MAX_PAGES = 20;

export const vantageRuntime: ProviderRuntimeParts<VantageSettings, VantageClient, VantageLoaders> = {
  createClient: (settings, deps) => new VantageClient(settings, deps),
  createLoaders: createVantageLoaders,
  changePlanner: vantageChangePlanner,
  listSsoConnections: async (loaders) => {
    const connections = [];
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const result = await loaders.listPage(page, PAGE_SIZE);
      connections.push(...result.accounts.map(toVantageSsoConnection));
      if (!result.hasNext) break;
    }
    return connections;
  },
};
