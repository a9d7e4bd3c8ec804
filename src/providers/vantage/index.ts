import type { ProviderModule } from '../provider.ts';
import { VantageClient } from './client.ts';
import './graph.ts';
import { createVantageLoaders, type VantageLoaders } from './loaders.ts';
import { startVantageSimulator, VANTAGE_DEMO_TOKEN } from './simulator.ts';
import { toVantageSsoConnection } from './wire.ts';

/** Largest page Vantage serves, and a bound on how many pages one listing may walk. */
const PAGE_SIZE = 1000;
const MAX_PAGES = 20;

export const vantage: ProviderModule<'vantage', VantageClient, VantageLoaders> = {
  id: 'vantage',
  createClient: (config, deps) => (config.vantage ? new VantageClient(config.vantage, deps) : undefined),
  createLoaders: createVantageLoaders,
  listSsoConnections: async (loaders) => {
    const connections = [];
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const result = await loaders.listPage(page, PAGE_SIZE);
      connections.push(...result.accounts.map(toVantageSsoConnection));
      if (!result.hasNext) break;
    }
    return connections;
  },
  startSimulator: async () => {
    const server = await startVantageSimulator();
    return { server, env: { VANTAGE_API_URL: server.url, VANTAGE_API_TOKEN: VANTAGE_DEMO_TOKEN } };
  },
};
