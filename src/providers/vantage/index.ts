/**
 * Vantage: managed accounts and their SAML SSO connection. The module the registry lists.
 */
import { defineProvider } from '../provider.ts';
import { vantageConfig } from './config.ts';

export const vantage = defineProvider({
  id: 'vantage',
  name: 'Vantage',
  config: vantageConfig,
  runtime: async () => (await import('./runtime.ts')).vantageRuntime,
  sandbox: async () => (await import('./sandbox/start.ts')).startVantageSandbox(),
});
