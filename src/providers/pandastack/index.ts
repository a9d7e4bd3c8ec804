// PLACEHOLDER until the pandastack slice lands: never enabled, so the gateway treats it as not configured.
import type { ProviderModule } from '../provider.ts';

export const pandastack: ProviderModule<'pandastack', { close(): Promise<void> }, Record<string, never>> = {
  id: 'pandastack',
  createClient: () => undefined,
  createLoaders: () => ({}),
  listSsoConnections: async () => [],
  startSimulator: () => Promise.reject(new Error('pandastack simulator not built yet')),
};
