/**
 * PandaStack: an organization's SSO (OIDC) configuration. The module the registry lists.
 */
import { defineProvider } from '../provider.ts';
import { pandaStackConfig } from './config.ts';

export const pandastack = defineProvider({
  id: 'pandastack',
  name: 'PandaStack',
  config: pandaStackConfig,
  runtime: async () => (await import('./runtime.ts')).pandastackRuntime,
  sandbox: async () => (await import('./sandbox/start.ts')).startPandaStackSandbox(),
});
