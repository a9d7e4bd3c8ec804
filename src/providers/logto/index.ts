import type { ProviderModule } from '../provider.ts';
import { LogtoClient } from './client.ts';
import './graph.ts';
import { createLogtoLoaders, type LogtoLoaders } from './loaders.ts';
import { LOGTO_DEMO_APP_ID, LOGTO_DEMO_APP_SECRET, startLogtoSimulator } from './simulator.ts';

export const logto: ProviderModule<'logto', LogtoClient, LogtoLoaders> = {
  id: 'logto',
  createClient: (config, deps) => (config.logto ? new LogtoClient(config.logto, deps) : undefined),
  createLoaders: createLogtoLoaders,
  // Logto returns every connector when the list is asked without page parameters.
  listSsoConnections: (loaders) => loaders.listAll(),
  startSimulator: async () => {
    const server = await startLogtoSimulator();
    // LOGTO_API_RESOURCE is left to its default: a non-cloud endpoint means https://default.logto.app/api.
    return { server, env: { LOGTO_ENDPOINT: server.url, LOGTO_APP_ID: LOGTO_DEMO_APP_ID, LOGTO_APP_SECRET: LOGTO_DEMO_APP_SECRET } };
  },
};
