/**
 * Logto: SSO connectors through the Management API, with a machine-to-machine token. The module
 * the registry lists.
 */
import { defineProvider } from '../provider.ts';
import { LogtoClient } from './client.ts';
import { logtoConfig } from './config.ts';
import './graph.ts';
import { createLogtoLoaders } from './loaders.ts';

export const logto = defineProvider({
  id: 'logto',
  name: 'Logto',
  config: logtoConfig,
  createClient: (settings, deps) => new LogtoClient(settings, deps),
  createLoaders: createLogtoLoaders,
  // Logto returns every connector when the list is asked without page parameters.
  listSsoConnections: (loaders) => loaders.listAll(),
  sandbox: async () => (await import('./sandbox/start.ts')).startLogtoSandbox(),
});
