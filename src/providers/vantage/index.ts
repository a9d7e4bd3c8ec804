/**
 * Vantage: managed accounts and their SAML SSO connection. The module the registry lists.
 */
import { defineProvider } from '../provider.ts';
import { VantageClient } from './client.ts';
import { vantageConfig } from './config.ts';
import './graph.ts';
import { createVantageLoaders } from './loaders.ts';
import { toVantageSsoConnection } from './wire.ts';

/** Largest page Vantage serves, and a bound on how many pages one listing may walk. */
const PAGE_SIZE = 1000;
const MAX_PAGES = 20;

export const vantage = defineProvider({
  id: 'vantage',
  name: 'Vantage',
  config: vantageConfig,
  createClient: (settings, deps) => new VantageClient(settings, deps),
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
  sandbox: async () => (await import('./sandbox/start.ts')).startVantageSandbox(),
});
