/**
 * Stytch B2B: an organization's SAML and OIDC connections. The module the registry lists.
 */
import { defineProvider } from '../provider.ts';
import { StytchClient } from './client.ts';
import { stytchConfig } from './config.ts';
import './graph.ts';
import { createStytchLoaders } from './loaders.ts';

export const stytch = defineProvider({
  id: 'stytch',
  name: 'Stytch B2B',
  config: stytchConfig,
  createClient: (settings, deps) => new StytchClient(settings, deps),
  createLoaders: createStytchLoaders,
  // Organizations from STYTCH_ORGANIZATION_IDS, else discovered by search; one GET each, concurrently.
  listSsoConnections: (loaders) => loaders.listConnections(),
  sandbox: async () => (await import('./sandbox/start.ts')).startStytchSandbox(),
});
