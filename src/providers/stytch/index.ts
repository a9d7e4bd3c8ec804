// PLACEHOLDER until the stytch slice lands: never enabled, so the gateway treats it as not configured.
import type { ProviderModule } from '../provider.ts';

export const stytch: ProviderModule<'stytch', { close(): Promise<void> }, Record<string, never>> = {
  id: 'stytch',
  createClient: () => undefined,
  createLoaders: () => ({}),
  listSsoConnections: async () => [],
  startSimulator: () => Promise.reject(new Error('stytch simulator not built yet')),
};
