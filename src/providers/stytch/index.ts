import type { ProviderModule } from '../provider.ts';
import { StytchClient } from './client.ts';
import './graph.ts';
import { createStytchLoaders, type StytchLoaders } from './loaders.ts';
import { STYTCH_DEMO_PROJECT_ID, STYTCH_DEMO_SECRET, startStytchSimulator } from './simulator.ts';

export const stytch: ProviderModule<'stytch', StytchClient, StytchLoaders> = {
  id: 'stytch',
  createClient: (config, deps) => (config.stytch ? new StytchClient(config.stytch, deps) : undefined),
  createLoaders: createStytchLoaders,
  // Organizations from STYTCH_ORGANIZATION_IDS, else discovered by search; one GET each, concurrently.
  listSsoConnections: (loaders) => loaders.listConnections(),
  startSimulator: async () => {
    const server = await startStytchSimulator();
    // No STYTCH_ORGANIZATION_IDS: the sandbox discovers organizations through search.
    return { server, env: { STYTCH_API_URL: server.url, STYTCH_PROJECT_ID: STYTCH_DEMO_PROJECT_ID, STYTCH_SECRET: STYTCH_DEMO_SECRET } };
  },
};
