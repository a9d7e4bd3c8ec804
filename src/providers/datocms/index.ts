// PLACEHOLDER until the datocms slice lands: never enabled, so the gateway treats it as not configured.
import type { ProviderModule } from '../provider.ts';

export const datocms: ProviderModule<'datocms', { close(): Promise<void> }, Record<string, never>> = {
  id: 'datocms',
  createClient: () => undefined,
  createLoaders: () => ({}),
  listSsoConnections: async () => [],
  startSimulator: () => Promise.reject(new Error('datocms simulator not built yet')),
};
