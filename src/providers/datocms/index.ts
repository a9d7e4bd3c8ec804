import type { ProviderModule } from '../provider.ts';
import { DatoCmsClient } from './client.ts';
import './graph.ts';
import { createDatoCmsLoaders, type DatoCmsLoaders } from './loaders.ts';
import { DATOCMS_DEMO_TOKEN, startDatoCmsSimulator } from './simulator.ts';

export const datocms: ProviderModule<'datocms', DatoCmsClient, DatoCmsLoaders> = {
  id: 'datocms',
  createClient: (config, deps) => (config.datocms ? new DatoCmsClient(config.datocms, deps) : undefined),
  createLoaders: createDatoCmsLoaders,
  // A DatoCMS project (the token's scope) has exactly one SSO settings resource.
  listSsoConnections: async (loaders) => [await loaders.ssoSettings()],
  startSimulator: async () => {
    const server = await startDatoCmsSimulator();
    return { server, env: { DATOCMS_API_URL: server.url, DATOCMS_API_TOKEN: DATOCMS_DEMO_TOKEN } };
  },
};
