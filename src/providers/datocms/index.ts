/**
 * DatoCMS: the site's SSO settings and the role new SSO users get. The module the registry lists.
 */
import { defineProvider } from '../provider.ts';
import { DatoCmsClient } from './client.ts';
import { datoCmsConfig } from './config.ts';
import './graph.ts';
import { createDatoCmsLoaders } from './loaders.ts';

export const datocms = defineProvider({
  id: 'datocms',
  name: 'DatoCMS',
  config: datoCmsConfig,
  createClient: (settings, deps) => new DatoCmsClient(settings, deps),
  createLoaders: createDatoCmsLoaders,
  // A DatoCMS project (the token's scope) has exactly one SSO settings resource.
  listSsoConnections: async (loaders) => [await loaders.ssoSettings()],
  sandbox: async () => (await import('./sandbox/start.ts')).startDatoCmsSandbox(),
});
