/**
 * Logto: SSO connectors through the Management API, with a machine-to-machine token. The module
 * the registry lists.
 */
import { defineProvider } from '../provider.ts';
import { logtoConfig } from './config.ts';

export const logto = defineProvider({
  id: 'logto',
  name: 'Logto',
  config: logtoConfig,
  runtime: async () => (await import('./runtime.ts')).logtoRuntime,
  sandbox: async () => (await import('./sandbox/start.ts')).startLogtoSandbox(),
});
