import type { ProviderModule } from '../provider.ts';
import { PandaStackClient } from './client.ts';
import './graph.ts';
import { createPandaStackLoaders, type PandaStackLoaders } from './loaders.ts';
import { DEMO_ORGANIZATION_ID, PANDASTACK_DEMO_KEY, startPandaStackSimulator } from './simulator.ts';

export const pandastack: ProviderModule<'pandastack', PandaStackClient, PandaStackLoaders> = {
  id: 'pandastack',
  createClient: (config, deps) => (config.pandastack ? new PandaStackClient(config.pandastack, deps) : undefined),
  createLoaders: createPandaStackLoaders,
  listSsoConnections: (loaders) => {
    // Every PandaStack call is scoped to one organization and there is no call that lists the
    // organizations a key can reach, so without PANDASTACK_ORGANIZATION_ID there is nothing to list.
    if (!loaders.defaultOrganizationId) return Promise.resolve([]);
    return loaders.configurationsByOrganization.load(loaders.defaultOrganizationId);
  },
  startSimulator: async () => {
    const server = await startPandaStackSimulator();
    return {
      server,
      env: { PANDASTACK_API_URL: server.url, PANDASTACK_API_KEY: PANDASTACK_DEMO_KEY, PANDASTACK_ORGANIZATION_ID: DEMO_ORGANIZATION_ID },
    };
  },
};
