/**
 * Stytch B2B: an organization's SAML and OIDC connections. The module the registry lists.
 */
import { defineProvider } from '../provider.ts';
import { stytchConfig } from './config.ts';

export const stytch = defineProvider({
  id: 'stytch',
  name: 'Stytch B2B',
  config: stytchConfig,
  runtime: async () => (await import('./runtime.ts')).stytchRuntime,
  sandbox: async () => (await import('./sandbox/start.ts')).startStytchSandbox(),
});
