// PLACEHOLDER until the logto slice lands: never enabled, so the gateway treats it as not configured.
import type { ProviderModule } from '../provider.ts';

export const logto: ProviderModule<'logto', { close(): Promise<void> }, Record<string, never>> = {
  id: 'logto',
  createClient: () => undefined,
  createLoaders: () => ({}),
  listSsoConnections: async () => [],
  startSimulator: () => Promise.reject(new Error('logto simulator not built yet')),
};
