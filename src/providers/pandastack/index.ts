/**
 * PandaStack: an organization's SSO (OIDC) configuration. The module the registry lists.
 */
import { defineProvider } from '../provider.ts';
import { PandaStackClient } from './client.ts';
import { pandaStackConfig } from './config.ts';
import './graph.ts';
import { createPandaStackLoaders } from './loaders.ts';

export const pandastack = defineProvider({
  id: 'pandastack',
  name: 'PandaStack',
  config: pandaStackConfig,
  createClient: (settings, deps) => new PandaStackClient(settings, deps),
  createLoaders: createPandaStackLoaders,
  listSsoConnections: (loaders) => {
    // Every PandaStack call is scoped to one organization and there is no call that lists the
    // organizations a key can reach, so without PANDASTACK_ORGANIZATION_ID there is nothing to list.
    if (!loaders.defaultOrganizationId) return Promise.resolve([]);
    return loaders.configurationsByOrganization.load(loaders.defaultOrganizationId);
  },
  sandbox: async () => (await import('./sandbox/start.ts')).startPandaStackSandbox(),
});
