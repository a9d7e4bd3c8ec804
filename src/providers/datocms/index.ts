/**
 * DatoCMS: the site's SSO settings and the role new SSO users get. The module the registry lists.
 */
import { defineProvider } from '../provider.ts';
import { datoCmsConfig } from './config.ts';

export const datocms = defineProvider({
  id: 'datocms',
  name: 'DatoCMS',
  config: datoCmsConfig,
  runtime: async () => (await import('./runtime.ts')).datocmsRuntime,
  sandbox: async () => (await import('./sandbox/start.ts')).startDatoCmsSandbox(),
});
